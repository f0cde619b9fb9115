import { downloadOperation } from './special';
import { appointmentField, appointmentFilter, doctorField, doctorFilter, patientField, patientFilter } from './common';
import type { ResourceSpec } from './types';

/** Amendments to a patient's record: a PDF, sent as multipart. DrChrono lists only those your app made. */
export const amendment: ResourceSpec = {
	value: 'amendment',
	name: 'Amendment',
	noun: 'amendment',
	path: '/api/amendments',
	scope: 'clinical',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [
		patientField,
		doctorField,
		{ key: 'amendment_name', label: 'Amendment Name', kind: 'string' },
		{
			key: 'amendment_file',
			label: 'Input Binary Field',
			kind: 'binary',
			param: 'binaryPropertyName',
			description: 'The input binary field holding the amendment PDF',
		},
	],
	fields: [
		{ ...appointmentField, description: 'The appointment whose clinical note the amendment is appended to' },
		{ key: 'comments', label: 'Comments', kind: 'text' },
	],
	filters: [patientFilter, doctorFilter, appointmentFilter],
	special: [downloadOperation('amendment_file', 'amendment')],
};
