/**
 * DrChrono's webhook events, described once as data: the option list of the trigger, the header
 * spellings that mean the same event, and where Fetch Current Object reads the object again.
 *
 * Sources: DrChrono's help article "What is a DrChrono API application?" (26 events, with the
 * descriptions used below) and the API docs' webhook table (adds LAB_ORDER_* and spells the
 * flag-modify event PATIENT_FLAG_CMODIFY). The list for users: docs/trigger.md, Events.
 */
import { allergy as allergySpec } from '../resources/allergy';
import { appointment as appointmentSpec } from '../resources/appointment';
import { clinicalNote as clinicalNoteSpec } from '../resources/clinicalNote';
import { labOrder as labOrderSpec } from '../resources/labOrder';
import { lineItem as lineItemSpec } from '../resources/lineItem';
import { medication as medicationSpec } from '../resources/medication';
import { patient as patientSpec } from '../resources/patient';
import { problem as problemSpec } from '../resources/problem';
import { scopeFor } from '../resources/scopes';
import { task as taskSpec } from '../resources/task';
import type { ResourceSpec } from '../resources/types';
import { vaccineRecord as vaccineRecordSpec } from '../resources/vaccineRecord';

/** How to read the current state of an event's object through the REST API. */
export interface CurrentObjectSource {
	/**
	 * API path with placeholders naming fields of the delivered object. `{a|b}` takes the first of
	 * the fields that is present, e.g. `{task|id}`: a task note carries its task as `task`.
	 */
	path: string;
	/** The OAuth scope the GET needs, named in the error when DrChrono answers 403. */
	scope: string;
	/**
	 * When the delivered object is an entry of a list on the fetched object (patient flags live on
	 * the patient as `patient_flags_attached`), the list to find it in by `id`.
	 */
	pickFrom?: string;
	/**
	 * Fields of which a delivered object of this kind has at least one, and objects of the other
	 * kinds have none (from the item schemas of test/conformance/drchrono-openapi.yml). With the
	 * body-HMAC option a captured body can be relabelled as any event; these let the trigger read
	 * the object again only for the event the body's shape supports (see eventShape.ts).
	 */
	marks: readonly string[];
}

export interface DrChronoEvent {
	/** The event name as DrChrono sends it in `X-drchrono-event`, and the option value. */
	name: string;
	/** Other spellings DrChrono uses for the same event. */
	aliases?: string[];
	label: string;
	description: string;
	/** Absent when there is nothing left to read (deletions). */
	current?: CurrentObjectSource;
}

/** Option value that matches every event, including ones DrChrono adds later. */
export const ALL_EVENTS = '*';

/** The manual "Ping webhook" button in DrChrono. Not an event one can subscribe to. */
export const PING_EVENT = 'PING';

/** What Fetch Current Object reads for an event: the resource's item path, with the scope its spec names. */
function readOf(spec: ResourceSpec, marks: readonly string[], id = '{id}'): CurrentObjectSource {
	return { path: `${spec.path}/${id}`, scope: scopeFor(spec, 'read'), marks };
}

const appointment = readOf(appointmentSpec, ['scheduled_time', 'exam_room', 'duration', 'status_transitions']);
const patient = readOf(patientSpec, ['first_name', 'last_name', 'date_of_birth', 'chart_id', 'gender']);
// DrChrono leaves patient_flags_attached out unless asked for verbose (see currentObject.ts).
const patientFlag: CurrentObjectSource = { ...readOf(patientSpec, ['flag_type', 'flag_text'], '{patient}'), pickFrom: 'patient_flags_attached' };
// A clinical note is keyed by its appointment; DrChrono's ClinicalNote answer has no id of its own.
const clinicalNote = readOf(clinicalNoteSpec, ['clinical_note_sections', 'signee', 'locked'], '{id|appointment}');
const allergy = readOf(allergySpec, ['reaction', 'snomed_reaction', 'snomed_code']);
const medication = readOf(medicationSpec, ['dosage_quantity', 'dosage_units', 'frequency', 'ndc', 'daw', 'prn', 'number_refills', 'order_status', 'date_prescribed', 'signature_note']);
const problem = readOf(problemSpec, ['icd_code', 'icd_version', 'snomed_ct_code', 'date_onset', 'date_diagnosis', 'problem_type']);
const vaccineRecord = readOf(vaccineRecordSpec, ['cvx_code', 'lot_number', 'vaccine_inventory', 'administration_start', 'completion_status']);
const lineItem = readOf(lineItemSpec, ['code', 'procedure_type', 'price', 'quantity', 'billed', 'service_date']);
const labOrder = readOf(labOrderSpec, ['requisition_id', 'sublab', 'accession_number', 'external_requisition_id']);
// A task note carries its task as `task`: it reads the task too.
const task = readOf(taskSpec, ['title', 'assignee_user', 'assignee_group', 'due_date', 'associated_items', 'task'], '{task|id}');

