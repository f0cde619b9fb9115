import { doctorField, doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** Kinds of flags a patient can carry (VIP, fall risk, ...). No delete in the API. */
export const patientFlagType: ResourceSpec = {
	value: 'patientFlagType',
	name: 'Patient Flag Type',
	noun: 'patient flag type',
	path: '/api/patient_flag_types',
	scope: ['patients', 'settings'],
	operations: ['create', 'get', 'getAll', 'update'],
	required: [doctorField, { key: 'name', label: 'Name', kind: 'string' }],
	fields: [
		{ key: 'color', label: 'Color', kind: 'string', placeholder: '#FFA500' },
		{ key: 'priority', label: 'Priority', kind: 'number' },
	],
	filters: [doctorFilter],
};
