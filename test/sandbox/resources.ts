/**
 * The emulated REST resources, described as data (reference/drchrono-api.md §3.1 and §3.2).
 * Generic code in validate.ts, listing.ts and operations.ts does the work; the few behaviours
 * that are not data (duplicate patients, overlapping appointments, ...) live in behaviours.ts.
 */

import { PATIENT_LAB_RESULTS } from './patientLabResults';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** OAuth scope areas: a GET needs `<area>:read` or `<area>:write`, other methods `<area>:write`. */
export type ScopeArea =
	| 'user'
	| 'calendar'
	| 'patients'
	| 'patients:summary'
	| 'clinical'
	| 'labs'
	| 'billing'
	| 'billing:patient-payment'
	| 'messages'
	| 'tasks'
	| 'settings';

export const ALL_SCOPES: readonly string[] = [
	'user:read', 'user:write',
	'calendar:read', 'calendar:write',
	'patients:read', 'patients:write',
	'patients:summary:read', 'patients:summary:write',
	'clinical:read', 'clinical:write',
	'labs:read', 'labs:write',
	'billing:read', 'billing:write',
	'billing:patient-payment:read', 'billing:patient-payment:write',
	'messages:read', 'messages:write',
	'tasks:read', 'tasks:write',
	'settings:read', 'settings:write',
];

export type FieldType = 'int' | 'bool' | 'date' | 'datetime' | 'time' | 'decimal' | 'list' | 'json-list';

export interface ResourceSpec {
	/** Path segment under /api/ and the store collection name. */
	path: string;
	/**
	 * The scope areas DrChrono's OpenAPI `security` lists; null = any valid token. A token needs a
	 * scope in every area (option `scopeAreas: 'any'`: in one of them), see api.ts.
	 */
	scopes: ScopeArea[] | null;
	collection: Method[];
	item: Method[];
	/** First id handed out, so ids of different resources look different (as in DrChrono). */
	firstId: number;
	required?: string[];
	enums?: Record<string, readonly string[]>;
	/** Foreign keys: field -> collection the id must exist in. */
	refs?: Record<string, string>;
	types?: Record<string, FieldType>;
	/** Ignored on write, in addition to id, created_at and updated_at. */
	readOnly?: string[];
	/** When set, only these fields can be written (offices). */
	writable?: string[];
	/** Multipart file fields; stored bytes, answered as an absolute download URL. */
	files?: string[];
	/** Field that `date` / `date_range` filter on (date part of a date or timestamp). */
	dateField?: string;
	/** Equality filters (case-insensitive); `param:field` when the query name differs from the field. */
	filters?: string[];
	/** Filters that match by case-insensitive prefix: DrChrono's name filters (recorded: first_name=chris finds Chrissy). */
	prefixFilters?: string[];
	/** Query names that also mean `since`. */
	sinceAliases?: string[];
	events?: { create?: string; modify?: string; delete?: string };
	/** DELETE: 'hard' removes; a field name soft-deletes by setting it true (hidden from lists). */
	deleteMode?: 'hard' | 'archived' | 'deleted_flag';
	/**
	 * Fields DrChrono answers only with verbose=true, on lists and single GETs alike (the schema's
	 * `x-verbose-required` in DrChrono's OpenAPI); a POST's 201 answer has them.
	 */
	verboseFields?: string[];
	/** Page-size caps when they differ from 250 (50 with verbose); see listing.ts. */
	pageSize?: { max: number; verboseMax: number };
	defaults?: Record<string, unknown>;
	/** A list must carry one of these query params. */
	listRequiresOneOf?: string[];
	/** A list must carry these query params (with these choices when given). */
	listRequiredParams?: Record<string, readonly string[] | null>;
	/** A single GET must carry these query params. */
	itemRequiredParams?: Record<string, readonly string[] | null>;
	maxDateRangeDays?: number;
}

