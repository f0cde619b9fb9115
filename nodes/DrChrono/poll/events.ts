/**
 * The Poll Trigger's events as data: one entry per DrChrono list that has a `since`-style filter
 * in DrChrono's OpenAPI (test/conformance/drchrono-openapi.yml). A new event is one new entry.
 */

import { resources } from '../resources';
import { doctorFilter, officeFilter, patientFilter } from '../resources/common';
import { responsibleUserFilter } from '../resources/message';
import { pageSizeCap } from '../resources/pageSizes';
import { scopeFor } from '../resources/scopes';
import { assigneeGroupFilter, assigneeUserFilter } from '../resources/task';
import { lineItemFilter } from '../resources/transaction';
import type { FieldSpec } from '../resources/types';

/**
 * A list filter the user may set, sent as the query parameter `key` (the n8n parameter is `param`
 * when set). The action node's Get Many filter is reused wherever it is the same query parameter
 * entered the same way; the rest are the trigger's own, where the trigger takes a plain number or
 * text (Status ID, not the action node's status list). Only `number` and `string` kinds are shown.
 */
export type PollFilter = Pick<FieldSpec, 'key' | 'param' | 'label' | 'kind' | 'description'>;

export interface PollEvent {
	/** Event option value, e.g. `newLabResult`. */
	value: string;
	/** Event option name, e.g. `New Lab Result`. */
	name: string;
	/** Output `event` value, e.g. `lab_result.created`. */
	event: string;
	/** The list endpoint. */
	path: string;
	/** The query parameter that bounds the list by change time (`since`, or `updated_since`). */
	sinceParam: 'since' | 'updated_since';
	/**
	 * `created`: each record once, when it first appears; `updated`: each version of a record once
	 * (a creation is a version too).
	 */
	kind: 'created' | 'updated';
	/**
	 * Record fields that carry the change time, first present wins (DrChrono's schemas differ).
	 * Empty: the list's records carry none (clinical notes), see cursor.ts.
	 */
	timeFields: readonly string[];
	/** OAuth scope the list needs, named in the description. */
	scope: string;
	/** The field that identifies a record: `id`, or `appointment` for clinical notes (one per appointment; the schema has no id). */
	idField: string;
	/** The page size to ask for: the action node resource's for the same list (resources/pageSizes.ts). */
	pageSize: number;
	filters: PollFilter[];
	/** The action node resource whose Simplify field list applies (resources/*.ts `simplify`). */
	simplifyFrom?: string;
	/** Appointments: DrChrono requires `since`, `date` or `date_range`; a range may be added. */
	scheduledRange?: boolean;
}

/** Appointment IDs as a number, as the trigger has always taken them (the action node takes text). */
const appointmentFilter: PollFilter = { key: 'appointment', label: 'Appointment ID', kind: 'number' };

const CREATED = ['created_at'];

interface Base {
	noun: string;
	event: string;
	path: string;
	sinceParam?: 'since' | 'updated_since';
	/** Only for a list no action node resource reads; otherwise the resource's scopes apply. */
	scope?: string;
	filters: PollFilter[];
	simplifyFrom?: string;
	scheduledRange?: boolean;
	/** Has `created_at`, so a "New ..." event can be offered. */
	created: boolean;
	/**
	 * The change-time fields of the list's records in DrChrono's OpenAPI schema, newest meaning
	 * first (`updated_at`, `timestamp`, `created_at`); empty when the schema has none.
	 */
	changeTimes: readonly string[];
	/** See PollEvent.idField; default `id`. */
	idField?: string;
	/** Value stem, e.g. `LabResult`. */
	stem: string;
}

