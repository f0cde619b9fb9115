import type { ResourceSpec } from './types';

/** Insurance payers, searched by clearing house (payer type) and name or payer ID. */
export const insurance: ResourceSpec = {
	value: 'insurance',
	name: 'Insurance',
	noun: 'insurance payer',
	path: '/api/insurances',
	scope: 'user',
	operations: ['get', 'getAll'],
	operationLabels: {
		getAll: { name: 'Get Many', action: 'Search insurance payers', description: 'Search insurance payers by name or payer ID' },
	},
	listRequired: [
		{
			key: 'payer_type',
			label: 'Payer Type',
			kind: 'options',
			options: [
				{ name: 'Emdeon', value: 'emdeon' },
				{ name: 'Gateway', value: 'gateway' },
				{ name: 'iHCFA', value: 'ihcfa' },
			],
			default: 'emdeon',
			description: 'The clearing house whose payer list to search or read from (DrChrono requires one)',
		},
	],
	// The OpenAPI marks payer_type required on GET /api/insurances/{id} as on the list.
	getRequired: ['payer_type'],
	filters: [{ key: 'term', label: 'Search Term', kind: 'string', description: 'Part of the payer’s name or ID' }],
};
