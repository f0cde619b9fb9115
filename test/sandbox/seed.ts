/**
 * The demo practice: deterministic for a seed (dates are relative to the clock's current day).
 * Three doctors (the first one authorises apps), a staff user, two offices with three exam rooms
 * each, patients with realistic fictional details, and a clinic's worth of appointments (the
 * last 30 and next 30 days), notes, billing, tasks, labs, messages and documents around them.
 */
import { clinicalNoteFor, signeeOf, statusTransition } from './behaviours';
import * as N from './names';
import { lockedNotePdfUrl, minimalPdf } from './pdf';
import { Random } from './random';
import { PAYER_TYPES } from './resources';
import type { ApiObject, SandboxStore } from './store';
import { DAY_MS, isoDate, isoTimestamp } from './time';

export interface SeedOptions {
	seed: number;
	patients: number;
	now: number;
	/** Absolute prefix of file download URLs (…/_sandbox/files/). */
	fileUrlPrefix: string;
}

// Globals captured once: under jest's vm sandbox every global lookup is slow, and the patient
// loop below runs 50 000 times.
const { floor, min } = Math;
const toStr = String;
const toNum = Number;

const PRACTICE_GROUP = 1001;
const EMPTY_OBJECT = Object.freeze({});
const EMPTY_LIST = Object.freeze([]);
const OTHER_GENDERS = ['Other', 'UNK'];
const RACE_MIX = ['white', 'black', 'asian', 'other', 'declined', 'blank', 'white', 'black'];
const ETHNICITY_MIX = ['not_hispanic', 'not_hispanic', 'hispanic', 'declined', 'blank'];
// ISO 639-2 codes of the OpenAPI's preferred_language enum.
const OTHER_LANGUAGES = ['spa', 'zho', 'fra', 'rus', 'other'];
const SLOT_MINUTES = 30;

