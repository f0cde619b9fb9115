import {
	checkDateRange,
	dateFilter,
	dateRangeFilter,
	doctorField,
	doctorFilter,
	officeField,
	officeFilter,
	patientField,
	patientFilter,
	sinceFilter,
} from './common';
import { bulkList } from './bulkLists';
import { APPOINTMENT_PAGE_SIZE } from './pageSizes';
import type { ResourceSpec } from './types';

export const APPOINTMENT_STATUSES = [
	'',
	'Arrived',
	'Checked In',
	'Checked In Online',
	'In Room',
	'In Session',
	'Complete',
	'Confirmed',
	'Not Confirmed',
	'Rescheduled',
	'Cancelled',
	'No Show',
].map((value) => ({ name: value === '' ? 'None' : value, value }));

/** DrChrono caps an appointment list's date_range at 190 days. */
export const APPOINTMENT_MAX_RANGE_DAYS = 190;

export const appointment: ResourceSpec = {
	value: 'appointment',
	name: 'Appointment',
	noun: 'appointment',
	path: '/api/appointments',
	bulk: bulkList('/api/appointments_list'),
	scope: ['calendar', 'clinical'],
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	locator: 'appointment',
	required: [
		doctorField,
		officeField,
		{
			key: 'exam_room',
			label: 'Exam Room Name or ID',
			kind: 'options',
			loadOptions: 'getExamRooms',
			loadOptionsDependsOn: ['office.value'],
			description:
				'The room within the office (DrChrono numbers rooms per office). Choose from the list, or specify an index using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		patientField,
		{
			key: 'scheduled_time',
			label: 'Scheduled Time',
			kind: 'dateTime',
			description: 'Start, in the practice’s local time (DrChrono stores times without a time zone)',
		},
	],
	fields: [
		{ key: 'duration', label: 'Duration (Minutes)', kind: 'number', default: 30, description: 'Needed unless a profile sets it' },
		{
			key: 'profile',
			label: 'Appointment Profile Name or ID',
			kind: 'options',
			loadOptions: 'getAppointmentProfiles',
			description:
				'Supplies duration, color and reason. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ key: 'reason', label: 'Reason', kind: 'string' },
		{ key: 'notes', label: 'Notes', kind: 'text' },
		{ key: 'status', label: 'Status', kind: 'options', options: APPOINTMENT_STATUSES, default: '' },
		{ key: 'color', label: 'Color', kind: 'string', placeholder: '#AAAAAA' },
		{ key: 'billing_status', label: 'Billing Status', kind: 'string' },
		{ key: 'is_walk_in', label: 'Walk-In', kind: 'boolean' },
		{
			key: 'allow_overlapping',
			label: 'Allow Overlapping',
			kind: 'boolean',
			description: 'Whether to book even if another appointment takes the same room at that time',
		},
		{ key: 'icd10_codes', label: 'ICD-10 Codes', kind: 'stringList', placeholder: 'E11.9, I10' },
		{ key: 'custom_fields', label: 'Custom Fields (JSON)', kind: 'json', placeholder: '[{"field_type": 1, "value": "x"}]' },
	],
	filters: [
		{ ...dateFilter, description: 'Appointments on this day' },
		{ ...dateRangeFilter, description: 'Appointments in this range (at most 190 days), YYYY-MM-DD/YYYY-MM-DD' },
		{ ...sinceFilter, description: 'Appointments created or updated on or after this date' },
		{ key: 'occurred_since', label: 'Occurred Since', kind: 'date', description: 'Appointments scheduled on or after this date' },
		doctorFilter,
		officeFilter,
		patientFilter,
		{ key: 'status', label: 'Status', kind: 'options', options: APPOINTMENT_STATUSES, default: '' },
		{ key: 'ignore_virtual', label: 'Ignore Virtual', kind: 'boolean', description: 'Whether to leave out recurring appointments not yet materialised' },
		{ key: 'show_archived', label: 'Show Archived', kind: 'boolean', description: 'Whether to include deleted appointments' },
	],
	requireOneFilterOf: ['date', 'date_range', 'since', 'occurred_since'],
	pageSize: APPOINTMENT_PAGE_SIZE,
	verboseFields: ['clinical_note', 'custom_fields', 'custom_vitals', 'extended_updated_at', 'reminders', 'status_transitions', 'vitals'],
	validate: (operation, query, body) => {
		if (operation === 'getAll') return checkDateRange(query.date_range, APPOINTMENT_MAX_RANGE_DAYS);
		if (operation === 'create' && body.duration === undefined && body.profile === undefined) {
			return 'Set Duration (Minutes) or Appointment Profile: DrChrono needs one of them to know how long the appointment is';
		}
		return undefined;
	},
	simplify: [
		'id',
		'patient',
		'doctor',
		'office',
		'exam_room',
		'scheduled_time',
		'duration',
		'status',
		'reason',
		'notes',
		'profile',
		'billing_status',
		'created_at',
		'updated_at',
	],
};
