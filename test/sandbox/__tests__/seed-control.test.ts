import { startSandbox, type Sandbox } from '../index';
import { call, FakeClock } from './helpers';

const clock = new FakeClock(Date.UTC(2026, 10, 18, 15, 30, 0));
let sb: Sandbox;

beforeAll(async () => {
	sb = await startSandbox({ quiet: true, clock, patients: 300 });
});
afterAll(() => sb.close());

describe('seeded demo practice', () => {
	test('is deterministic for a seed and differs for another seed', async () => {
		const other = await startSandbox({ quiet: true, clock, patients: 300 });
		const third = await startSandbox({ quiet: true, clock, patients: 300, seed: 7 });
		try {
			const pick = (s: Sandbox) => s.store.collection('patients').all().slice(0, 50).map((p) => [p.id, p.first_name, p.last_name, p.date_of_birth, p.gender, p.email]);
			expect(pick(other)).toEqual(pick(sb));
			expect(pick(third)).not.toEqual(pick(sb));
			const appts = (s: Sandbox) => s.store.collection('appointments').all().map((a) => [a.id, a.patient, a.scheduled_time, a.status]);
			expect(appts(other)).toEqual(appts(sb));
		} finally {
			await other.close();
			await third.close();
		}
	});

	test('doctors, users (one staff), offices with three exam rooms each', () => {
		const doctors = sb.store.collection('doctors').all();
		const users = sb.store.collection('users').all();
		const offices = sb.store.collection('offices').all();
		expect(doctors.length).toBeGreaterThanOrEqual(2);
		expect(doctors.length).toBeLessThanOrEqual(3);
		expect(users.filter((u) => u.is_doctor)).toHaveLength(doctors.length);
		expect(users.filter((u) => u.is_staff)).toHaveLength(1);
		expect(users.find((u) => u.id === sb.store.meta.primaryUserId)!.doctor).toBe(sb.store.meta.primaryDoctorId);
		expect(offices).toHaveLength(2);
		for (const o of offices) {
			expect(o.exam_rooms).toEqual([
				{ index: 1, name: 'Exam 1', online_scheduling: true },
				{ index: 2, name: 'Exam 2', online_scheduling: true },
				{ index: 3, name: 'Exam 3', online_scheduling: true },
			]);
		}
	});

	test('patients look real; appointments span the last and next 30 days without overlaps', () => {
		const patients = sb.store.collection('patients').all();
		expect(patients).toHaveLength(300);
		for (const p of patients.slice(0, 20)) {
			expect(p.first_name).toMatch(/^[A-Z][a-z]+$/);
			expect(p.date_of_birth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(p.email).toMatch(/@example\.com$/);
			expect(['Male', 'Female', 'Other', 'UNK']).toContain(p.gender);
		}
		const appts = sb.store.collection('appointments').all();
		expect(appts.length).toBeGreaterThan(100);
		const now = clock.now();
		const times = appts.map((a) => Date.parse(`${String(a.scheduled_time)}Z`));
		expect(Math.min(...times)).toBeGreaterThanOrEqual(now - 31 * 86_400_000);
		expect(Math.max(...times)).toBeLessThanOrEqual(now + 31 * 86_400_000);
		expect(times.some((t) => t < now) && times.some((t) => t > now)).toBe(true);
		const slots = new Set<string>();
		for (const a of appts) {
			const key = `${a.doctor}|${a.office}|${a.exam_room}|${a.scheduled_time}`;
			expect(slots.has(key)).toBe(false);
			slots.add(key);
		}
		const notes = sb.store.collection('clinical_notes').all();
		expect(notes.length).toBeGreaterThan(0);
		for (const n of notes) {
			const appt = sb.store.collection('appointments').get(n.id)!;
			expect(n.appointment).toBe(appt.id);
			expect(Date.parse(`${String(appt.scheduled_time)}Z`)).toBeLessThan(now);
		}
		for (const name of ['tasks', 'allergies', 'medications', 'problems', 'documents', 'line_items', 'insurances', 'patient_flag_types', 'task_categories', 'task_statuses', 'appointment_profiles']) {
			expect([name, sb.store.collection(name).size > 0]).toEqual([name, true]);
		}
	});

	test('50 000 patients are generated well under 2 s', () => {
		// CPU time, so that other processes competing for the machine do not fail the test.
		const cpuBefore = process.cpuUsage();
		const started = performance.now();
		try {
			sb.reset({ patients: 50_000 });
			const cpu = process.cpuUsage(cpuBefore);
			const cpuMs = (cpu.user + cpu.system) / 1000;
			const wallMs = performance.now() - started;
			expect(sb.store.collection('patients').size).toBe(50_000);
			expect(cpuMs).toBeLessThan(1500);
			expect(wallMs).toBeLessThan(6000);
		} finally {
			sb.reset({ patients: 300 });
		}
	});
});

describe('control API', () => {
	test('reset reseeds, objects reads state without quota, stats reset', async () => {
		const t = sb.issueToken().access_token;
		await call(sb, t, 'POST', '/api/patients', { gender: 'Male', doctor: sb.store.meta.primaryDoctorId, first_name: 'Extra' });
		expect(sb.store.collection('patients').size).toBe(301);
		const reset = await call(sb, null, 'POST', '/_sandbox/reset', { patients: 40 });
		expect(reset.body).toMatchObject({ ok: true, patients: 40 });
		const callsBefore = sb.stats().calls;
		const list = await call(sb, null, 'GET', '/_sandbox/objects/patients?limit=5');
		expect(list.body).toHaveLength(5);
		const one = await call(sb, null, 'GET', `/_sandbox/objects/patients/${list.body[0].id}`);
		expect(one.body.id).toBe(list.body[0].id);
		expect(sb.stats().calls).toBe(callsBefore);
		await call(sb, null, 'POST', '/_sandbox/stats/reset');
		const stats = (await call(sb, null, 'GET', '/_sandbox/stats')).body;
		expect(stats).toMatchObject({ calls: 0, callsByApp: {}, callsByPath: {}, rateLimited: 0, created: {}, deliveries: [], faultsInjected: 0 });
	});

	test('tokens: issue with scopes, expire all', async () => {
		const issued = await call(sb, null, 'POST', '/_sandbox/tokens', { scopes: ['user:read'] });
		expect(issued.body).toMatchObject({ token_type: 'Bearer', scope: 'user:read', expires_in: 172800 });
		expect((await call(sb, issued.body.access_token, 'GET', '/api/doctors')).status).toBe(200);
		await call(sb, null, 'POST', '/_sandbox/tokens/expire');
		expect((await call(sb, issued.body.access_token, 'GET', '/api/doctors')).status).toBe(401);
	});

	test('mutate changes data like the web UI would (validated, counted as created)', async () => {
		const created = await call(sb, null, 'POST', '/_sandbox/mutate', { resource: 'patients', action: 'create', data: { gender: 'Female', doctor: sb.store.meta.primaryDoctorId } });
		expect(created.status).toBe(201);
		const updated = await call(sb, null, 'POST', '/_sandbox/mutate', { resource: 'patients', action: 'update', id: created.body.id, data: { first_name: 'Ui' } });
		expect(updated.body.first_name).toBe('Ui');
		expect((await call(sb, null, 'POST', '/_sandbox/mutate', { resource: 'patients', action: 'create', data: {} })).status).toBe(400);
		expect(sb.stats().created.patients).toBeGreaterThanOrEqual(1);
	});

	test('the access log holds method, normalised path, status and time only', async () => {
		const loud = await startSandbox({ patients: 5 });
		const lines: string[] = [];
		const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
			lines.push(String(chunk));
			return true;
		});
		try {
			const p = loud.store.collection('patients').all()[0];
			const t = loud.issueToken().access_token;
			await call(loud, t, 'GET', `/api/patients?last_name=${p.last_name}`);
			await call(loud, t, 'GET', `/api/patients/${p.id}`);
		} finally {
			spy.mockRestore();
			await loud.close();
		}
		const log = lines.join('');
		expect(log).toMatch(/^GET \/api\/patients 200 \d+\.\dms$/m);
		expect(log).toMatch(/^GET \/api\/patients\/\{id\} 200 \d+\.\dms$/m);
		expect(log).not.toMatch(/last_name|\?/);
	});
});
