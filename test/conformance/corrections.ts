/**
 * Where DrChrono's OpenAPI response schemas are wrong about what DrChrono answers, and the evidence.
 * This is the one list: the response conformance test and the sandbox's answer shapes use the
 * OpenAPI's schemas with exactly these corrections. Where the document and recorded behaviour
 * disagree, recorded behaviour wins (docs/sandbox.md, "Answer shapes").
 *
 * "Recorded answers" are real request/response pairs recorded against app.drchrono.com (2020) by a
 * public client's test fixtures: patients, appointments, appointment profiles, doctors, offices,
 * users. Only 2 of 27 recorded answers pass the uncorrected schemas.
 */

/** A JSON-schema fragment that replaces a property's schema (title, description are dropped anyway). */
export type PropertySchema = Record<string, unknown>;

export interface FieldCorrection {
	/** Sandbox resource path (`users`), or `*` for every resource. */
	resource: string;
	/** Dotted property path inside the object (`status_transitions[].appointment`). */
	fields: string[];
	/** The corrected schema of each field (before the nullability rule). */
	schema: PropertySchema;
	evidence: string;
}

const INTEGER = { type: 'integer' };

export const FIELD_CORRECTIONS: FieldCorrection[] = [
	{
		resource: 'users',
		fields: ['id', 'doctor', 'practice_group'],
		schema: INTEGER,
		evidence: 'Recorded GET /api/users/{id} and /api/users/current answers: "id", "doctor" and "practice_group" are JSON integers; the OpenAPI types them string.',
	},
	{
		resource: 'users',
		fields: ['is_doctor', 'is_staff'],
		schema: { type: 'boolean' },
		evidence: 'Recorded user answers: true/false; the OpenAPI types them string while its own descriptions call them mutually exclusive flags.',
	},
	{
		resource: 'users',
		fields: ['permissions'],
		schema: { type: 'object' },
		evidence:
			'Recorded user answers carry permissions as an object of named flags, not a string. Its keys are not pinned down here: the sandbox answers an empty object rather than invent them.',
	},
	{
		resource: 'offices',
		fields: ['doctor'],
		schema: INTEGER,
		evidence: 'Recorded GET /api/offices answers: "doctor" is a JSON integer (the doctor id); the OpenAPI types it string.',
	},
	{
		resource: 'offices',
		fields: ['exam_rooms'],
		schema: {
			type: 'array',
			items: {
				type: 'object',
				properties: { index: { type: 'integer' }, name: { type: 'string' }, online_scheduling: { type: 'boolean' } },
				additionalProperties: false,
			},
		},
		evidence:
			'Recorded office answers list exam rooms as objects {index, name, online_scheduling}; appointments refer to a room by that index (Appointment.exam_room). The OpenAPI types the field string.',
	},
	{
		resource: 'doctors',
		fields: ['practice_group'],
		schema: INTEGER,
		evidence: 'Recorded GET /api/doctors answers: "practice_group" is a JSON integer; the OpenAPI types it string (and integer on TaskCategory, TaskStatus).',
	},
	{
		resource: 'appointments',
		fields: ['status_transitions[].appointment'],
		schema: INTEGER,
		evidence:
			'Recorded appointment answers: the appointment\'s own "id" is a JSON string ("143422207") but status_transitions[].appointment is an integer.',
	},
	{
		resource: 'appointments',
		fields: ['created_by', 'supervising_provider', 'billing_provider'],
		schema: INTEGER,
		evidence: 'Recorded appointment answers: user and doctor references are integers or null, as "doctor" and "office" are; the OpenAPI types these string.',
	},
	{
		resource: '*',
		fields: ['doctor', 'patient', 'appointment', 'practice_group', 'lab_order', 'owner', 'responsible_user', 'created_by', 'assigned_by', 'assignee_user'],
		schema: INTEGER,
		evidence:
			'References to other objects are integer primary keys in every recorded answer (appointments, patients, offices, users). Where one schema of the OpenAPI types such a reference string (ClinicalNote.patient, LineItem.doctor, Message.owner, Task.assignee_user, ...), other schemas of the same document type the same reference integer (Appointment.patient, LineItem.appointment, Message.doctor).',
	},
	{
		resource: 'patients',
		fields: ['preferred_pharmacies'],
		schema: { type: 'array', items: { type: 'string' } },
		evidence: 'The OpenAPI gives this array the enum [["string"]], a placeholder; no recorded answer holds that value.',
	},
];

/**
 * Nullability: the OpenAPI marks almost no field nullable, while recorded answers have `null` for
 * unset values of every kind (a new patient's `nick_name`, `date_of_death`, `primary_care_physician`;
 * an appointment's `profile`, `recurrence_instance_key`, `cloned_from`, `clinical_note`). So every
 * field except a record's own `id` and list fields may be null. Lists are `[]` when empty in the
 * recorded answers (`icd10_codes`, `reminders`, `custom_fields`, `offices`).
 */
export const NULLABLE_RULE = {
	except: ['id'],
	listsNullable: false,
	evidence: 'Recorded patient and appointment create and GET answers: unset scalar and object fields are null (§ above); unset lists are [].',
};

