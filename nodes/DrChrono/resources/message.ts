import { doctorField, doctorFilter, patientField, patientFilter } from './common';
import type { FieldSpec, ResourceSpec } from './types';

/** A Get Many filter the Poll Trigger's message events reuse. */
export const responsibleUserFilter: FieldSpec = { key: 'responsible_user', label: 'Responsible User ID', kind: 'number' };

export const MESSAGE_TYPES = [
	{ name: 'Generated PDF', value: 'GP' },
	{ name: 'Generated CSV', value: 'GC' },
	{ name: 'Generated Text', value: 'GT' },
	{ name: 'Generated ZIP', value: 'GZ' },
	{ name: 'Incoming Fax', value: 'IF' },
	{ name: 'Outgoing Fax', value: 'OF' },
	{ name: 'Incoming Labs', value: 'IL' },
	{ name: 'Inbound Referral', value: 'IR' },
	{ name: 'Outbound Referral', value: 'OR' },
	{ name: 'Incoming ERx', value: 'IE' },
	{ name: 'CE', value: 'CE' },
	{ name: 'CH', value: 'CH' },
	{ name: 'Online Appointment', value: 'OA' },
	{ name: 'Patient Onboarding', value: 'PO' },
	{ name: 'Patient Incoming Message', value: 'PI' },
	{ name: 'Patient Outgoing Message', value: 'PM' },
	{ name: 'Demo Meeting Message', value: 'OO' },
	{ name: 'Outbound Direct Message', value: 'OD' },
	{ name: 'Inbound Direct Message', value: 'ID' },
	{ name: 'DL', value: 'DL' },
	{ name: 'CN', value: 'CN' },
];

/** Messages of the doctor's message center. Delete archives them (a soft delete). */
export const message: ResourceSpec = {
	value: 'message',
	name: 'Message',
	noun: 'message',
	path: '/api/messages',
	scope: 'messages',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [doctorField, { key: 'title', label: 'Title', kind: 'string' }],
	fields: [
		{ key: 'type', label: 'Type', kind: 'options', options: MESSAGE_TYPES, default: 'GP' },
		patientField,
		{ key: 'owner', label: 'Owner (User ID)', kind: 'number', description: 'The user who owns the message' },
		{
			key: 'responsible_user',
			label: 'Responsible User ID',
			kind: 'number',
			description: 'The user assigned to process the message',
		},
		{ key: 'message_notes', label: 'Notes (JSON)', kind: 'json', placeholder: '[{"text": "Called back"}]' },
		{
			key: 'attachment',
			label: 'Attachment (Input Binary Field)',
			kind: 'binary',
			description: 'The input binary field holding a file to attach; the message is then sent as multipart',
		},
	],
	filters: [
		patientFilter,
		doctorFilter,
		{ key: 'type', label: 'Type', kind: 'options', options: MESSAGE_TYPES, default: 'GP' },
		{ key: 'owner', label: 'Owner (User ID)', kind: 'number' },
		responsibleUserFilter,
		{ key: 'updated_since', label: 'Updated Since', kind: 'date' },
		{ key: 'received_since', label: 'Received Since', kind: 'date' },
	],
};
