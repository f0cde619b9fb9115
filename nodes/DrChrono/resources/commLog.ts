import { appointmentField, doctorField, doctorFilter, patientField, patientFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Communication (phone call) logs on a patient's chart. No delete in the API. */
export const commLog: ResourceSpec = {
	value: 'commLog',
	name: 'Comm Log',
	noun: 'comm log',
	path: '/api/comm_logs',
	scope: 'calendar',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [doctorField, patientField],
	fields: [
		{ key: 'title', label: 'Title', kind: 'string' },
		{ key: 'message', label: 'Message', kind: 'text' },
		{ key: 'type', label: 'Type', kind: 'string', placeholder: 'phone' },
		{ key: 'scheduled_time', label: 'Call Time', kind: 'dateTime', description: 'Set from the appointment when one is given' },
		{ key: 'duration', label: 'Duration (Minutes)', kind: 'number' },
		{ ...appointmentField, description: 'The appointment the call is about' },
		{ key: 'cash_charged', label: 'Cash Charged', kind: 'number' },
	],
	filters: [patientFilter, doctorFilter, sinceFilter],
};
