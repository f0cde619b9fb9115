import {
	dateFilter,
	dateRangeFilter,
	doctorFilter,
	officeFilter,
	patientFilter,
	sinceFilter,
} from './common';
import { bulkList } from './bulkLists';
import type { ResourceSpec } from './types';

/** Clinical notes are read-only; write note content with Clinical Note Field Value. */
export const clinicalNote: ResourceSpec = {
	value: 'clinicalNote',
	name: 'Clinical Note',
	noun: 'clinical note',
	path: '/api/clinical_notes',
	bulk: bulkList('/api/clinical_notes_list'),
	scope: 'clinical',
	operations: ['get', 'getAll'],
	filters: [
		patientFilter,
		doctorFilter,
		officeFilter,
		sinceFilter,
		{ ...dateFilter, description: 'Notes of appointments on this day' },
		dateRangeFilter,
	],
};
