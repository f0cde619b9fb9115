/**
 * The per-resource rules that are not plain data: duplicate patients (409), overlapping
 * appointments (409), profile defaults, fields derived from a parent object, and the extra webhook
 * events (billing status, patient flags, task notes).
 */
import { randomBytes } from 'node:crypto';
import { HttpError } from './http';
import type { ApiObject, SandboxStore } from './store';
import { timestampMs } from './time';
import type { FieldErrors } from './validate';

// Captured once: these run per stored record and global lookups are slow under jest's vm sandbox.
const toStr = String;

export interface BehaviourContext {
	store: SandboxStore;
	/** Current clock time as a DrChrono timestamp. */
	now: string;
	query: URLSearchParams;
	userId: number;
	doctorId: number;
	flagModifyEvent: string;
}

export interface Emitted {
	event: string;
	resource: string;
	object: ApiObject;
}

export interface ResourceBehaviour {
	/** Required fields for this input when they depend on it. */
	required?(data: Record<string, unknown>, base: readonly string[]): readonly string[];
	/** Completes a candidate object before it is stored; throws HttpError for conflicts. */
	prepare?(ctx: BehaviourContext, candidate: ApiObject, previous: ApiObject | undefined): void;
	/** Events beyond the resource's own create/modify/delete event. */
	extraEvents?(ctx: BehaviourContext, stored: ApiObject, previous: ApiObject | undefined): Emitted[];
	/** True when the resource's own event should not be sent (the extra events replace it). */
	replacesOwnEvents?: boolean;
	/** Extra list filter from query params. */
	listFilter?(params: URLSearchParams): ((o: ApiObject) => boolean) | undefined;
}

function badRequest(errors: FieldErrors): never {
	throw new HttpError(400, errors);
}

function isTrue(value: unknown): boolean {
	return value === true || String(value).toLowerCase() === 'true';
}

function chartId(store: SandboxStore, first: unknown, last: unknown): string {
	const letters = (s: unknown, n: number) => String(s ?? '').replace(/[^A-Za-z]/g, '').toUpperCase().slice(0, n).padEnd(n, 'X');
	return `${letters(last, 4)}${letters(first, 2)}${String(store.collection('patients').size + 1).padStart(6, '0')}`;
}

const patients: ResourceBehaviour = {
	prepare(ctx, p, previous) {
		if (!previous && !isTrue(ctx.query.get('allow_duplicates')) && p.first_name && p.last_name) {
			const key = (o: ApiObject) => `${toStr(o.first_name).toLowerCase()}|${toStr(o.last_name).toLowerCase()}|${toStr(o.date_of_birth ?? '')}|${toStr(o.gender ?? '').toLowerCase()}`;
			const wanted = key(p);
			const dup = ctx.store.collection('patients').find((o) => o.archived !== true && key(o) === wanted);
			if (dup) {
				throw new HttpError(409, {
					detail: `A patient with the same first name, last name, date of birth and gender already exists (id ${dup.id}). Use allow_duplicates=true to create it anyway.`,
				});
			}
		}
		if (!p.chart_id) p.chart_id = chartId(ctx.store, p.first_name, p.last_name);
		if (p.archived === undefined) p.archived = false;
		p.patient_flags_attached = attachFlags(ctx, p, previous);
		const types = ctx.store.collection('patient_flag_types');
		p.patient_flags = (p.patient_flags_attached as ApiObject[])
			.filter((f) => f.archived !== true)
			.map((f) => types.get(f.flag_type as number))
			.filter((t): t is ApiObject => Boolean(t));
	},
	extraEvents(ctx, p, previous) {
		const before = new Map(((previous?.patient_flags_attached as ApiObject[]) ?? []).map((f) => [f.id, f]));
		const out: Emitted[] = [];
		for (const flag of p.patient_flags_attached as ApiObject[]) {
			const old = before.get(flag.id);
			// The delivered flag names its patient (the trigger looks the patient up by it); the entry on the patient does not.
			const object = { ...flag, patient: p.id };
			if (!old) out.push({ event: 'PATIENT_FLAG_CREATE', resource: 'patient_flags', object });
			else if (flagChanged(old, flag)) out.push({ event: ctx.flagModifyEvent, resource: 'patient_flags', object });
		}
		return out;
	},
};

