import { doctorFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Fee schedules (prices per code): read-only. */
export const feeSchedule: ResourceSpec = {
	value: 'feeSchedule',
	name: 'Fee Schedule',
	noun: 'fee schedule',
	path: '/api/fee_schedules',
	scope: 'billing',
	operations: ['get', 'getAll'],
	filters: [
		{ key: 'code', label: 'Code', kind: 'string', placeholder: '99213' },
		{ key: 'code_type', label: 'Code Type', kind: 'string', placeholder: 'CPT' },
		{ key: 'payer_id', label: 'Payer ID', kind: 'string' },
		doctorFilter,
		sinceFilter,
	],
};
