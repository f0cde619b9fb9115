import { bulkList } from './bulkLists';
import { appointmentFilter, doctorFilter, patientFilter } from './common';
import type { ResourceSpec } from './types';

/** Past insurance eligibility checks: read-only (the API cannot run a new check). */
export const eligibilityCheck: ResourceSpec = {
	value: 'eligibilityCheck',
	name: 'Eligibility Check',
	noun: 'eligibility check',
	path: '/api/eligibility_checks',
	bulk: bulkList('/api/eligibility_checks_list'),
	scope: ['calendar', 'patients'],
	operations: ['get', 'getAll'],
	filters: [
		patientFilter,
		doctorFilter,
		appointmentFilter,
		{ key: 'appointment_date', label: 'Appointment Date', kind: 'date' },
		{ key: 'appointment_date_range', label: 'Appointment Date Range', kind: 'string', placeholder: '2026-01-01/2026-01-31' },
		{ key: 'query_date', label: 'Check Date', kind: 'date' },
		{ key: 'query_date_range', label: 'Check Date Range', kind: 'string', placeholder: '2026-01-01/2026-01-31' },
	],
};