function flagChanged(a: ApiObject, b: ApiObject): boolean {
	return a.flag_text !== b.flag_text || a.archived !== b.archived || a.flag_type !== b.flag_type;
}

/** Flags live on the patient (`patient_flags_attached`); entries with a known id are updates. */
function attachFlags(ctx: BehaviourContext, p: ApiObject, previous: ApiObject | undefined): ApiObject[] {
	const given = p.patient_flags_attached;
	const old = new Map(((previous?.patient_flags_attached as ApiObject[]) ?? []).map((f) => [f.id, f]));
	if (given === undefined || given === null) return [...old.values()];
	if (!Array.isArray(given)) badRequest({ patient_flags_attached: ['Expected a list of items.'] });
	const types = ctx.store.collection('patient_flag_types');
	const flags = ctx.store.collection('patient_flags');
	return (given as unknown[]).map((entry) => {
		if (typeof entry !== 'object' || entry === null) badRequest({ patient_flags_attached: ['Expected a list of flag objects.'] });
		const e = entry as Record<string, unknown>;
		const existing = typeof e.id === 'number' ? old.get(e.id) : undefined;
		const flagType = Number(e.flag_type ?? existing?.flag_type);
		if (!types.has(flagType)) badRequest({ patient_flags_attached: [`Invalid pk "${String(e.flag_type)}" - object does not exist.`] });
		const next: ApiObject = {
			...(existing ?? { id: flags.allocateId(), created_at: ctx.now }),
			flag_type: flagType,
			flag_text: String(e.flag_text ?? existing?.flag_text ?? ''),
			archived: e.archived !== undefined ? isTrue(e.archived) : (existing?.archived ?? false),
		} as ApiObject;
		next.updated_at = !existing || flagChanged(existing, next) ? ctx.now : existing.updated_at;
		return next;
	});
}

function examRoomValid(store: SandboxStore, officeId: unknown, room: unknown): boolean {
	const office = store.collection('offices').get(officeId as number);
	const rooms = (office?.exam_rooms as Array<{ index: number }>) ?? [];
	return rooms.some((r) => r.index === room);
}

const appointments: ResourceBehaviour = {
	required(data, base) {
		return isTrue(data.appt_is_break) ? base.filter((f) => f !== 'patient') : base;
	},
	prepare(ctx, a, previous) {
		const profile = a.profile ? ctx.store.collection('appointment_profiles').get(a.profile as number) : undefined;
		if (profile) {
			if (a.duration === undefined || a.duration === null) a.duration = profile.duration;
			if (!a.color) a.color = profile.color;
			if (!a.reason) a.reason = profile.reason ?? profile.name;
		}
		if (a.duration === undefined || a.duration === null) badRequest({ duration: ['This field is required when no profile is given.'] });
		if (typeof a.duration !== 'number' || a.duration <= 0) badRequest({ duration: ['Ensure this value is greater than or equal to 1.'] });
		if (!examRoomValid(ctx.store, a.office, a.exam_room)) badRequest({ exam_room: [`Exam room ${String(a.exam_room)} does not exist in office ${String(a.office)}.`] });
		if (a.deleted_flag === undefined) a.deleted_flag = false;
		if (a.clinical_note === undefined) a.clinical_note = null;
		// A new appointment's transitions hold its initial entry (recorded create answers).
		if (!Array.isArray(a.status_transitions)) a.status_transitions = [statusTransition(a, null, ctx.now)];
		if (previous && previous.status !== a.status) {
			a.status_transitions = [...(a.status_transitions as unknown[]), statusTransition(a, previous.status, ctx.now)];
		}
		a.extended_updated_at = ctx.now;
		const overlapAllowed = isTrue(a.allow_overlapping) || isTrue(ctx.query.get('allow_overlapping'));
		if (!overlapAllowed && a.status !== 'Cancelled' && !a.appt_is_break) {
			const start = timestampMs(a.scheduled_time as string);
			const end = start + (a.duration as number) * 60_000;
			const clash = ctx.store.collection('appointments').find(
				(o) =>
					o.id !== a.id &&
					o.deleted_flag !== true &&
					o.status !== 'Cancelled' &&
					o.doctor === a.doctor &&
					o.office === a.office &&
					o.exam_room === a.exam_room &&
					timestampMs(o.scheduled_time as string) < end &&
					timestampMs(o.scheduled_time as string) + (o.duration as number) * 60_000 > start,
			);
			if (clash) {
				throw new HttpError(409, {
					detail: `This appointment overlaps appointment ${clash.id} in the same exam room. Set allow_overlapping=true to book it anyway.`,
				});
			}
		}
	},
	extraEvents(_ctx, a, previous) {
		if (previous?.billing_status === a.billing_status) return [];
		if (a.billing_status === 'Bill Insurance') return [{ event: 'APPOINTMENT_BILLING_STATUS_BI', resource: 'appointments', object: a }];
		if (a.billing_status === 'Ready to Bill') return [{ event: 'APPOINTMENT_BILLING_STATUS_RTb', resource: 'appointments', object: a }];
		return [];
	},
};

