import { doctorField, doctorFilter, patientField, patientFilter } from './common';
import type { ResourceSpec } from './types';

/** Allergies on a patient's chart. DrChrono has no DELETE: set the status to Inactive. */
export const allergy: ResourceSpec = {
	value: 'allergy',
	name: 'Allergy',
	noun: 'allergy',
	plural: 'allergies',
	path: '/api/allergies',
	scope: 'clinical',
	operations: ['create', 'get', 'getAll', 'update'],
	verboseFields: ['description'],
	required: [doctorField, patientField],
	fields: [
		{ key: 'description', label: 'Description', kind: 'string', placeholder: 'Penicillin' },
		{ key: 'reaction', label: 'Reaction', kind: 'string', placeholder: 'Hives' },
		{
			key: 'status',
			label: 'Status',
			kind: 'options',
			options: [
				{ name: 'Active', value: 'active' },
				{ name: 'Inactive', value: 'inactive' },
			],
			default: 'active',
		},
		{ key: 'snomed_code', label: 'SNOMED Code', kind: 'string' },
		{ key: 'snomed_reaction', label: 'SNOMED Reaction', kind: 'string' },
		{ key: 'rxnorm', label: 'RxNorm Code', kind: 'string' },
		{ key: 'verification_status', label: 'Verification Status', kind: 'string' },
		{ key: 'notes', label: 'Notes', kind: 'text' },
	],
	filters: [patientFilter, doctorFilter],
};
