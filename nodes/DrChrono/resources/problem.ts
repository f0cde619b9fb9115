import { doctorField, doctorFilter, patientField, patientFilter } from './common';
import type { ResourceSpec } from './types';

/** Problems (diagnoses) on a patient's chart. DrChrono has no DELETE: resolve or inactivate instead. */
export const problem: ResourceSpec = {
	value: 'problem',
	name: 'Problem',
	noun: 'problem',
	path: '/api/problems',
	scope: 'clinical',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [doctorField, patientField],
	fields: [
		{ key: 'name', label: 'Name', kind: 'string', placeholder: 'Essential hypertension' },
		{ key: 'icd_code', label: 'ICD Code', kind: 'string', placeholder: 'I10' },
		{
			key: 'icd_version',
			label: 'ICD Version',
			kind: 'options',
			options: [
				{ name: 'ICD-10', value: 10 },
				{ name: 'ICD-9', value: 9 },
			],
			default: 10,
		},
		{ key: 'snomed_ct_code', label: 'SNOMED CT Code', kind: 'string' },
		{
			key: 'status',
			label: 'Status',
			kind: 'options',
			options: [
				{ name: 'Active', value: 'active' },
				{ name: 'Inactive', value: 'inactive' },
				{ name: 'Resolved', value: 'resolved' },
			],
			default: 'active',
		},
		{ key: 'date_onset', label: 'Date of Onset', kind: 'date' },
		{ key: 'date_diagnosis', label: 'Date of Diagnosis', kind: 'date' },
		{ key: 'date_changed', label: 'Date Changed', kind: 'date' },
		{ key: 'notes', label: 'Notes', kind: 'text' },
	],
	filters: [patientFilter, doctorFilter],
};