/** One entry of `status_transitions`: the appointment is referred to by its integer id. */
export function statusTransition(a: ApiObject, from: unknown, datetime: string): Record<string, unknown> {
	return { appointment: a.id, datetime, from_status: from ?? null, to_status: a.status ?? '' };
}

function fromAppointment(store: SandboxStore, id: unknown): ApiObject | undefined {
	return store.collection('appointments').get(id as number);
}

const lineItems: ResourceBehaviour = {
	prepare(ctx, li) {
		const pointers = li.diagnosis_pointers;
		if (Array.isArray(pointers) && pointers.length > 4) badRequest({ diagnosis_pointers: ['Ensure this field has no more than 4 elements.'] });
		// The OpenAPI's LineItem answers pointers as strings ("1"), whatever the request sent.
		if (Array.isArray(pointers)) li.diagnosis_pointers = pointers.map((x) => toStr(x));
		if (Array.isArray(li.modifiers) && li.modifiers.length > 4) badRequest({ modifiers: ['Ensure this field has no more than 4 elements.'] });
		const appt = fromAppointment(ctx.store, li.appointment);
		if (appt) {
			li.patient = appt.patient;
			li.doctor = appt.doctor;
			li.office = appt.office;
			li.service_date = String(appt.scheduled_time).slice(0, 10);
		}
		if (!li.posted_date) li.posted_date = ctx.now.slice(0, 10);
		if (li.price === undefined || li.price === null) li.price = '0.00';
		const billed = Number(li.price) * Number(li.quantity ?? 1);
		li.billed = billed.toFixed(2);
		if (li.paid_total === undefined) li.paid_total = '0.00';
		li.balance_total = (billed - Number(li.paid_total)).toFixed(2);
		if (li.billing_status === undefined) li.billing_status = '';
	},
};

const taskNotes: ResourceBehaviour = {
	prepare(ctx, note, previous) {
		if (!previous) note.created_by = ctx.userId;
	},
	// DrChrono reports note changes as a modification of the task.
	replacesOwnEvents: true,
	extraEvents(ctx, note) {
		const task = ctx.store.collection('tasks').get(note.task as number);
		if (!task) return [];
		task.updated_at = ctx.now;
		return [{ event: 'TASK_MODIFY', resource: 'tasks', object: task }];
	},
};

const tasks: ResourceBehaviour = {
	prepare(ctx, task, previous) {
		if (!previous) {
			task.created_by = ctx.userId;
			task.assigned_by = ctx.userId;
		}
		if (task.priority !== undefined && task.priority !== null) task.priority = String(task.priority);
	},
};

