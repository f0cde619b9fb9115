import { doctorFilter, patientFilter } from './common';
import type { ResourceSpec } from './types';

/** Care plans are read-only in the API. */
export const carePlan: ResourceSpec = {
	value: 'carePlan',
	name: 'Care Plan',
	noun: 'care plan',
	path: '/api/care_plans',
	scope: 'clinical',
	operations: ['get', 'getAll'],
	filters: [patientFilter, doctorFilter, { key: 'plan_type', label: 'Plan Type', kind: 'string' }],
};
