import { LAB_STATUSES, doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** The tests of a lab order. */
export const labTest: ResourceSpec = {
	value: 'labTest',
	name: 'Lab Test',
	noun: 'lab test',
	path: '/api/lab_tests',
	scope: 'labs',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [{ key: 'lab_order', label: 'Lab Order ID', kind: 'number' }],
	fields: [
		{ key: 'name', label: 'Name', kind: 'string' },
		{ key: 'code', label: 'Code', kind: 'string' },
		{ key: 'description', label: 'Description', kind: 'string' },
		{ key: 'status', label: 'Status', kind: 'options', options: LAB_STATUSES, default: 'P' },
		{ key: 'collection_date', label: 'Collection Date', kind: 'date' },
		{ key: 'specimen_source', label: 'Specimen Source', kind: 'string' },
		{ key: 'specimen_condition', label: 'Specimen Condition', kind: 'string' },
		{ key: 'specimen_total_volume', label: 'Specimen Total Volume', kind: 'number' },
		{ key: 'internal_notes', label: 'Internal Notes', kind: 'text', description: 'Notes for the lab' },
		{ key: 'report_notes', label: 'Report Notes', kind: 'text', description: 'Notes copied onto the results' },
	],
	filters: [{ key: 'order', label: 'Lab Order ID', kind: 'number' }, doctorFilter],
};
