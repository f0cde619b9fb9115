import { bulkList } from './bulkLists';
import { appointmentFilter, doctorFilter, sinceFilter } from './common';
import type { FieldSpec, ResourceSpec } from './types';

/** A Get Many filter the Poll Trigger's transaction events reuse. */
export const lineItemFilter: FieldSpec = { key: 'line_item', label: 'Line Item ID', kind: 'number' };

/** Insurance transactions (payments and adjustments on line items): read-only. */
export const transaction: ResourceSpec = {
	value: 'transaction',
	name: 'Transaction',
	noun: 'transaction',
	path: '/api/transactions',
	bulk: bulkList('/api/transactions_list'),
	scope: 'billing',
	operations: ['get', 'getAll'],
	filters: [
		lineItemFilter,
		appointmentFilter,
		doctorFilter,
		{ key: 'posted_date', label: 'Posted Date', kind: 'date' },
		sinceFilter,
	],
};
