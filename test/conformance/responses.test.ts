/**
 * What the sandbox ANSWERS, checked against DrChrono's OpenAPI response schemas (with the corrections
 * of corrections.ts, each with its evidence): for every resource, a list page, a single GET (both with
 * and without verbose=true) and a create's 201 answer. Types, enums, nullability and field sets
 * (a field the schema does not have is a violation) are all checked, by a JSON-schema validator.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { startSandbox, type Sandbox } from '../sandbox';
import { RESOURCES, type ResourceSpec } from '../sandbox/resources';
import type { SandboxStore } from '../sandbox/store';
import { call } from '../sandbox/__tests__/helpers';
import { RESPONSE_FIELDS_FILE, responseFieldsSource } from './generate-response-fields';
import { responseSchema } from './responseSchemas';

const ajv = new Ajv({ strict: false, allErrors: true });

let sb: Sandbox;
let token: string;

beforeAll(async () => {
	sb = await startSandbox({ patients: 30, quiet: true });
	token = sb.issueToken().access_token;
});
afterAll(() => sb.close());

const first = (store: SandboxStore, name: string): number => store.collection(name).all()[0].id;

function file(name: string): Blob {
	return new Blob([Buffer.from(`%PDF-1.4 ${name}`)], { type: 'application/pdf' });
}

function form(fields: Record<string, string | number | Blob>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		if (v instanceof Blob) f.append(k, v, `${k}.pdf`);
		else f.append(k, String(v));
	}
	return f;
}

/** A valid create body per resource with POST, built from the seeded practice. */
function createBody(path: string, s: SandboxStore): unknown {
	const doctor = first(s, 'doctors');
	const patient = first(s, 'patients');
	const appointment = first(s, 'appointments');
	const office = first(s, 'offices');
	switch (path) {
		case 'patients':
			return { doctor, gender: 'Female', first_name: 'Conformance', last_name: 'Check' };
		case 'appointments':
			return { doctor, office, patient, exam_room: 1, scheduled_time: '2031-01-02T09:00:00', duration: 30, allow_overlapping: true };
		case 'appointment_profiles':
			return { name: 'Check', color: '#123456', online_scheduling: false, doctor, duration: 15 };
		case 'clinical_note_field_values':
			return { appointment, clinical_note_field: 1, value: 'ok' };
		case 'tasks':
			return { title: 'Check', status: first(s, 'task_statuses') };
		case 'task_notes':
			return { task: first(s, 'tasks'), text: 'note' };
		case 'task_categories':
		case 'task_statuses':
			return { name: 'Check', practice_group: s.meta.practiceGroup };
		case 'allergies':
		case 'medications':
		case 'problems':
			return { doctor, patient };
		case 'patient_vaccine_records':
			return { patient, cvx_code: '140', name: 'Influenza' };
		case 'documents':
			return form({ doctor, patient, date: '2030-01-01', description: 'Scan', document: file('doc') });
		case 'messages':
			return { doctor, title: 'Check' };
		case 'patient_messages':
			return { doctor, patient, subject: 'Check' };
		case 'comm_logs':
			return { doctor, patient };
		case 'line_items':
			return { appointment, code: '99213', procedure_type: 'C', diagnosis_pointers: [1] };
		case 'patient_payments':
			return { patient, amount: '10.00' };
		case 'lab_orders':
			return { doctor, patient, sublab: 1 };
		case 'lab_tests':
			return { lab_order: first(s, 'lab_orders') };
		case 'lab_results':
			return { document: first(s, 'lab_documents'), lab_test: first(s, 'lab_tests'), test_performed: 'A1C', status: 'F', value: '5.9' };
		case 'lab_documents':
			return form({ lab_order: first(s, 'lab_orders'), type: 'REQ', document: file('lab') });
		case 'custom_demographics':
		case 'patient_flag_types':
			return { doctor, name: 'Check' };
		case 'amendments':
			return form({ patient, doctor, amendment_name: 'Fix', amendment_file: file('amend') });
		case 'schedule_blocks':
			return { provider: doctor, office, start_time: '2031-01-02T12:00:00', end_time: '2031-01-02T13:00:00' };
		case 'telehealth_appointments':
			return { appointment };
		case 'patient_lab_results':
			return { ordering_doctor: doctor, patient };
		default:
			return undefined;
	}
}

