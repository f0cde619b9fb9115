import { archivedField, doctorField, doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** Custom patient demographic fields of the practice; patients hold their values. No delete in the API. */
export const customDemographic: ResourceSpec = {
	value: 'customDemographic',
	name: 'Custom Demographic',
	noun: 'custom demographic',
	path: '/api/custom_demographics',
	scope: ['patients', 'settings'],
	operations: ['create', 'get', 'getAll', 'update'],
	required: [doctorField, { key: 'name', label: 'Name', kind: 'string' }],
	fields: [
		{ key: 'description', label: 'Description', kind: 'string' },
		{ key: 'allowed_values', label: 'Allowed Values', kind: 'string', placeholder: 'Yes, No', description: 'Comma-separated, if the field has fixed choices' },
		{
			key: 'template_name',
			label: 'Template Name',
			kind: 'string',
			description: 'Name to insert the value into clinical notes (letters, digits, underscore)',
		},
		archivedField,
	],
	filters: [doctorFilter],
};