/** Field types that hold across resources (form bodies arrive as strings and are coerced). */
export const COMMON_TYPES: Record<string, FieldType> = {
	duration: 'int',
	exam_room: 'int',
	sort_order: 'int',
	icd_version: 'int',
	number_refills: 'int',
	practice_group: 'int',
	archived: 'bool',
	online_scheduling: 'bool',
	allow_overlapping: 'bool',
	is_walk_in: 'bool',
	appt_is_break: 'bool',
	prn: 'bool',
	daw: 'bool',
	date_of_birth: 'date',
	date_onset: 'date',
	date_diagnosis: 'date',
	date_changed: 'date',
	date_prescribed: 'date',
	date_started_taking: 'date',
	date_stopped_taking: 'date',
	received_date: 'date',
	scheduled_time: 'datetime',
	price: 'decimal',
	amount: 'decimal',
};

const GENDERS = ['', 'Male', 'Female', 'Other', 'UNK', 'ASKU'] as const;
const RACES = ['blank', 'indian', 'asian', 'black', 'hawaiian', 'white', 'other', 'declined'] as const;
const ETHNICITIES = ['blank', 'hispanic', 'not_hispanic', 'declined'] as const;
export const APPOINTMENT_STATUSES = [
	'', 'Arrived', 'Checked In', 'Checked In Online', 'In Room', 'In Session', 'Complete',
	'Confirmed', 'Not Confirmed', 'Rescheduled', 'Cancelled', 'No Show',
] as const;
const MESSAGE_TYPES = [
	'GP', 'GC', 'GT', 'GZ', 'IF', 'OF', 'IL', 'IR', 'OR', 'IE', 'CE', 'CH', 'OA', 'PO', 'PI', 'PM', 'OO', 'OD', 'ID', 'DL', 'CN',
] as const;
const PAYMENT_METHODS = ['DRCP', 'CASH', 'CHCK', 'DBIT', 'CRDT', 'AMEX', 'VISA', 'MSTR', 'DISC', 'SQR1', 'SQRE', 'PTPA', 'ONPT', 'OTHR'] as const;
export const PAYER_TYPES = ['emdeon', 'gateway', 'ihcfa'] as const;

const CRUD: Method[] = ['GET', 'PUT', 'PATCH', 'DELETE'];
const RU: Method[] = ['GET', 'PUT', 'PATCH'];
const LIST_CREATE: Method[] = ['GET', 'POST'];
const R: Method[] = ['GET'];