/** Query that makes a list of the resource valid (required parameters). */
function listQuery(spec: ResourceSpec): string {
	const q = new URLSearchParams();
	if (spec.listRequiresOneOf) q.set('since', '2000-01-01');
	for (const [name, choices] of Object.entries(spec.listRequiredParams ?? {})) q.set(name, choices?.[1] ?? choices?.[0] ?? 'x');
	return q.toString();
}

interface Answer {
	what: string;
	violations: string[];
}

const describeError = (e: ErrorObject): string => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`;

function check(validate: ValidateFunction, value: unknown): string[] {
	return validate(value) ? [] : [...new Set((validate.errors ?? []).map(describeError))];
}

/** Every answer the sandbox gives for one resource, checked. */
async function answersOf(spec: ResourceSpec): Promise<Answer[]> {
	const schema = responseSchema(spec.path);
	if (!schema) return [];
	const verbose = ajv.compile(schema.verbose);
	const plain = ajv.compile(schema.plain);
	const out: Answer[] = [];
	const api = (method: string, path: string, body?: unknown) => call(sb, token, method, path, body);
	const query = listQuery(spec);
	let someId: unknown;
	for (const v of [false, true]) {
		const list = await api('GET', `/api/${spec.path}?${query}${v ? '&verbose=true' : ''}`);
		const rows = (list.body?.results ?? []) as unknown[];
		someId ??= (rows[0] as { id?: unknown } | undefined)?.id;
		out.push({ what: `GET /api/${spec.path}${v ? ' verbose' : ''} (${rows.length} rows)`, violations: list.status !== 200 ? [`status ${list.status}`] : [...new Set(rows.flatMap((r) => check(v ? verbose : plain, r)))] });
	}
	const storedId = sb.store.collection(spec.path).all()[0]?.id;
	if (spec.item.includes('GET') && storedId !== undefined) {
		for (const v of [false, true]) {
			const q = [spec.listRequiredParams ? query : '', v ? 'verbose=true' : ''].filter(Boolean).join('&');
			const one = await api('GET', `/api/${spec.path}/${storedId}${q ? `?${q}` : ''}`);
			out.push({ what: `GET /api/${spec.path}/{id}${v ? ' verbose' : ''}`, violations: one.status !== 200 ? [`status ${one.status}`] : check(v ? verbose : plain, one.body) });
		}
	}
	const body = spec.collection.includes('POST') ? createBody(spec.path, sb.store) : undefined;
	if (body !== undefined) {
		const created = await api('POST', `/api/${spec.path}`, body);
		out.push({ what: `POST /api/${spec.path}`, violations: created.status !== 201 ? [`status ${created.status}: ${created.text.slice(0, 200)}`] : check(verbose, created.body) });
	}
	return out;
}

test('every answer of every resource conforms to the corrected OpenAPI response schema', async () => {
	const answers: Answer[] = [];
	for (const spec of RESOURCES) answers.push(...(await answersOf(spec)));
	const failing = answers.filter((a) => a.violations.length);
	const paths = new Set(answers.map((a) => a.what.split(' ').slice(0, 2).join(' ').replace('{id}', '')));
	const failingPaths = new Set(failing.map((a) => a.what.split(' ').slice(0, 2).join(' ').replace('{id}', '')));
	// The figures the issue tracker reports (conforming answers; paths with violations).
	console.log(`${answers.length - failing.length} of ${answers.length} answers conform; ${failingPaths.size} of ${paths.size} paths have violations`);
	expect(answers.length).toBeGreaterThan(100);
	expect(failing.map((a) => `${a.what}: ${a.violations.join('; ')}`)).toEqual([]);
});

test('the sandbox answer shapes are generated from the current schemas and corrections', () => {
	expect(readFileSync(RESPONSE_FIELDS_FILE, 'utf8')).toBe(responseFieldsSource());
});