const RESOURCES: Base[] = [
	{
		stem: 'LabResult',
		noun: 'Lab Result',
		event: 'lab_result',
		path: '/api/patient_lab_results',
		// No action node resource reads this list, so its scope is given here.
		scope: 'labs:read',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [
			{ key: 'ordering_doctor', label: 'Ordering Doctor ID', kind: 'number' },
			patientFilter,
			doctorFilter,
		],
	},
	{
		stem: 'Document',
		noun: 'Document',
		event: 'document',
		path: '/api/documents',
		created: false,
		changeTimes: ['updated_at'],
		filters: [patientFilter, doctorFilter],
	},
	{
		stem: 'LabDocument',
		noun: 'Lab Document',
		event: 'lab_document',
		path: '/api/lab_documents',
		created: false,
		changeTimes: ['timestamp'],
		filters: [doctorFilter],
	},
	{
		stem: 'LabOrder',
		noun: 'Lab Order',
		event: 'lab_order',
		path: '/api/lab_orders',
		created: false,
		changeTimes: ['timestamp'],
		filters: [doctorFilter],
	},
	{
		stem: 'ClinicalNote',
		noun: 'Clinical Note',
		event: 'clinical_note',
		path: '/api/clinical_notes',
		created: false,
		changeTimes: [],
		idField: 'appointment',
		filters: [patientFilter, officeFilter, doctorFilter],
	},
	{
		stem: 'Message',
		noun: 'Message',
		event: 'message',
		path: '/api/messages',
		sinceParam: 'updated_since',
		created: false,
		changeTimes: ['updated_at'],
		filters: [
			patientFilter,
			doctorFilter,
			responsibleUserFilter,
			{ key: 'owner', label: 'Owner ID', kind: 'number' },
			{ key: 'type', label: 'Type', kind: 'string', description: 'DrChrono message type code, e.g. GP' },
		],
	},
	{
		stem: 'PatientMessage',
		noun: 'Patient Message',
		event: 'patient_message',
		path: '/api/patient_messages',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [patientFilter, doctorFilter],
	},
	{
		stem: 'Patient',
		noun: 'Patient',
		event: 'patient',
		path: '/api/patients',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [doctorFilter],
		simplifyFrom: 'patient',
	},
	{
		stem: 'Appointment',
		noun: 'Appointment',
		event: 'appointment',
		path: '/api/appointments',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [
			patientFilter,
			officeFilter,
			doctorFilter,
			{ key: 'status', label: 'Status', kind: 'string', description: 'For example Arrived, Complete or Cancelled' },
		],
		simplifyFrom: 'appointment',
		scheduledRange: true,
	},
	{
		stem: 'Task',
		noun: 'Task',
		event: 'task',
		path: '/api/tasks',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [
			{ key: 'status', param: 'taskStatus', label: 'Status ID', kind: 'number' },
			{ key: 'category', param: 'taskCategory', label: 'Category ID', kind: 'number' },
			assigneeUserFilter,
			assigneeGroupFilter,
		],
	},
	{
		stem: 'CommLog',
		noun: 'Communication Log',
		event: 'comm_log',
		path: '/api/comm_logs',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [patientFilter, doctorFilter],
	},
	{
		stem: 'PatientPayment',
		noun: 'Patient Payment',
		event: 'patient_payment',
		path: '/api/patient_payments',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [patientFilter, doctorFilter],
	},
	{
		stem: 'Transaction',
		noun: 'Transaction',
		event: 'transaction',
		path: '/api/transactions',
		created: true,
		changeTimes: ['updated_at', 'created_at'],
		filters: [
			doctorFilter,
			appointmentFilter,
			lineItemFilter,
		],
	},
	{
		stem: 'LineItem',
		noun: 'Line Item',
		event: 'line_item',
		path: '/api/line_items',
		created: false,
		changeTimes: ['updated_at'],
		filters: [patientFilter, officeFilter, doctorFilter, appointmentFilter],
	},
];

/**
 * The scopes named when DrChrono answers 403: those of the action node's resource for the same list
 * (one source: appointments need calendar and clinical), else the entry's own.
 */
function resourceOf(r: Base) {
	return resources.find((candidate) => candidate.path === r.path);
}

function readScope(r: Base): string {
	const spec = resourceOf(r);
	const scope = spec ? scopeFor(spec, 'read') : r.scope;
	if (!scope) throw new Error(`Poll event ${r.stem} names no scope and no resource reads ${r.path}`);
	return scope;
}

function eventsOf(r: Base): PollEvent[] {
	const common = {
		path: r.path,
		sinceParam: r.sinceParam ?? ('since' as const),
		scope: readScope(r),
		idField: r.idField ?? 'id',
		pageSize: pageSizeCap(resourceOf(r) ?? {}, false),
		filters: r.filters,
		simplifyFrom: r.simplifyFrom,
		scheduledRange: r.scheduledRange,
	};
	const out: PollEvent[] = [];
	if (r.created) {
		out.push({ ...common, value: `new${r.stem}`, name: `New ${r.noun}`, event: `${r.event}.created`, kind: 'created', timeFields: CREATED });
	}
	out.push({
		...common,
		value: `newOrUpdated${r.stem}`,
		name: `New or Updated ${r.noun}`,
		event: `${r.event}.updated`,
		kind: 'updated',
		timeFields: r.changeTimes,
	});
	return out;
}

export const POLL_EVENTS: readonly PollEvent[] = RESOURCES.flatMap(eventsOf);

export const POLL_EVENT_BY_VALUE: ReadonlyMap<string, PollEvent> = new Map(POLL_EVENTS.map((e) => [e.value, e]));
