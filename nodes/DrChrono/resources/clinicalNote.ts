import {
	appointmentField,
	dateFilter,
	dateRangeFilter,
	doctorFilter,
	officeFilter,
	patientFilter,
	sinceFilter,
} from './common';
import { bulkList } from './bulkLists';
import { outputFileProperty } from './special';
import type { ResourceSpec } from './types';

/**
 * Clinical notes are read-only; write note content with Clinical Note Field Value. Download PDF
 * reads the verbose appointment, whose `clinical_note` says whether the note is locked and, once it
 * is, where its PDF is (OpenAPI `Appointment.clinical_note`: `locked`, `pdf`).
 */
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
	special: [
		{
			value: 'downloadPdf',
			name: 'Download PDF',
			action: 'Download the PDF of a locked clinical note',
			description: 'Download the PDF of an appointment’s locked clinical note as binary data',
			access: 'read',
			fields: [{ ...appointmentField, description: 'The appointment whose locked clinical note to download' }],
			properties: [outputFileProperty],
		},
	],
};