const labResults: ResourceBehaviour = {
	prepare(ctx, result) {
		const test = ctx.store.collection('lab_tests').get(result.lab_test as number);
		result.lab_order = test?.lab_order ?? null;
		result.doctor = ctx.store.collection('lab_orders').get(result.lab_order as number)?.doctor ?? null;
	},
};

const withLabOrderDoctor: ResourceBehaviour = {
	prepare(ctx, o) {
		o.doctor = ctx.store.collection('lab_orders').get(o.lab_order as number)?.doctor ?? null;
	},
};

const telehealth: ResourceBehaviour = {
	prepare(ctx, t, previous) {
		const appt = fromAppointment(ctx.store, t.appointment);
		t.doctor = appt?.doctor ?? null;
		t.patient = appt?.patient ?? null;
		if (!previous) t.telehealth_url = `https://telehealth.sandbox.invalid/room/${randomBytes(8).toString('hex')}`;
	},
};

const patientPayments: ResourceBehaviour = {
	prepare(ctx, pay) {
		if (pay.amount === undefined || pay.amount === null || Number(pay.amount) === 0) badRequest({ amount: ['Amount cannot be zero.'] });
		if (!pay.appointment && pay.line_item) pay.appointment = ctx.store.collection('line_items').get(pay.line_item as number)?.appointment ?? null;
		if (!pay.doctor) {
			pay.doctor = fromAppointment(ctx.store, pay.appointment)?.doctor ?? ctx.store.collection('patients').get(pay.patient as number)?.doctor ?? ctx.doctorId;
		}
		if (!pay.received_date) pay.received_date = ctx.now.slice(0, 10);
		pay.posted_date = ctx.now.slice(0, 10);
		pay.created_by = ctx.userId;
	},
};

const fieldValues: ResourceBehaviour = {
	prepare(ctx, v) {
		// Writing a note field for an appointment gives the appointment a clinical note.
		const appt = fromAppointment(ctx.store, v.appointment);
		const notes = ctx.store.collection('clinical_notes');
		if (appt && !notes.has(appt.id)) {
			notes.insert(clinicalNoteFor(appt, ctx.now));
			appt.clinical_note = { locked: false, pdf: null, updated_at: ctx.now };
		}
	},
};

/** Who locked a note: DrChrono's signee names the user (a string), not the doctor id. */
export function signeeOf(store: SandboxStore, doctor: unknown): { locked_by: string; supervisor_locked_by: null } {
	const user = store.collection('users').find((u) => u.doctor === doctor && u.is_doctor === true);
	return { locked_by: toStr(user?.username ?? doctor), supervisor_locked_by: null };
}

/** A clinical note; its id is the appointment's id (DrChrono keys notes by appointment). */
export function clinicalNoteFor(appt: ApiObject, now: string, sections: unknown[] = []): ApiObject {
	return {
		id: appt.id,
		appointment: appt.id,
		patient: appt.patient,
		doctor: appt.doctor,
		office: appt.office,
		date_of_service: appt.scheduled_time,
		archived: false,
		locked: false,
		signee: null,
		clinical_note_sections: sections,
		pdf: null,
		created_at: now,
		updated_at: now,
	};
}

const insurances: ResourceBehaviour = {
	listFilter(params) {
		const term = params.get('term')?.toLowerCase();
		return term ? (o) => String(o.payer_name).toLowerCase().includes(term) || String(o.payer_id).toLowerCase().includes(term) : undefined;
	},
};

export const BEHAVIOURS: Record<string, ResourceBehaviour> = {
	patients,
	appointments,
	line_items: lineItems,
	task_notes: taskNotes,
	tasks,
	lab_results: labResults,
	lab_tests: withLabOrderDoctor,
	lab_documents: withLabOrderDoctor,
	telehealth_appointments: telehealth,
	patient_payments: patientPayments,
	clinical_note_field_values: fieldValues,
	insurances,
};