export function seedPractice(store: SandboxStore, opts: SeedOptions): void {
	store.clear();
	const rnd = new Random(opts.seed);
	const today = floor(opts.now / DAY_MS) * DAY_MS;
	const stamp = isoTimestamp(opts.now);
	const ins = <T extends Record<string, unknown>>(name: string, obj: T): ApiObject => store.collection(name).insert(obj as unknown as ApiObject);
	const phone = () => `(${rnd.int(201, 989)}) 555-01${toStr(rnd.int(0, 99)).padStart(2, '0')}`;

	// Doctors, users, offices.
	const doctorNames: Array<[string, string]> = [
		[rnd.pick(N.FEMALE_FIRST), rnd.pick(N.LAST_NAMES)],
		[rnd.pick(N.MALE_FIRST), rnd.pick(N.LAST_NAMES)],
		[rnd.pick(N.FEMALE_FIRST), rnd.pick(N.LAST_NAMES)],
	];
	const doctors = doctorNames.map(([first, last], i) =>
		ins('doctors', {
			first_name: first, last_name: last, suffix: 'MD', specialty: i === 0 ? 'Family Medicine' : rnd.pick(N.SPECIALTIES),
			job_title: 'Provider/Staff (Private Practice)', npi_number: `1${rnd.digits(9)}`, group_npi_number: '1999999984',
			email: `${first}.${last}@sandbox-practice.example`.toLowerCase(), office_phone: phone(), cell_phone: phone(), home_phone: '',
			website: '', country: 'US', timezone: 'America/New_York', practice_group: PRACTICE_GROUP,
			practice_group_name: 'Sandbox Family Practice', profile_picture: null, is_account_suspended: false,
			created_at: stamp, updated_at: stamp,
		}),
	);
	const users = doctors.map((d) =>
		ins('users', {
			username: `dr${toStr(d.last_name).toLowerCase()}${d.id}`, doctor: d.id, practice_group: PRACTICE_GROUP,
			is_doctor: true, is_staff: false, permissions: { manage_patients: true, scheduling: true, clinical_notes: true, billing: true },
			created_at: stamp, updated_at: stamp,
		}),
	);
	users.push(ins('users', {
		username: 'frontdesk', doctor: doctors[0].id, practice_group: PRACTICE_GROUP, is_doctor: false, is_staff: true,
		permissions: { manage_patients: true, scheduling: true, clinical_notes: false, billing: false }, created_at: stamp, updated_at: stamp,
	}));
	store.meta = { practiceGroup: PRACTICE_GROUP, primaryDoctorId: doctors[0].id, primaryUserId: users[0].id };

	const offices = ['Main Street Clinic', 'Lakeside Office'].map((name) => {
		const [city, state, zip] = rnd.pick(N.CITIES);
		return ins('offices', {
			name, doctor: doctors[0].id, address: `${rnd.int(10, 999)} ${rnd.pick(N.STREETS)} ${rnd.pick(N.STREET_KINDS)}`,
			city, state, zip_code: `${zip}${rnd.digits(2)}`, country: 'US', phone_number: phone(), fax_number: phone(),
			start_time: '08:00:00', end_time: '18:00:00', online_scheduling: true, online_timeslots: [],
			exam_rooms: [1, 2, 3].map((index) => ({ index, name: `Exam ${index}`, online_scheduling: true })),
			archived: false, tax_id_number_professional: null, office_work_schedule: null, created_at: stamp, updated_at: stamp,
		});
	});

	// Practice settings.
	const profiles = ([['New Patient', 60, '#4A90E2'], ['Follow-up', 30, '#7ED321'], ['Annual Physical', 45, '#F5A623'], ['Telehealth Visit', 20, '#9013FE']] as const).map(
		([name, duration, color], i) => ins('appointment_profiles', { name, duration, color, reason: name, online_scheduling: true, doctor: doctors[0].id, sort_order: i, archived: false, created_at: stamp, updated_at: stamp }),
	);
	const categories = ['Billing', 'Clinical', 'Front Desk', 'Refills'].map((name) => ins('task_categories', { name, practice_group: PRACTICE_GROUP, archived: false, created_at: stamp, updated_at: stamp }));
	const statuses = ([['Open', 'O'], ['In Progress', 'P'], ['Waiting', 'H'], ['Done', 'C']] as const).map(
		([name, cat]) => ins('task_statuses', { name, status_category: cat, practice_group: PRACTICE_GROUP, task_category: null, archived: false, created_at: stamp, updated_at: stamp }),
	);
	const flagTypes = ([['VIP', '#FFD700'], ['Fall risk', '#D0021B'], ['Needs interpreter', '#4A90E2'], ['Balance due', '#F5A623']] as const).map(
		([name, color], i) => ins('patient_flag_types', { name, color, priority: i + 1, doctor: doctors[0].id, archived: false, created_at: stamp, updated_at: stamp }),
	);
	for (const name of ['Preferred pharmacy', 'Referral source']) {
		ins('custom_demographics', { name, description: name, doctor: doctors[0].id, archived: false, created_at: stamp, updated_at: stamp });
	}
	for (const payerType of PAYER_TYPES) {
		for (const [payerId, payerName] of N.PAYERS) {
			ins('insurances', { payer_id: payerType === 'ihcfa' ? `I${payerId}` : payerId, payer_name: payerName, payer_type: payerType, state: '', created_at: stamp, updated_at: stamp });
		}
	}
	for (const [code, description, price] of N.CPT_CODES) {
		ins('fee_schedules', { code, code_type: 'CPT', description, price, allowed_amount: (toNum(price) * 0.8).toFixed(2), payer_id: '', doctor: doctors[0].id, created_at: stamp, updated_at: stamp });
	}

	// Patients. Kept lean: this loop must create 50 000 patients well under a second, so empty
	// values are shared frozen constants (writes replace a field, they never mutate it in place).
	const patientIds: number[] = [];
	const createdSpan = 730 * DAY_MS;
	const officeLists = offices.map((o) => Object.freeze([o.id]));
	const dobBase = Date.UTC(1935, 0, 1);
	const patientsCollection = store.collection('patients');
	for (let i = 0; i < opts.patients; i++) {
		const female = rnd.next() < 0.52;
		const first = rnd.pick(female ? N.FEMALE_FIRST : N.MALE_FIRST);
		const last = rnd.pick(N.LAST_NAMES);
		const place = rnd.pick(N.CITIES);
		const created = opts.now - createdSpan + floor(rnd.next() * createdSpan);
		const updated = min(opts.now, created + floor(rnd.next() * 90 * DAY_MS));
		const payer = rnd.pick(N.PAYERS);
		const seq = i + 1;
		const p = patientsCollection.insert({
			id: patientsCollection.allocateId(),
			chart_id: `${last.slice(0, 4).toUpperCase()}${first.slice(0, 2).toUpperCase()}${toStr(seq).padStart(6, '0')}`,
			first_name: first, middle_name: rnd.next() < 0.3 ? rnd.pick(female ? N.FEMALE_FIRST : N.MALE_FIRST).charAt(0) : '', last_name: last, nick_name: '',
			date_of_birth: isoDate(dobBase + rnd.int(0, 31_000) * DAY_MS), gender: rnd.next() < 0.97 ? (female ? 'Female' : 'Male') : rnd.pick(OTHER_GENDERS),
			race: rnd.pick(RACE_MIX), ethnicity: rnd.pick(ETHNICITY_MIX), preferred_language: rnd.next() < 0.88 ? 'eng' : rnd.pick(OTHER_LANGUAGES),
			email: `${first.toLowerCase()}.${last.toLowerCase()}${seq}@example.com`, cell_phone: phone(), home_phone: rnd.next() < 0.4 ? phone() : '', office_phone: '',
			address: `${rnd.int(1, 9999)} ${rnd.pick(N.STREETS)} ${rnd.pick(N.STREET_KINDS)}`, city: place[0], state: place[1], zip_code: place[2] + toStr(rnd.int(10, 99)),
			doctor: doctors[i % doctors.length].id, patient_status: 'A', social_security_number: '', default_pharmacy: '', pronouns: '',
			offices: officeLists[i % 2],
			primary_insurance: { insurance_company: payer[1], insurance_payer_id: payer[0], insurance_id_number: `W${rnd.int(100_000_000, 999_999_999)}`, insurance_group_number: toStr(rnd.int(100_000, 999_999)) },
			secondary_insurance: EMPTY_OBJECT, tertiary_insurance: EMPTY_OBJECT, auto_accident_insurance: EMPTY_OBJECT, workers_comp_insurance: EMPTY_OBJECT,
			custom_demographics: EMPTY_LIST, patient_flags: EMPTY_LIST, patient_flags_attached: EMPTY_LIST, referring_doctor: EMPTY_OBJECT, billing_notes: EMPTY_LIST,
			emergency_contact_name: '', emergency_contact_phone: '', emergency_contact_relation: '',
			archived: false, created_at: isoTimestamp(created), updated_at: isoTimestamp(updated),
		});
		patientIds.push(p.id);
	}
	// A few flagged patients.
	for (let i = 0; i < min(5, patientIds.length); i++) {
		const p = store.collection('patients').get(patientIds[i * 7 % patientIds.length]) as ApiObject;
		const t = flagTypes[i % flagTypes.length];
		const flag = { id: store.collection('patient_flags').allocateId(), flag_type: t.id, flag_text: toStr(t.name), archived: false, created_at: stamp, updated_at: stamp };
		p.patient_flags_attached = [flag];
		p.patient_flags = [t];
	}

	if (patientIds.length === 0) return;
	const somePatient = () => patientIds[floor(rnd.next() * patientIds.length)];
	const clinicalPatients = patientIds.slice(0, 400);

	// Appointments: each doctor works in "their" exam room, so seeded appointments never overlap.
	const followUp = profiles[1];
	const pastComplete: ApiObject[] = [];
	for (let day = -30; day <= 30; day++) {
		const date = today + day * DAY_MS;
		const weekday = new Date(date).getUTCDay();
		if (weekday === 0 || weekday === 6) continue;
		doctors.forEach((doctor, di) => {
			const office = offices[(day + 60 + di) % 2];
			for (let minute = 9 * 60; minute < 17 * 60; minute += SLOT_MINUTES) {
				if (minute >= 12 * 60 && minute < 13 * 60) continue; // lunch
				if (!rnd.chance(0.45)) continue;
				const when = date + minute * 60_000;
				const past = when < opts.now;
				const status = past ? rnd.pick(['Complete', 'Complete', 'Complete', 'Complete', 'Complete', 'No Show', 'Cancelled']) : rnd.pick(['Confirmed', 'Confirmed', 'Not Confirmed', '']);
				const createdAt = isoTimestamp(min(opts.now, when - rnd.int(2, 40) * DAY_MS));
				const a = ins('appointments', {
					doctor: doctor.id, patient: somePatient(), office: office.id, exam_room: di + 1,
					scheduled_time: isoTimestamp(when), duration: SLOT_MINUTES, profile: followUp.id, color: followUp.color,
					reason: rnd.pick(['Follow-up', 'Annual physical', 'Cough', 'Back pain', 'Medication review', 'Blood pressure check']),
					notes: '', status, billing_status: past && status === 'Complete' ? rnd.pick(['Bill Insurance', 'Ready to Bill', 'Incomplete']) : 'Incomplete',
					is_walk_in: false, allow_overlapping: false, appt_is_break: false, deleted_flag: false, icd10_codes: [],
					clinical_note: null, custom_fields: [], custom_vitals: [], vitals: {}, reminders: [], status_transitions: [],
					recurring_appointment: false, extended_updated_at: createdAt, created_at: createdAt, updated_at: createdAt,
				});
				a.status_transitions = [statusTransition(a, null, createdAt)];
				if (past && status === 'Complete') pastComplete.push(a);
			}
		});
	}

	// Clinical notes for completed visits, billing around them.
	for (const a of pastComplete) {
		const locked = rnd.chance(0.8);
		const note = clinicalNoteFor(a, a.scheduled_time as string, [
			{ name: 'Subjective', values: [{ clinical_note_field: 1, value: `Patient seen for ${toStr(a.reason).toLowerCase()}.` }] },
			{ name: 'Plan', values: [{ clinical_note_field: 2, value: 'Continue current plan; return as needed.' }] },
		]);
		note.locked = locked;
		note.signee = locked ? signeeOf(store, a.doctor) : null;
		store.collection('clinical_notes').insert(note);
		a.clinical_note = { locked, pdf: locked ? lockedNotePdfUrl(store, note, opts.fileUrlPrefix) : null, updated_at: a.scheduled_time };
		const [code, , price] = rnd.pick(N.CPT_CODES);
		const serviceDate = toStr(a.scheduled_time).slice(0, 10);
		const li = ins('line_items', {
			appointment: a.id, patient: a.patient, doctor: a.doctor, office: a.office, code, procedure_type: 'C',
			diagnosis_pointers: ['1'], modifiers: [], units: 'UN', quantity: '1.00', price, billed: price, paid_total: '0.00',
			balance_total: price, service_date: serviceDate, posted_date: serviceDate, billing_status: '',
			denied_flag: false, created_at: a.scheduled_time, updated_at: a.scheduled_time,
		});
		ins('procedures', { appointment: a.id, patient: a.patient, doctor: a.doctor, code, procedure_type: 'C', service_date: serviceDate, created_at: a.scheduled_time, updated_at: a.scheduled_time });
		if (rnd.chance(0.5)) {
			const paid = (toNum(price) * 0.7).toFixed(2);
			const payer = rnd.pick(N.PAYERS);
			ins('transactions', {
				line_item: li.id, appointment: a.id, patient: a.patient, doctor: a.doctor, insurance: { name: payer[1], id_number: `W${rnd.digits(9)}`, message: '' }, ins_name: null, ins_paid: paid,
				adjustment: (toNum(price) - toNum(paid)).toFixed(2), adjustment_reason: '45', adjustment_group_code: 'CO',
				trace_number: rnd.digits(10), check_date: serviceDate, claim_status: '1', posted_date: serviceDate,
				created_at: a.scheduled_time, updated_at: a.scheduled_time,
			});
			li.paid_total = paid;
			li.balance_total = (toNum(price) - toNum(paid)).toFixed(2);
		}
		if (rnd.chance(0.2)) {
			ins('patient_payments', {
				patient: a.patient, doctor: a.doctor, appointment: a.id, line_item: li.id, amount: '25.00', payment_method: rnd.pick(['CASH', 'CRDT', 'VISA', 'CHCK']),
				payment_transaction_type: 'COPAY', received_date: serviceDate, posted_date: serviceDate, notes: '', trace_number: '',
				created_by: users[3].id, created_at: a.scheduled_time, updated_at: a.scheduled_time,
			});
		}
	}
	const future = store.collection('appointments').filter((a) => toStr(a.scheduled_time) >= isoTimestamp(opts.now));
	for (const a of future.slice(0, 10)) {
		const payer = rnd.pick(N.PAYERS);
		ins('eligibility_checks', {
			appointment: a.id, patient: a.patient, doctor: a.doctor, appointment_date: toStr(a.scheduled_time).slice(0, 10),
			query_date: stamp.slice(0, 10), payer_id: payer[0], payer_name: payer[1], eligibility: 'active', service_types: ['30'],
			created_at: stamp, updated_at: stamp,
		});
	}
	for (const a of future.slice(0, 2)) {
		ins('telehealth_appointments', { appointment: a.id, doctor: a.doctor, patient: a.patient, telehealth_url: `https://telehealth.sandbox.invalid/room/${rnd.digits(12)}`, created_at: stamp, updated_at: stamp });
	}

	// Schedule blocks: lunch for the next five weekdays.
	for (let day = 0, added = 0; added < 5 && day < 10; day++) {
		const date = today + day * DAY_MS;
		const weekday = new Date(date).getUTCDay();
		if (weekday === 0 || weekday === 6) continue;
		added++;
		for (const d of doctors) {
			ins('schedule_blocks', { provider: d.id, office: offices[0].id, start_time: isoTimestamp(date + 12 * 3_600_000), end_time: isoTimestamp(date + 13 * 3_600_000), reason: 'Lunch', created_at: stamp, updated_at: stamp });
		}
	}

	// Chart data for the first patients.
	for (const pid of clinicalPatients) {
		const doctor = (store.collection('patients').get(pid) as ApiObject).doctor;
		if (rnd.chance(0.35)) {
			const [description, reaction, snomed] = rnd.pick(N.ALLERGENS);
			ins('allergies', { patient: pid, doctor, description, reaction, snomed_reaction: '', snomed_code: snomed, rxnorm: '', status: rnd.chance(0.9) ? 'active' : 'inactive', notes: '', verification_status: 'confirmed', created_at: stamp, updated_at: stamp });
		}
		if (rnd.chance(0.5)) {
			const [name, rxnorm, qty, units] = rnd.pick(N.MEDICATIONS);
			ins('medications', {
				patient: pid, doctor, name, rxnorm, ndc: '', dosage_quantity: qty, dosage_units: units, frequency: rnd.pick(['once daily', 'twice daily', 'as needed']),
				route: 'oral', status: 'active', order_status: 'Electronic eRx Sent', date_prescribed: isoDate(today - rnd.int(10, 700) * DAY_MS), date_started_taking: null,
				date_stopped_taking: null, number_refills: rnd.int(0, 5), dispense_quantity: '30', prn: false, daw: false, indication: '', signature_note: '', pharmacy_note: '',
				appointment: null, created_at: stamp, updated_at: stamp,
			});
		}
		if (rnd.chance(0.45)) {
			const [name, icd, snomed] = rnd.pick(N.PROBLEMS);
			ins('problems', { patient: pid, doctor, name, icd_code: icd, icd_version: 10, snomed_ct_code: snomed, status: rnd.pick(['active', 'active', 'resolved']), date_onset: isoDate(today - rnd.int(30, 3000) * DAY_MS), date_diagnosis: null, date_changed: null, notes: '', created_at: stamp, updated_at: stamp });
		}
		if (rnd.chance(0.15)) {
			const [cvx, name] = rnd.pick(N.VACCINES);
			ins('patient_vaccine_records', { patient: pid, doctor, cvx_code: cvx, name, administered_at: offices[0].id, administration_start: isoTimestamp(opts.now - rnd.int(10, 400) * DAY_MS), lot_number: `L${rnd.digits(6)}`, route: 'Intramuscular', site: 'Left deltoid', created_at: stamp, updated_at: stamp });
		}
	}
	for (const pid of clinicalPatients.slice(0, 3)) {
		ins('care_plans', { patient: pid, doctor: doctors[0].id, plan_type: '1', title: 'Lower blood pressure below 130/80', description: 'Diet, exercise and medication adherence.', created_at: stamp, updated_at: stamp });
	}

	// Documents with real (tiny) PDF bytes.
	for (let i = 0; i < min(5, patientIds.length); i++) {
		const pid = patientIds[i];
		const description = ['Referral letter', 'Insurance card', 'Outside lab report', 'Consent form', 'Imaging report'][i];
		const doc = ins('documents', { doctor: doctors[0].id, patient: pid, date: isoDate(today - (i + 1) * 7 * DAY_MS), description, metatags: JSON.stringify([description.split(' ')[0]]), archived: false, document: null, created_at: stamp, updated_at: stamp });
		const file = store.putFile('documents', doc.id, 'document', { filename: `${description.toLowerCase().replace(/ /g, '-')}.pdf`, contentType: 'application/pdf', data: minimalPdf(`Sandbox document ${doc.id}: ${description}`) });
		doc.document = opts.fileUrlPrefix + file.key;
	}

	// Tasks and notes.
	for (let i = 0; i < 15; i++) {
		const status = rnd.pick(statuses);
		const task = ins('tasks', {
			title: rnd.pick(N.TASK_TITLES), status: status.id, category: rnd.pick(categories).id, priority: rnd.pick(['10', '20', '20', '30', '40']),
			due_date: { time: isoTimestamp(today + rnd.int(-5, 14) * DAY_MS + 17 * 3_600_000) }, assignee_user: rnd.pick(users).id, assignee_group: null,
			created_by: users[3].id, assigned_by: users[3].id, archived: false, patient: somePatient(), associated_items: [], notes: [],
			created_at: stamp, updated_at: stamp,
		});
		if (i % 3 === 0) ins('task_notes', { task: task.id, text: 'Left a voicemail.', created_by: users[3].id, created_at: stamp, updated_at: stamp });
	}

	// Labs.
	for (let i = 0; i < 5; i++) {
		const pid = clinicalPatients[i % clinicalPatients.length];
		const order = ins('lab_orders', { doctor: doctors[0].id, patient: pid, sublab: 1, status: 'F', priority: 'N', icd10_codes: [{ code: 'E11.9', description: 'Type 2 diabetes mellitus without complications' }], notes: '', accession_number: `A${rnd.digits(8)}`, external_requisition_id: `R${rnd.digits(8)}`, created_at: stamp, updated_at: stamp });
		const [testName, performed, value, units] = N.LAB_TESTS[i % N.LAB_TESTS.length];
		const test = ins('lab_tests', { lab_order: order.id, doctor: order.doctor, name: testName, code: testName, status: 'F', specimen_source: 'Blood', created_at: stamp, updated_at: stamp });
		const labDoc = ins('lab_documents', { lab_order: order.id, doctor: order.doctor, type: 'RES', document: null, created_at: stamp, updated_at: stamp });
		const file = store.putFile('lab_documents', labDoc.id, 'document', { filename: `lab-${order.id}.pdf`, contentType: 'application/pdf', data: minimalPdf(`Lab report ${order.id}`) });
		labDoc.document = opts.fileUrlPrefix + file.key;
		ins('lab_results', { lab_test: test.id, lab_order: order.id, doctor: order.doctor, document: labDoc.id, test_performed: performed, status: 'F', value, unit: units, abnormal_status: 'N', normal_range: '', created_at: stamp, updated_at: stamp });
	}

	// Messages and communication logs.
	for (let i = 0; i < 8; i++) {
		ins('messages', { doctor: doctors[i % doctors.length].id, title: rnd.pick(N.MESSAGE_TITLES), type: rnd.pick(['GP', 'IF', 'IL']), patient: somePatient(), owner: users[0].id, responsible_user: rnd.pick(users).id, attachment: null, message_notes: [], archived: false, read: rnd.chance(0.5), starred: false, created_at: stamp, updated_at: stamp });
	}
	for (let i = 0; i < 5; i++) {
		ins('patient_messages', { doctor: doctors[0].id, patient: somePatient(), subject: rnd.pick(['Your lab results are ready', 'Appointment reminder', 'Please complete your intake form']), message: 'Please log in to the patient portal to read this message.', created_at: stamp, updated_at: stamp });
		ins('comm_logs', { doctor: doctors[0].id, patient: somePatient(), type: 'phone', direction: rnd.pick(['inbound', 'outbound']), title: 'Phone call', message: 'Called about upcoming visit.', created_at: stamp, updated_at: stamp });
	}
}

/**
 * `count` more appointments on one day, copies of the first seeded one at times from 08:00 on
 * (a minute apart, wrapping over ten hours): the large lists the bulk-export tests and bench read.
 */
export function addAppointmentsOn(store: SandboxStore, day: string, count: number): void {
	const appointments = store.collection('appointments');
	const template = appointments.all()[0];
	for (let i = 0; i < count; i++) {
		const minute = String(i % 60).padStart(2, '0');
		const hour = String(8 + (Math.floor(i / 60) % 10)).padStart(2, '0');
		appointments.insert({ ...template, id: appointments.allocateId(), scheduled_time: `${day}T${hour}:${minute}:00`, deleted_flag: false });
	}
}
