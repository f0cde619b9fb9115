import { bulkList } from './bulkLists';
import { doctorField, doctorFilter, sinceFilter } from './common';
import type { SpecialOperation, ResourceSpec } from './types';

/**
 * Flags live on the patient (`patient_flags_attached`), not in a collection of their own: the
 * executor (actions/patientFlags.ts) reads the patient, adds the flag and writes the list back.
 */
const addFlag: SpecialOperation = {
	value: 'addFlag',
	name: 'Add Flag',
	action: 'Add a flag to a patient',
	description: 'Attach a flag (one of the practice’s patient flag types) to a patient',
	access: 'write',
	itemScoped: true,
	properties: [
		{
			displayName: 'Flag Type Name or ID',
			name: 'flagType',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getPatientFlagTypes' },
			default: '',
			required: true,
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'Flag Text',
			name: 'flagText',
			type: 'string',
			default: '',
			description: 'Text shown with the flag; defaults to the flag type’s name in DrChrono',
		},
	],
};

export const GENDERS = [
	{ name: 'Female', value: 'Female' },
	{ name: 'Male', value: 'Male' },
	{ name: 'Other', value: 'Other' },
	{ name: 'Unknown', value: 'UNK' },
	{ name: 'Declined to Specify', value: 'ASKU' },
];

const RACES = [
	{ name: 'American Indian or Alaska Native', value: 'indian' },
	{ name: 'Asian', value: 'asian' },
	{ name: 'Black or African American', value: 'black' },
	{ name: 'Declined', value: 'declined' },
	{ name: 'Native Hawaiian or Other Pacific Islander', value: 'hawaiian' },
	{ name: 'Not Set', value: 'blank' },
	{ name: 'Other', value: 'other' },
	{ name: 'White', value: 'white' },
];

const ETHNICITIES = [
	{ name: 'Declined', value: 'declined' },
	{ name: 'Hispanic or Latino', value: 'hispanic' },
	{ name: 'Not Hispanic or Latino', value: 'not_hispanic' },
	{ name: 'Not Set', value: 'blank' },
];

export const patient: ResourceSpec = {
	value: 'patient',
	name: 'Patient',
	noun: 'patient',
	path: '/api/patients',
	bulk: bulkList('/api/patients_list'),
	scope: 'patients',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	locator: 'patient',
	required: [
		{ ...doctorField, description: 'The patient’s primary doctor' },
		{ key: 'gender', label: 'Gender', kind: 'options', options: GENDERS, default: 'Female' },
	],
	fields: [
		{ key: 'first_name', label: 'First Name', kind: 'string' },
		{ key: 'middle_name', label: 'Middle Name', kind: 'string' },
		{ key: 'last_name', label: 'Last Name', kind: 'string' },
		{ key: 'nick_name', label: 'Nickname', kind: 'string' },
		{ key: 'date_of_birth', label: 'Date of Birth', kind: 'date', placeholder: '1980-04-30' },
		{ key: 'email', label: 'Email', kind: 'string', placeholder: 'name@email.com' },
		{ key: 'cell_phone', label: 'Cell Phone', kind: 'string' },
		{ key: 'home_phone', label: 'Home Phone', kind: 'string' },
		{ key: 'office_phone', label: 'Office Phone', kind: 'string' },
		{ key: 'address', label: 'Address', kind: 'string' },
		{ key: 'city', label: 'City', kind: 'string' },
		{ key: 'state', label: 'State', kind: 'string', placeholder: 'CA' },
		{ key: 'zip_code', label: 'ZIP Code', kind: 'string' },
		{ key: 'chart_id', label: 'Chart ID', kind: 'string', description: 'Set from the name when empty' },
		{ key: 'social_security_number', label: 'Social Security Number', kind: 'string' },
		{
			key: 'patient_status',
			label: 'Patient Status',
			kind: 'options',
			options: [
				{ name: 'Active', value: 'A' },
				{ name: 'Inactive', value: 'I' },
				{ name: 'Deceased', value: 'D' },
			],
			default: 'A',
		},
		{ key: 'race', label: 'Race', kind: 'options', options: RACES, default: 'blank' },
		{ key: 'ethnicity', label: 'Ethnicity', kind: 'options', options: ETHNICITIES, default: 'blank' },
		{ key: 'preferred_language', label: 'Preferred Language', kind: 'string', placeholder: 'eng', description: 'ISO 639-2 code' },
		{ key: 'pronouns', label: 'Pronouns', kind: 'string' },
		{ key: 'offices', label: 'Office IDs', kind: 'idList', placeholder: '1, 2', description: 'Comma-separated office IDs' },
		{ key: 'referring_doctor', label: 'Referring Doctor (JSON)', kind: 'json', placeholder: '{"first_name": "Ann"}' },
		{ key: 'primary_insurance', label: 'Primary Insurance (JSON)', kind: 'json', placeholder: '{"insurance_company": "..."}' },
		{ key: 'custom_demographics', label: 'Custom Demographics (JSON)', kind: 'json', placeholder: '[{"field_type": 1, "value": "x"}]' },
		{ key: 'patient_flags_attached', label: 'Patient Flags (JSON)', kind: 'json', placeholder: '[{"flag_type": 1}]' },
	],
	createOptions: [
		{
			key: 'allow_duplicates',
			label: 'Allow Duplicates',
			kind: 'boolean',
			description: 'Whether to create the patient even when DrChrono finds one with the same name, date of birth and gender',
		},
	],
	// DrChrono matches names by prefix, ignoring case (recorded: first_name=chris finds Chris and Chrissy).
	prefixFilters: ['first_name', 'last_name'],
	filters: [
		{
			key: 'first_name',
			label: 'First Name',
			kind: 'string',
			description: 'DrChrono matches the start of the name, ignoring case: "Chris" also finds Chrissy. Add Exact Name Match for whole names only.',
		},
		{
			key: 'last_name',
			label: 'Last Name',
			kind: 'string',
			description: 'DrChrono matches the start of the name, ignoring case: "Smith" also finds Smithson. Add Exact Name Match for whole names only.',
		},
		{
			key: 'exact_name_match',
			label: 'Exact Name Match',
			kind: 'boolean',
			local: true,
			default: true,
			description: 'Whether to keep only patients whose first and last names equal the ones given (ignoring case), not every name that starts with them',
		},
		{ key: 'date_of_birth', label: 'Date of Birth', kind: 'date' },
		{ key: 'gender', label: 'Gender', kind: 'options', options: GENDERS, default: 'Female' },
		{ key: 'chart_id', label: 'Chart ID', kind: 'string' },
		{ key: 'email', label: 'Email', kind: 'string', placeholder: 'name@email.com' },
		{ ...doctorFilter },
		{ ...sinceFilter },
		{ key: 'race', label: 'Race', kind: 'options', options: RACES, default: 'blank' },
		{ key: 'ethnicity', label: 'Ethnicity', kind: 'options', options: ETHNICITIES, default: 'blank' },
		{ key: 'preferred_language', label: 'Preferred Language', kind: 'string' },
	],
	verboseFields: ['auto_accident_insurance', 'custom_demographics', 'patient_flags', 'patient_flags_attached', 'primary_insurance', 'referring_doctor', 'secondary_insurance', 'tertiary_insurance', 'workers_comp_insurance'],
	special: [addFlag],
	simplify: [
		'id',
		'chart_id',
		'first_name',
		'last_name',
		'date_of_birth',
		'gender',
		'email',
		'cell_phone',
		'home_phone',
		'address',
		'city',
		'state',
		'zip_code',
		'doctor',
		'patient_status',
		'created_at',
		'updated_at',
	],
};
