import { appointmentFilter, doctorFilter, patientFilter } from './common';
import type { ResourceSpec } from './types';

/** Procedures performed (for meaningful-use reporting): read-only. */
export const procedure: ResourceSpec = {
	value: 'procedure',
	name: 'Procedure',
	noun: 'procedure',
	path: '/api/procedures',
	scope: 'billing',
	operations: ['get', 'getAll'],
	filters: [
		patientFilter,
		doctorFilter,
		appointmentFilter,
		{ key: 'service_date', label: 'Service Date', kind: 'date' },
		{ key: 'mu_date', label: 'MU Date', kind: 'date' },
		{ key: 'mu_date_range', label: 'MU Date Range', kind: 'string', placeholder: '2026-01-01/2026-03-31' },
	],
};
