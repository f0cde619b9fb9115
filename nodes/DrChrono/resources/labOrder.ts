import { doctorField, doctorFilter, patientField, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Lab orders. Writing needs DrChrono's "Lab Vendor" permission on the API app. */
export const labOrder: ResourceSpec = {
	value: 'labOrder',
	name: 'Lab Order',
	noun: 'lab order',
	path: '/api/lab_orders',
	scope: 'labs',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [doctorField, patientField, { key: 'sublab', label: 'Sublab ID', kind: 'number', description: 'The lab (see /api/sublabs)' }],
	fields: [
		{
			key: 'priority',
			label: 'Priority',
			kind: 'options',
			options: [
				{ name: 'Normal', value: 'N' },
				{ name: 'STAT', value: 'S' },
			],
			default: 'N',
		},
		{
			key: 'status',
			label: 'Status',
			kind: 'options',
			options: [
				{ name: 'Not Sent', value: 'N' },
				{ name: 'Queued', value: 'Q' },
				{ name: 'ABN Required', value: 'A' },
				{ name: 'Send', value: 'S' },
				{ name: 'Results Received', value: 'R' },
				{ name: 'Error', value: 'E' },
			],
			default: 'N',
			description: 'HL7 ORC.5 order status',
		},
		{
			key: 'icd10_codes',
			label: 'ICD-10 Codes',
			kind: 'stringList',
			placeholder: 'E11.9, I10',
			toApi: (codes) => (codes as string[]).map((code) => ({ code })),
		},
		{ key: 'notes', label: 'Notes', kind: 'text' },
		{ key: 'accession_number', label: 'Accession Number', kind: 'string' },
		{ key: 'external_requisition_id', label: 'External Requisition ID', kind: 'string' },
	],
	filters: [doctorFilter, sinceFilter],
};
