import { doctorField, doctorFilter, patientField, patientFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Messages to a patient through the patient portal. No delete in the API. */
export const patientMessage: ResourceSpec = {
	value: 'patientMessage',
	name: 'Patient Message',
	noun: 'patient message',
	path: '/api/patient_messages',
	scope: ['patients', 'messages'],
	operations: ['create', 'get', 'getAll', 'update'],
	required: [doctorField, patientField, { key: 'subject', label: 'Subject', kind: 'string' }],
	fields: [{ key: 'body', label: 'Body', kind: 'text' }],
	filters: [patientFilter, doctorFilter, sinceFilter],
};