export const RESOURCES: ResourceSpec[] = [
	{
		path: 'patients', scopes: ['patients'], collection: LIST_CREATE, item: CRUD, firstId: 100001,
		required: ['doctor', 'gender'],
		enums: { gender: GENDERS, race: RACES, ethnicity: ETHNICITIES, patient_status: ['A', 'I', 'D'] },
		refs: { doctor: 'doctors' },
		readOnly: ['patient_flags', 'preferred_language_code', 'preferred_language_description', 'gender_identity_code', 'gender_identity_description', 'patient_photo_date'],
		prefixFilters: ['first_name', 'last_name'],
		filters: ['first_name', 'last_name', 'preferred_language', 'doctor', 'gender', 'date_of_birth', 'race', 'chart_id', 'email', 'ethnicity'],
		events: { create: 'PATIENT_CREATE', modify: 'PATIENT_MODIFY' },
		// Recorded: after DELETE (204) the patient answers 404.
		deleteMode: 'hard',
		verboseFields: ['primary_insurance', 'secondary_insurance', 'tertiary_insurance', 'auto_accident_insurance', 'workers_comp_insurance', 'custom_demographics', 'patient_flags', 'patient_flags_attached', 'referring_doctor'],
		// Recorded create answers: preferred_language "blank" when not given.
		defaults: { patient_status: 'A', race: 'blank', ethnicity: 'blank', preferred_language: 'blank' },
	},
	{
		path: 'appointments', scopes: ['calendar', 'clinical'], collection: LIST_CREATE, item: CRUD, firstId: 200000001,
		required: ['doctor', 'exam_room', 'office', 'patient', 'scheduled_time'],
		enums: { status: APPOINTMENT_STATUSES },
		refs: { doctor: 'doctors', office: 'offices', patient: 'patients', profile: 'appointment_profiles', supervising_provider: 'doctors' },
		readOnly: ['deleted_flag', 'status_transitions', 'extended_updated_at', 'reminders', 'billing_notes', 'ins1_status', 'ins2_status', 'first_billed_date', 'last_billed_date', 'recurrence_instance_key', 'is_virtual_base', 'base_recurring_appointment', 'clinical_note'],
		dateField: 'scheduled_time',
		filters: ['status', 'patient', 'office', 'doctor'],
		events: { create: 'APPOINTMENT_CREATE', modify: 'APPOINTMENT_MODIFY', delete: 'APPOINTMENT_DELETE' },
		// Recorded: after DELETE (204) the appointment answers 404.
		deleteMode: 'hard',
		verboseFields: ['clinical_note', 'custom_fields', 'custom_vitals', 'extended_updated_at', 'reminders', 'status_transitions', 'vitals'],
		// The API docs name 20 as the appointments maximum, the OpenAPI 25 with verbose: the smaller.
		pageSize: { max: 20, verboseMax: 20 },
		// Recorded create answers: billing_status "", empty lists, a vitals object.
		defaults: {
			status: '', reason: '', notes: '', billing_status: '', is_walk_in: false, allow_overlapping: false, appt_is_break: false, deleted_flag: false,
			recurring_appointment: false, icd10_codes: [], icd9_codes: [], reminders: [], custom_fields: [], custom_vitals: [], billing_notes: [], vitals: {},
		},
		listRequiresOneOf: ['since', 'occurred_since', 'date', 'date_range'],
		maxDateRangeDays: 190,
	},
	{
		path: 'appointment_profiles', scopes: ['calendar', 'settings'], collection: LIST_CREATE, item: CRUD, firstId: 30001,
		required: ['name', 'color', 'online_scheduling'],
		refs: { doctor: 'doctors' },
		readOnly: ['archived'],
		filters: ['doctor'],
		deleteMode: 'archived',
	},
	{
		path: 'clinical_notes', scopes: ['clinical'], collection: R, item: R, firstId: 200000001,
		dateField: 'date_of_service',
		filters: ['patient', 'office', 'doctor'],
	},
	{
		path: 'clinical_note_field_values', scopes: ['clinical'], collection: LIST_CREATE, item: RU, firstId: 700001,
		required: ['appointment', 'clinical_note_field', 'value'],
		refs: { appointment: 'appointments' },
		types: { clinical_note_field: 'int' },
		filters: ['clinical_note_field', 'appointment', 'clinical_note_template'],
	},
	{
		path: 'doctors', scopes: ['user'], collection: R, item: R, firstId: 101001,
		filters: ['doctor:id'],
	},
	{
		path: 'offices', scopes: ['user'], collection: R, item: RU, firstId: 120001,
		verboseFields: ['online_timeslots'],
		writable: ['archived', 'start_time', 'end_time', 'online_scheduling', 'online_timeslots', 'office_work_schedule'],
		types: { start_time: 'time', end_time: 'time' },
		filters: ['doctor'],
	},
	{
		path: 'users', scopes: null, collection: R, item: R, firstId: 130001,
		filters: ['doctor'],
	},
	{
		path: 'tasks', scopes: ['tasks'], collection: LIST_CREATE, item: RU, firstId: 400001,
		required: ['title', 'status'],
		enums: { priority: ['10', '20', '30', '40'] },
		refs: { status: 'task_statuses', category: 'task_categories', assignee_user: 'users', patient: 'patients' },
		readOnly: ['created_by', 'assigned_by'],
		filters: ['status', 'category', 'assignee_user', 'assignee_group'],
		verboseFields: ['associated_items', 'notes'],
		events: { create: 'TASK_CREATE', modify: 'TASK_MODIFY', delete: 'TASK_DELETE' },
		deleteMode: 'hard',
		defaults: { priority: '20', archived: false, assignee_group: null, associated_items: [] },
	},
	{
		path: 'task_notes', scopes: ['tasks'], collection: LIST_CREATE, item: RU, firstId: 410001,
		required: ['task', 'text'],
		refs: { task: 'tasks' },
		readOnly: ['created_by'],
		filters: ['task'],
		deleteMode: 'hard',
	},
	{
		path: 'task_categories', scopes: ['tasks'], collection: LIST_CREATE, item: RU, firstId: 420001,
		required: ['name', 'practice_group'],
		filters: [],
	},
	{
		path: 'task_statuses', scopes: ['tasks'], collection: LIST_CREATE, item: RU, firstId: 430001,
		required: ['name', 'practice_group'],
		// O(pen), P (in progress), H (on hold), C(omplete): the OpenAPI's TaskStatus enum.
		enums: { status_category: ['O', 'P', 'H', 'C'] },
		refs: { task_category: 'task_categories' },
		filters: [],
	},
	{
		path: 'allergies', scopes: ['clinical'], collection: LIST_CREATE, item: RU, firstId: 500001,
		required: ['doctor', 'patient'],
		enums: { status: ['active', 'inactive'] },
		refs: { doctor: 'doctors', patient: 'patients' },
		filters: ['patient', 'doctor'],
		verboseFields: ['description'],
		events: { create: 'PATIENT_ALLERGY_CREATE', modify: 'PATIENT_ALLERGY_MODIFY' },
		defaults: { status: 'active', description: '', reaction: '', notes: '' },
	},
	{
		path: 'medications', scopes: ['clinical'], collection: LIST_CREATE, item: RU, firstId: 510001,
		required: ['doctor', 'patient'],
		refs: { doctor: 'doctors', patient: 'patients', appointment: 'appointments' },
		filters: ['patient', 'doctor'],
		events: { create: 'PATIENT_MEDICATION_CREATE', modify: 'PATIENT_MEDICATION_MODIFY' },
		defaults: { status: 'active' },
	},
	{
		path: 'problems', scopes: ['clinical'], collection: LIST_CREATE, item: RU, firstId: 520001,
		required: ['doctor', 'patient'],
		enums: { status: ['active', 'inactive', 'resolved'], icd_version: ['9', '10'] },
		refs: { doctor: 'doctors', patient: 'patients' },
		filters: ['patient', 'doctor'],
		events: { create: 'PATIENT_PROBLEM_CREATE', modify: 'PATIENT_PROBLEM_MODIFY' },
		defaults: { status: 'active', icd_version: 10 },
	},
	{
		path: 'patient_vaccine_records', scopes: ['clinical'], collection: LIST_CREATE, item: RU, firstId: 530001,
		required: ['patient', 'cvx_code', 'name'],
		refs: { patient: 'patients', doctor: 'doctors' },
		filters: ['cvx_code', 'patient', 'doctor'],
		events: { create: 'VACCINE_ADMINISTERED' },
	},
	{
		path: 'documents', scopes: ['patients'], collection: LIST_CREATE, item: CRUD, firstId: 600001,
		required: ['doctor', 'patient', 'date', 'description', 'document'],
		refs: { doctor: 'doctors', patient: 'patients' },
		types: { date: 'date', metatags: 'json-list' },
		files: ['document'],
		dateField: 'date',
		filters: ['patient', 'doctor'],
		deleteMode: 'archived',
		defaults: { metatags: [], archived: false },
	},
	{
		path: 'messages', scopes: ['messages'], collection: LIST_CREATE, item: CRUD, firstId: 610001,
		required: ['doctor', 'title'],
		enums: { type: MESSAGE_TYPES },
		refs: { doctor: 'doctors', patient: 'patients', owner: 'users', responsible_user: 'users' },
		files: ['attachment'],
		filters: ['patient', 'doctor', 'responsible_user', 'owner', 'type'],
		sinceAliases: ['updated_since'],
		deleteMode: 'archived',
		defaults: { type: 'GP', archived: false, message_notes: [], read: false, starred: false },
	},
	{
		path: 'patient_messages', scopes: ['patients', 'messages'], collection: LIST_CREATE, item: RU, firstId: 620001,
		required: ['doctor', 'patient', 'subject'],
		refs: { doctor: 'doctors', patient: 'patients' },
		filters: ['patient', 'doctor'],
	},
	{
		path: 'comm_logs', scopes: ['calendar'], collection: LIST_CREATE, item: RU, firstId: 630001,
		required: ['doctor', 'patient'],
		refs: { doctor: 'doctors', patient: 'patients' },
		filters: ['patient', 'doctor'],
	},
	{
		path: 'line_items', scopes: ['billing'], collection: LIST_CREATE, item: CRUD, firstId: 800001,
		required: ['appointment', 'code', 'procedure_type', 'diagnosis_pointers'],
		enums: { procedure_type: ['C', 'H', 'U', 'S'] },
		refs: { appointment: 'appointments' },
		types: { diagnosis_pointers: 'list', modifiers: 'list', quantity: 'decimal' },
		readOnly: ['patient', 'doctor', 'office', 'billed', 'paid_total', 'balance_total', 'balance_pt', 'ins1_paid', 'ins2_paid', 'ins3_paid', 'service_date', 'posted_date', 'billing_status', 'denied_flag', 'adjustment'],
		filters: ['posted_date', 'patient', 'office', 'doctor', 'appointment', 'service_date'],
		verboseFields: ['description'],
		events: { create: 'LINE_ITEM_CREATE', modify: 'LINE_ITEM_MODIFY', delete: 'LINE_ITEM_DELETE' },
		deleteMode: 'hard',
		defaults: { units: 'UN', quantity: '1.00', modifiers: [] },
	},
	{
		path: 'transactions', scopes: ['billing'], collection: R, item: R, firstId: 810001,
		filters: ['line_item', 'posted_date', 'appointment', 'doctor'],
		events: { delete: 'LINE_ITEM_TRANSACTION_DELETE' },
		deleteMode: 'hard',
	},
	{
		path: 'patient_payments', scopes: ['billing:patient-payment'], collection: LIST_CREATE, item: R, firstId: 820001,
		required: ['patient'],
		enums: { payment_method: PAYMENT_METHODS, payment_transaction_type: ['', 'REF', 'COR', 'COPAY', 'COINSR', 'OTHR'] },
		refs: { patient: 'patients', doctor: 'doctors', appointment: 'appointments', line_item: 'line_items' },
		filters: ['patient', 'doctor', 'posted_date'],
		events: { delete: 'CASH_PAYMENT_DELETE' },
		deleteMode: 'hard',
		defaults: { payment_method: 'CASH', payment_transaction_type: '', notes: '' },
	},
	{
		path: 'lab_orders', scopes: ['labs'], collection: LIST_CREATE, item: CRUD, firstId: 900001,
		required: ['doctor', 'patient', 'sublab'],
		enums: { priority: ['N', 'S'] },
		refs: { doctor: 'doctors', patient: 'patients' },
		types: { sublab: 'int' },
		// DrChrono lists lab orders by doctor and since only: a patient filter would be ignored.
		filters: ['doctor'],
		events: { create: 'LAB_ORDER_CREATE', modify: 'LAB_ORDER_MODIFY', delete: 'LAB_ORDER_DELETE' },
		deleteMode: 'hard',
		defaults: { status: 'N', priority: 'N', icd10_codes: [], notes: '' },
	},
	{
		path: 'lab_tests', scopes: ['labs'], collection: LIST_CREATE, item: CRUD, firstId: 910001,
		required: ['lab_order'],
		refs: { lab_order: 'lab_orders' },
		filters: ['order:lab_order', 'doctor'],
		deleteMode: 'hard',
	},
	{
		path: 'lab_results', scopes: ['labs'], collection: LIST_CREATE, item: CRUD, firstId: 920001,
		required: ['document', 'lab_test', 'test_performed', 'status', 'value'],
		refs: { lab_test: 'lab_tests', document: 'lab_documents' },
		readOnly: ['lab_order', 'doctor'],
		filters: ['order:lab_order', 'doctor'],
		deleteMode: 'hard',
	},
	{
		path: 'lab_documents', scopes: ['labs'], collection: LIST_CREATE, item: CRUD, firstId: 930001,
		required: ['lab_order', 'document', 'type'],
		refs: { lab_order: 'lab_orders' },
		files: ['document'],
		readOnly: ['doctor'],
		filters: ['doctor'],
		deleteMode: 'hard',
	},
	{
		path: 'insurances', scopes: ['user'], collection: R, item: R, firstId: 940001,
		listRequiredParams: { payer_type: PAYER_TYPES },
		// The OpenAPI marks payer_type required on the single GET too.
		itemRequiredParams: { payer_type: PAYER_TYPES },
		filters: ['payer_type'],
	},
	{
		path: 'custom_demographics', scopes: ['patients', 'settings'], collection: LIST_CREATE, item: RU, firstId: 950001,
		required: ['doctor', 'name'],
		refs: { doctor: 'doctors' },
		filters: ['doctor'],
	},
	{
		path: 'patient_flag_types', scopes: ['patients', 'settings'], collection: LIST_CREATE, item: RU, firstId: 960001,
		required: ['doctor', 'name'],
		refs: { doctor: 'doctors' },
		filters: ['doctor'],
		defaults: { color: '#FFA500', priority: 1, archived: false },
	},
	{
		path: 'amendments', scopes: ['clinical'], collection: LIST_CREATE, item: CRUD, firstId: 970001,
		required: ['patient', 'doctor', 'amendment_name', 'amendment_file'],
		refs: { patient: 'patients', doctor: 'doctors', appointment: 'appointments' },
		files: ['amendment_file'],
		filters: ['appointment', 'patient', 'doctor'],
		deleteMode: 'hard',
	},
	{
		path: 'care_plans', scopes: ['clinical'], collection: R, item: R, firstId: 980001,
		filters: ['patient', 'plan_type', 'doctor'],
	},
	{
		path: 'eligibility_checks', scopes: ['calendar', 'patients'], collection: R, item: R, firstId: 990001,
		dateField: 'appointment_date',
		filters: ['appointment', 'patient', 'doctor', 'query_date'],
	},
	{
		path: 'fee_schedules', scopes: ['billing'], collection: R, item: R, firstId: 1010001,
		filters: ['code', 'code_type', 'payer_id', 'doctor'],
	},
	{
		path: 'procedures', scopes: ['billing'], collection: R, item: R, firstId: 1020001,
		filters: ['patient', 'doctor', 'appointment', 'service_date'],
	},
	{
		path: 'schedule_blocks', scopes: ['calendar'], collection: LIST_CREATE, item: CRUD, firstId: 1030001,
		required: ['provider', 'office', 'start_time', 'end_time'],
		refs: { provider: 'doctors', office: 'offices' },
		types: { start_time: 'datetime', end_time: 'datetime' },
		dateField: 'start_time',
		filters: ['doctor:provider', 'office'],
		deleteMode: 'hard',
	},
	{
		path: 'telehealth_appointments', scopes: ['calendar', 'clinical'], collection: LIST_CREATE, item: RU, firstId: 1040001,
		required: ['appointment'],
		refs: { appointment: 'appointments' },
		readOnly: ['telehealth_url', 'doctor', 'patient'],
		filters: ['appointment', 'doctor'],
	},
	{
		// Registers the token's doctor for the app's iframes; not a list (S2 prose only).
		path: 'iframe_integration', scopes: null, collection: ['POST', 'DELETE'], item: [], firstId: 1050001,
	},
	PATIENT_LAB_RESULTS,
];

export const RESOURCE_BY_PATH: ReadonlyMap<string, ResourceSpec> = new Map(RESOURCES.map((r) => [r.path, r]));

/** Splits a filter declaration into the query parameter and the field it compares. */
export function filterPairs(spec: ResourceSpec): Array<[string, string]> {
	return (spec.filters ?? []).map((f) => {
		const [param, field] = f.split(':');
		return [param, field ?? param];
	});
}

/** Type of a field of a resource (resource-specific first, then the common table). */
export function fieldType(spec: ResourceSpec, field: string): FieldType | undefined {
	if (spec.types?.[field]) return spec.types[field];
	if (spec.refs?.[field]) return 'int';
	return COMMON_TYPES[field];
}
