import { CLINICAL_NOTE_FIELD_VALUES_BULK_PAGE_SIZE, bulkList } from './bulkLists';
import { appointmentField, appointmentFilter, doctorFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Values charted in a clinical note, one per note field and appointment. No delete in the API. */
export const clinicalNoteFieldValue: ResourceSpec = {
	value: 'clinicalNoteFieldValue',
	name: 'Clinical Note Field Value',
	noun: 'clinical note field value',
	path: '/api/clinical_note_field_values',
	bulk: bulkList('/api/clinical_note_field_values_list', CLINICAL_NOTE_FIELD_VALUES_BULK_PAGE_SIZE),
	scope: 'clinical',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [
		{ ...appointmentField, description: 'The appointment whose note the value belongs to' },
		{
			key: 'clinical_note_field',
			label: 'Clinical Note Field ID',
			kind: 'number',
			description: 'The field of the note template (see /api/clinical_note_field_types)',
		},
		{
			key: 'value',
			label: 'Value',
			kind: 'string',
			description: 'Text; checkboxes take "True"/"False", null checkboxes "0"/"1"/"2", two strings "a/b"',
		},
	],
	filters: [
		appointmentFilter,
		{ key: 'clinical_note_field', label: 'Clinical Note Field ID', kind: 'number' },
		{ key: 'clinical_note_template', label: 'Clinical Note Template ID', kind: 'number' },
		doctorFilter,
		sinceFilter,
	],
};
