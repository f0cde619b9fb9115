import { bulkList } from './bulkLists';
import { appointmentField, appointmentFilter, doctorFilter, officeFilter, patientFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

export const PROCEDURE_TYPES = [
	{ name: 'CPT', value: 'C' },
	{ name: 'HCPCS', value: 'H' },
	{ name: 'Custom', value: 'U' },
	{ name: 'S', value: 'S' },
];

/** Billing line items (procedures billed on an appointment). */
export const lineItem: ResourceSpec = {
	value: 'lineItem',
	name: 'Line Item',
	noun: 'line item',
	path: '/api/line_items',
	bulk: bulkList('/api/line_items_list'),
	scope: 'billing',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [
		appointmentField,
		{ key: 'code', label: 'Code', kind: 'string', placeholder: '99213' },
		{ key: 'procedure_type', label: 'Procedure Type', kind: 'options', options: PROCEDURE_TYPES, default: 'C' },
		{
			key: 'diagnosis_pointers',
			label: 'Diagnosis Pointers',
			kind: 'stringList',
			placeholder: '1, 2',
			description: 'Up to 4, comma-separated: positions of the appointment’s diagnoses, or ICD codes',
		},
	],
	fields: [
		{ key: 'price', label: 'Price', kind: 'number' },
		{ key: 'quantity', label: 'Quantity', kind: 'number', default: 1 },
		{ key: 'units', label: 'Units', kind: 'string', placeholder: 'UN', description: 'Defaults to UN' },
		{ key: 'modifiers', label: 'Modifiers', kind: 'stringList', placeholder: '25, 59', description: 'Up to 4, comma-separated' },
		{ key: 'pt_paid', label: 'Paid by Patient', kind: 'number' },
		{ key: 'balance_ins', label: 'Insurance Balance', kind: 'number' },
	],
	createOptions: [
		{
			key: 'use_fee_schedule_defaults',
			label: 'Use Fee Schedule Defaults',
			kind: 'boolean',
			description: 'Whether DrChrono fills price and other values from the fee schedule',
		},
	],
	filters: [
		appointmentFilter,
		patientFilter,
		doctorFilter,
		officeFilter,
		{ key: 'service_date', label: 'Service Date', kind: 'date' },
		{ key: 'posted_date', label: 'Posted Date', kind: 'date' },
		sinceFilter,
	],
	verboseFields: ['description'],
};