export const DRCHRONO_EVENTS: readonly DrChronoEvent[] = [
	{
		name: 'APPOINTMENT_BILLING_STATUS_BI',
		label: 'Appointment Billing Status: Bill Insurance',
		description: "An appointment's billing status reaches 'Bill Insurance'",
		current: appointment,
	},
	{
		// Lower-case b as in DrChrono's own event list.
		name: 'APPOINTMENT_BILLING_STATUS_RTb',
		label: 'Appointment Billing Status: Ready to Bill',
		description: "An appointment's billing status reaches 'Ready to Bill'",
		current: appointment,
	},
	{ name: 'APPOINTMENT_CREATE', label: 'Appointment Created', description: 'An appointment is created', current: appointment },
	{ name: 'APPOINTMENT_DELETE', label: 'Appointment Deleted', description: 'An appointment is deleted' },
	{ name: 'APPOINTMENT_MODIFY', label: 'Appointment Modified', description: 'An appointment is modified', current: appointment },
	{ name: 'CASH_PAYMENT_DELETE', label: 'Cash Payment Deleted', description: 'A patient payment is deleted' },
	{ name: 'CLINICAL_NOTE_LOCK', label: 'Clinical Note Locked', description: 'A clinical note is locked', current: clinicalNote },
	{ name: 'CLINICAL_NOTE_UNLOCK', label: 'Clinical Note Unlocked', description: 'A clinical note is unlocked', current: clinicalNote },
	{ name: 'LAB_ORDER_CREATE', label: 'Lab Order Created', description: 'A lab order is created', current: labOrder },
	{ name: 'LAB_ORDER_DELETE', label: 'Lab Order Deleted', description: 'A lab order is deleted' },
	{ name: 'LAB_ORDER_MODIFY', label: 'Lab Order Modified', description: 'A lab order is modified', current: labOrder },
	{ name: 'LINE_ITEM_CREATE', label: 'Line Item Created', description: 'A billing line item is created', current: lineItem },
	{ name: 'LINE_ITEM_DELETE', label: 'Line Item Deleted', description: 'A billing line item is deleted' },
	{ name: 'LINE_ITEM_MODIFY', label: 'Line Item Modified', description: 'A billing line item is modified', current: lineItem },
	{
		name: 'LINE_ITEM_TRANSACTION_DELETE',
		label: 'Line Item Transaction Deleted',
		description: 'A line item transaction is deleted',
	},
	{
		name: 'PATIENT_ALLERGY_CREATE',
		label: 'Patient Allergy Created',
		description: 'A patient allergy is created',
		current: allergy,
	},
	{
		name: 'PATIENT_ALLERGY_MODIFY',
		label: 'Patient Allergy Modified',
		description: 'A patient allergy is modified',
		current: allergy,
	},
	{ name: 'PATIENT_CREATE', label: 'Patient Created', description: 'A patient is created', current: patient },
	{
		name: 'PATIENT_FLAG_CREATE',
		label: 'Patient Flag Created',
		description: 'A patient flag is created',
		current: patientFlag,
	},
	{
		// The help article and DrChrono's UI say PATIENT_FLAG_MODIFY, the API docs PATIENT_FLAG_CMODIFY.
		// Which one DrChrono sends is unverified, so one choice matches both.
		name: 'PATIENT_FLAG_MODIFY',
		aliases: ['PATIENT_FLAG_CMODIFY'],
		label: 'Patient Flag Modified',
		description: 'A patient flag is modified (sent as PATIENT_FLAG_MODIFY or PATIENT_FLAG_CMODIFY)',
		current: patientFlag,
	},
	{
		name: 'PATIENT_MEDICATION_CREATE',
		label: 'Patient Medication Created',
		description: 'A patient medication is created',
		current: medication,
	},
	{
		name: 'PATIENT_MEDICATION_MODIFY',
		label: 'Patient Medication Modified',
		description: 'A patient medication is modified',
		current: medication,
	},
	{ name: 'PATIENT_MODIFY', label: 'Patient Modified', description: 'A patient is modified', current: patient },
	{
		name: 'PATIENT_PROBLEM_CREATE',
		label: 'Patient Problem Created',
		description: 'A patient problem is created',
		current: problem,
	},
	{
		name: 'PATIENT_PROBLEM_MODIFY',
		label: 'Patient Problem Modified',
		description: 'A patient problem is modified',
		current: problem,
	},
	{ name: 'TASK_CREATE', label: 'Task Created', description: 'A task is created', current: task },
	{ name: 'TASK_DELETE', label: 'Task Deleted', description: 'A task is deleted' },
	{
		name: 'TASK_MODIFY',
		label: 'Task Modified',
		description: 'A task is modified, or its notes or associated items are created, modified or deleted',
		current: task,
	},
	{
		name: 'VACCINE_ADMINISTERED',
		label: 'Vaccine Administered',
		description: 'A vaccine consent form is signed',
		current: vaccineRecord,
	},
];

const BY_HEADER = new Map<string, DrChronoEvent>();
for (const event of DRCHRONO_EVENTS) {
	for (const spelling of [event.name, ...(event.aliases ?? [])]) BY_HEADER.set(spelling, event);
}

/** The catalog entry for an `X-drchrono-event` value, whichever spelling DrChrono used. */
export function findEvent(headerValue: string): DrChronoEvent | undefined {
	return BY_HEADER.get(headerValue);
}

/** One name per event: aliases become the catalog name; unknown names stay as they are. */
export function canonicalEventName(headerValue: string): string {
	return findEvent(headerValue)?.name ?? headerValue;
}

/** Whether the user's choice of events (option values) takes this delivery. */
export function isEventSelected(selected: readonly string[], headerValue: string): boolean {
	return selected.includes(ALL_EVENTS) || selected.includes(canonicalEventName(headerValue));
}
