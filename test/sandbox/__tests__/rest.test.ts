import { startSandbox, type Sandbox } from '../index';
import { call } from './helpers';

let sb: Sandbox;
let token: string;
let doctor: number;
let office: number;
let patient: number;

beforeAll(async () => {
	sb = await startSandbox({ quiet: true, patients: 1200, apps: [{ clientId: 'rest', clientSecret: 's', redirectUris: ['*'], quotaLimit: 1_000_000 }] });
	token = sb.issueToken('rest').access_token;
	doctor = sb.store.meta.primaryDoctorId;
	office = sb.store.collection('offices').all()[0].id;
	patient = sb.store.collection('patients').all()[0].id;
});
afterAll(() => sb.close());

const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(sb, token, method, path, body, headers);

function isoDay(offsetDays: number): string {
	return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe('status codes', () => {
	test('POST 201 with the object; GET 200; PATCH/PUT 204 empty; DELETE 204; then 404s', async () => {
		const created = await api('POST', '/api/patients', { first_name: 'Ada', last_name: 'Quill', gender: 'Female', doctor, date_of_birth: '1990-04-01' });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ id: expect.any(Number), first_name: 'Ada', gender: 'Female', doctor });
		expect(created.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
		const id = created.body.id;

		const got = await api('GET', `/api/patients/${id}`);
		expect(got.status).toBe(200);
		expect(got.body.last_name).toBe('Quill');

		const patch = await api('PATCH', `/api/patients/${id}`, { nick_name: 'Addie', id: 1, created_at: '2000-01-01T00:00:00' });
		expect(patch.status).toBe(204);
		expect(patch.text).toBe('');
		const afterPatch = (await api('GET', `/api/patients/${id}`)).body;
		expect(afterPatch.nick_name).toBe('Addie');
		expect(afterPatch.id).toBe(id); // read-only fields are ignored
		expect(afterPatch.created_at).toBe(created.body.created_at);

		const put = await api('PUT', `/api/patients/${id}/`, { first_name: 'Ada', last_name: 'Quill', gender: 'Female', doctor, email: 'ada@example.com' });
		expect(put.status).toBe(204);
		expect(sb.store.collection('patients').get(id)!.email).toBe('ada@example.com');

		expect((await api('DELETE', `/api/patients/${id}`)).status).toBe(204);
		expect((await api('GET', '/api/patients/999999999')).body).toEqual({ detail: 'Not found.' });
		expect((await api('GET', '/api/patients/999999999')).status).toBe(404);
		expect((await api('GET', '/api/no_such_resource')).status).toBe(404);
	});

	test('methods a resource lacks get 405 with the DRF message', async () => {
		const task = sb.store.collection('tasks').all()[0].id;
		const del = await api('DELETE', `/api/tasks/${task}`);
		expect(del.status).toBe(405);
		expect(del.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
		expect((await api('POST', '/api/doctors', { first_name: 'x' })).status).toBe(405);
		expect((await api('PATCH', `/api/doctors/${doctor}`, { first_name: 'x' })).status).toBe(405);
		expect((await api('DELETE', `/api/problems/${sb.store.collection('problems').all()[0].id}`)).status).toBe(405);
		expect((await api('PUT', `/api/patient_payments/${sb.store.collection('patient_payments').all()[0].id}`, {})).status).toBe(405);
		expect((await api('GET', '/api/iframe_integration')).status).toBe(405);
	});

	test('GET /api/users/current answers 302 to the token user', async () => {
		const res = await api('GET', '/api/users/current');
		expect(res.status).toBe(302);
		const location = res.headers.get('location')!;
		expect(location).toBe(`${sb.url}/api/users/${sb.store.meta.primaryUserId}`);
		const user = await api('GET', location);
		expect(user.status).toBe(200);
		expect(user.body).toMatchObject({ id: sb.store.meta.primaryUserId, doctor, is_doctor: true });
	});
});

describe('validation', () => {
	test('required fields give 400 with DRF messages', async () => {
		const res = await api('POST', '/api/patients', { first_name: 'No', last_name: 'Gender' });
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ doctor: ['This field is required.'], gender: ['This field is required.'] });
	});

	test('bad choices, unknown foreign keys and bad dates give 400', async () => {
		const res = await api('POST', '/api/patients', { gender: 'X', doctor: 424242, date_of_birth: '1990-13-45', race: 'martian' });
		expect(res.status).toBe(400);
		expect(res.body.gender).toEqual(['"X" is not a valid choice.']);
		expect(res.body.race).toEqual(['"martian" is not a valid choice.']);
		expect(res.body.doctor).toEqual(['Invalid pk "424242" - object does not exist.']);
		expect(res.body.date_of_birth[0]).toContain('Date has wrong format');
	});

	test('task priority, problem status, payment method and procedure type are validated', async () => {
		const status = sb.store.collection('task_statuses').all()[0].id;
		expect((await api('POST', '/api/tasks', { title: 't', status, priority: '99' })).body).toEqual({ priority: ['"99" is not a valid choice.'] });
		expect((await api('POST', '/api/problems', { doctor, patient, status: 'cured' })).body).toEqual({ status: ['"cured" is not a valid choice.'] });
		expect((await api('POST', '/api/patient_payments', { patient, amount: '10', payment_method: 'GOLD' })).body).toEqual({ payment_method: ['"GOLD" is not a valid choice.'] });
		expect((await api('POST', '/api/patient_payments', { patient, amount: '0' })).body).toEqual({ amount: ['Amount cannot be zero.'] });
		const appt = sb.store.collection('appointments').all()[0].id;
		expect((await api('POST', '/api/line_items', { appointment: appt, code: '99213', procedure_type: 'Z', diagnosis_pointers: [1] })).body).toEqual({
			procedure_type: ['"Z" is not a valid choice.'],
		});
	});

	test('PUT is a full update: required fields must be present; PATCH is partial', async () => {
		const id = sb.store.collection('patients').all()[1].id;
		const put = await api('PUT', `/api/patients/${id}`, { first_name: 'Only' });
		expect(put.status).toBe(400);
		expect(put.body.gender).toEqual(['This field is required.']);
		expect((await api('PATCH', `/api/patients/${id}`, { first_name: 'Only' })).status).toBe(204);
	});

	test('form-urlencoded bodies work and are coerced', async () => {
		const body = new URLSearchParams({ first_name: 'Form', last_name: 'Body', gender: 'Male', doctor: String(doctor) }).toString();
		const res = await api('POST', '/api/patients', body, { 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(res.status).toBe(201);
		expect(res.body.doctor).toBe(doctor);
	});

	test('a JSON array creates several objects (201 with a list); one bad item fails them all', async () => {
		const before = sb.store.collection('allergies').size;
		const ok = await api('POST', '/api/allergies', [
			{ doctor, patient, description: 'Dust' },
			{ doctor, patient, description: 'Cats' },
		]);
		expect(ok.status).toBe(201);
		expect(ok.body).toHaveLength(2);
		expect(sb.store.collection('allergies').size).toBe(before + 2);
		const bad = await api('POST', '/api/allergies', [{ doctor, patient }, { doctor }]);
		expect(bad.status).toBe(400);
		expect(bad.body).toEqual([{}, { patient: ['This field is required.'] }]);
		expect(sb.store.collection('allergies').size).toBe(before + 2);
	});

	test('invalid JSON is a 400', async () => {
		const res = await api('POST', '/api/patients', '{nope', { 'Content-Type': 'application/json' });
		expect(res.status).toBe(400);
		expect(res.body.detail).toMatch(/JSON parse error/);
	});
});

describe('patients', () => {
	test('duplicate (same first, last, date of birth, gender) is 409 unless allow_duplicates=true', async () => {
		const body = { first_name: 'Dup', last_name: 'Licate', date_of_birth: '1970-01-02', gender: 'Male', doctor };
		expect((await api('POST', '/api/patients', body)).status).toBe(201);
		const dup = await api('POST', '/api/patients', body);
		expect(dup.status).toBe(409);
		expect(dup.body.detail).toEqual(expect.any(String));
		expect((await api('POST', '/api/patients', { ...body, gender: 'Female' })).status).toBe(201);
		expect((await api('POST', '/api/patients?allow_duplicates=true', body)).status).toBe(201);
	});

	test('filters: equality and since', async () => {
		const target = sb.store.collection('patients').all()[3];
		const res = await api('GET', `/api/patients?last_name=${target.last_name}&first_name=${target.first_name}`);
		expect(res.status).toBe(200);
		expect(res.body.results.map((p: { id: number }) => p.id)).toContain(target.id);
		for (const p of res.body.results) expect(p.last_name).toBe(target.last_name);
		const since = await api('GET', `/api/patients?since=${isoDay(1)}`);
		expect(since.body.results).toEqual([]);
		expect((await api('GET', '/api/patients?since=yesterday')).status).toBe(400);
	});
});

describe('pagination', () => {
	async function walk(first: string): Promise<{ ids: number[]; pages: number; sizes: number[] }> {
		const ids: number[] = [];
		const sizes: number[] = [];
		let next: string | null = first;
		let pages = 0;
		while (next) {
			const res = await api('GET', next);
			expect(res.status).toBe(200);
			expect(Object.keys(res.body).sort()).toEqual(['next', 'previous', 'results']);
			ids.push(...res.body.results.map((r: { id: number }) => r.id));
			sizes.push(res.body.results.length);
			next = res.body.next;
			if (next) {
				expect(next.startsWith(sb.url)).toBe(true);
				expect(new URL(next).searchParams.get('cursor')).toBeTruthy();
			}
			pages++;
		}
		return { ids, pages, sizes };
	}

	test('walking with page_size=250 returns every record exactly once', async () => {
		const expected = sb.store.collection('patients').filter((p) => p.archived !== true).map((p) => p.id);
		const { ids, sizes } = await walk('/api/patients?page_size=250');
		expect(ids).toHaveLength(expected.length);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
		expect(Math.max(...sizes)).toBe(250);
	});

	test('page_size defaults to 250, is capped at 250, and at 50 with verbose=true', async () => {
		expect((await api('GET', '/api/patients')).body.results).toHaveLength(250);
		expect((await api('GET', '/api/patients?page_size=1000')).body.results).toHaveLength(250);
		const verbose = await walk('/api/patients?verbose=true&page_size=1000');
		expect(Math.max(...verbose.sizes)).toBe(50);
		expect(new Set(verbose.ids).size).toBe(verbose.ids.length);
		expect(verbose.ids.length).toBe(sb.store.collection('patients').filter((p) => p.archived !== true).length);
	});

	test('verbose-only fields are listed only with verbose=true', async () => {
		const plain = (await api('GET', '/api/patients?page_size=1')).body.results[0];
		const verbose = (await api('GET', '/api/patients?page_size=1&verbose=true')).body.results[0];
		expect(plain.primary_insurance).toBeUndefined();
		expect(verbose.primary_insurance).toBeDefined();
	});

	test('verbose-only fields are left out of single GETs too, for every resource that has them; POST 201 has them', async () => {
		const { RESOURCES } = await import('../resources');
		const withVerbose = RESOURCES.filter((r) => r.verboseFields?.length);
		expect(withVerbose.map((r) => r.path).sort()).toEqual(['allergies', 'appointments', 'line_items', 'offices', 'patients', 'tasks']);
		for (const spec of withVerbose) {
			const stored = sb.store.collection(spec.path).all()[0];
			expect(stored).toBeDefined();
			const plain = (await api('GET', `/api/${spec.path}/${stored.id}`)).body;
			const verbose = (await api('GET', `/api/${spec.path}/${stored.id}?verbose=true`)).body;
			for (const field of spec.verboseFields!) {
				expect([spec.path, field, field in plain]).toEqual([spec.path, field, false]);
				// Verbose answers are the full object: a field never set is there too (null or []).
				expect([spec.path, field, field in verbose]).toEqual([spec.path, field, true]);
			}
			expect(String(plain.id)).toBe(String(stored.id));
		}
		const created = await api('POST', '/api/patients', { gender: 'Male', doctor });
		expect(created.body.patient_flags_attached).toEqual([]);
		expect('patient_flags_attached' in (await api('GET', `/api/patients/${created.body.id}`)).body).toBe(false);
	});

	test('previous links go back to the same page', async () => {
		const p1 = (await api('GET', '/api/patients?page_size=10')).body;
		expect(p1.previous).toBeNull();
		const p2 = (await api('GET', p1.next)).body;
		const back = (await api('GET', p2.previous)).body;
		expect(back.results.map((r: { id: number }) => r.id)).toEqual(p1.results.map((r: { id: number }) => r.id));
	});

	test('a garbage cursor is a 404 like DRF', async () => {
		expect((await api('GET', '/api/patients?cursor=zzz')).status).toBe(404);
	});
});

describe('appointments', () => {
	function slot(daysAhead: number, hour: number): string {
		const d = new Date(Date.now() + daysAhead * 86_400_000);
		d.setUTCHours(hour, 0, 0, 0);
		return d.toISOString().slice(0, 19);
	}

	test('list needs since, occurred_since, date or date_range; date_range at most 190 days', async () => {
		const none = await api('GET', '/api/appointments');
		expect(none.status).toBe(400);
		expect(none.body.detail).toMatch(/Must provide either since.*date.*date_range/);
		const ok = await api('GET', `/api/appointments?date_range=${isoDay(-30)}/${isoDay(30)}`);
		expect(ok.status).toBe(200);
		expect(ok.body.results.length).toBeGreaterThan(0);
		for (const a of ok.body.results) expect(a.scheduled_time.slice(0, 10) >= isoDay(-30)).toBe(true);
		const long = await api('GET', `/api/appointments?date_range=${isoDay(-100)}/${isoDay(100)}`);
		expect(long.status).toBe(400);
		const day = await api('GET', `/api/appointments?date=${isoDay(1)}&page_size=500`);
		expect(day.status).toBe(200);
		for (const a of day.body.results) expect(a.scheduled_time.startsWith(isoDay(1))).toBe(true);
	});

	test('appointment pages are capped at 20 with or without verbose (capped, not refused)', async () => {
		const range = `date_range=${isoDay(-30)}/${isoDay(30)}`;
		const big = await api('GET', `/api/appointments?${range}&page_size=1000`);
		expect(big.status).toBe(200);
		expect(big.body.results).toHaveLength(20);
		expect(big.body.next).toEqual(expect.any(String));
		expect((await api('GET', `/api/appointments?${range}&verbose=true&page_size=25`)).body.results).toHaveLength(20);
		expect((await api('GET', `/api/appointments?${range}&page_size=5`)).body.results).toHaveLength(5);
	});


	test('required fields; duration or profile', async () => {
		const res = await api('POST', '/api/appointments', {});
		expect(res.status).toBe(400);
		expect(Object.keys(res.body).sort()).toEqual(['doctor', 'exam_room', 'office', 'patient', 'scheduled_time']);
		const noDuration = await api('POST', '/api/appointments', { doctor, office, patient, exam_room: 1, scheduled_time: slot(90, 9) });
		expect(noDuration.status).toBe(400);
		expect(noDuration.body.duration).toBeDefined();
		const profile = sb.store.collection('appointment_profiles').all()[0];
		const withProfile = await api('POST', '/api/appointments', { doctor, office, patient, exam_room: 1, scheduled_time: slot(90, 9), profile: profile.id });
		expect(withProfile.status).toBe(201);
		expect(withProfile.body.duration).toBe(profile.duration);
		const badRoom = await api('POST', '/api/appointments', { doctor, office, patient, exam_room: 9, scheduled_time: slot(91, 9), duration: 30 });
		expect(badRoom.status).toBe(400);
		expect(badRoom.body.exam_room).toBeDefined();
		const badStatus = await api('POST', '/api/appointments', { doctor, office, patient, exam_room: 1, scheduled_time: slot(91, 9), duration: 30, status: 'Partying' });
		expect(badStatus.body).toEqual({ status: ['"Partying" is not a valid choice.'] });
	});

	test('add_exam_room at the maximum answers 400 with a bare JSON array, as DrChrono does', async () => {
		const small = await startSandbox({ quiet: true, patients: 1, maxExamRooms: 4 });
		try {
			const t = small.issueToken();
			const id = small.store.collection('offices').all()[0].id;
			const add = (name: string) => call(small, t.access_token, 'POST', `/api/offices/${id}/add_exam_room`, { name });
			expect((await add('Exam 4')).status).toBe(200);
			const full = await add('Exam 5');
			expect(full.status).toBe(400);
			expect(full.body).toEqual(['Office already has the maximum number of exam rooms']);
		} finally {
			await small.close();
		}
	});

	test('overlap in the same doctor, office and exam room is 409 unless allow_overlapping', async () => {
		const base = { doctor, office, patient, exam_room: 2, duration: 30 };
		expect((await api('POST', '/api/appointments', { ...base, scheduled_time: slot(100, 10) })).status).toBe(201);
		const clash = await api('POST', '/api/appointments', { ...base, scheduled_time: `${slot(100, 10).slice(0, 11)}10:15:00` });
		expect(clash.status).toBe(409);
		expect(clash.body.detail).toEqual(expect.any(String));
		expect((await api('POST', '/api/appointments', { ...base, exam_room: 3, scheduled_time: slot(100, 10) })).status).toBe(201);
		expect((await api('POST', '/api/appointments', { ...base, scheduled_time: `${slot(100, 10).slice(0, 11)}10:30:00` })).status).toBe(201);
		expect((await api('POST', '/api/appointments', { ...base, scheduled_time: slot(100, 10), allow_overlapping: true })).status).toBe(201);
		expect((await api('POST', '/api/appointments?allow_overlapping=true', { ...base, scheduled_time: slot(100, 10) })).status).toBe(201);
	});

	test('DELETE is hard: the appointment answers 404 {"detail":"Not found."} afterwards and leaves every list', async () => {
		const created = await api('POST', '/api/appointments', { doctor, office, patient, exam_room: 1, duration: 15, scheduled_time: slot(120, 8) });
		const id = created.body.id;
		expect(typeof id).toBe('string');
		expect((await api('DELETE', `/api/appointments/${id}`)).status).toBe(204);
		const after = await api('GET', `/api/appointments/${id}`);
		expect([after.status, after.body]).toEqual([404, { detail: 'Not found.' }]);
		const day = `date=${slot(120, 8).slice(0, 10)}`;
		expect((await api('GET', `/api/appointments?${day}&show_archived=true`)).body.results.map((a: { id: string }) => a.id)).not.toContain(id);
		expect((await api('DELETE', `/api/appointments/${id}`)).status).toBe(404);
	});
});

describe('other resources', () => {
	test('offices: only the documented fields are writable; add_exam_room', async () => {
		const before = sb.store.collection('offices').get(office)!;
		const name = before.name;
		expect((await api('PATCH', `/api/offices/${office}`, { name: 'Renamed', online_scheduling: false, start_time: '07:30' })).status).toBe(204);
		const after = (await api('GET', `/api/offices/${office}`)).body;
		expect(after.name).toBe(name);
		expect(after.online_scheduling).toBe(false);
		expect(after.start_time).toBe('07:30:00');
		const added = await api('POST', `/api/offices/${office}/add_exam_room`, { name: 'Procedure Room' });
		expect(added.status).toBe(200);
		expect(added.body.exam_rooms).toHaveLength(4);
		expect(added.body.exam_rooms[3]).toEqual({ index: 4, name: 'Procedure Room', online_scheduling: true });
		expect((await api('POST', `/api/offices/${office}/add_exam_room`, {})).status).toBe(400);
	});

	test('insurances need payer_type; term filters names', async () => {
		expect((await api('GET', '/api/insurances')).status).toBe(400);
		expect((await api('GET', '/api/insurances?payer_type=bogus')).status).toBe(400);
		const res = await api('GET', '/api/insurances?payer_type=gateway&term=aetna');
		expect(res.status).toBe(200);
		expect(res.body.results.length).toBeGreaterThan(0);
		// An insurance answer is payer_id, payer_name and state only (the OpenAPI's Insurance): the type is the query's.
		const stored = sb.store.collection('insurances');
		for (const i of res.body.results) {
			expect(Object.keys(i).sort()).toEqual(['payer_id', 'payer_name', 'state']);
			expect(i.payer_name.toLowerCase()).toContain('aetna');
			expect(stored.filter((s) => s.payer_id === i.payer_id && s.payer_name === i.payer_name).map((s) => s.payer_type)).toContain('gateway');
		}
	});

	test('line items derive patient and doctor from the appointment', async () => {
		const appt = sb.store.collection('appointments').all()[5];
		const res = await api('POST', '/api/line_items', { appointment: appt.id, code: '99213', procedure_type: 'C', diagnosis_pointers: [1, 2], price: 100 });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ patient: appt.patient, doctor: appt.doctor, price: 100, billed: 100 });
		expect((await api('GET', `/api/line_items?appointment=${appt.id}`)).body.results.map((l: { id: number }) => l.id)).toContain(res.body.id);
	});

	test('tasks and notes; clinical notes are read-only', async () => {
		const status = sb.store.collection('task_statuses').all()[0].id;
		const task = await api('POST', '/api/tasks', { title: 'Call back', status, priority: 30 });
		expect(task.status).toBe(201);
		expect(task.body.priority).toBe('30');
		expect((await api('POST', '/api/task_notes', { task: task.body.id, text: 'called' })).status).toBe(201);
		expect((await api('POST', '/api/clinical_notes', {})).status).toBe(405);
		const notes = await api('GET', '/api/clinical_notes');
		expect(notes.status).toBe(200);
		expect(notes.body.results.length).toBeGreaterThan(0);
	});

	test('iframe_integration registers (201) and unregisters (204) the token doctor', async () => {
		const reg = await api('POST', '/api/iframe_integration', {});
		expect(reg.status).toBe(201);
		expect(reg.body.doctor).toBe(doctor);
		expect(sb.store.collection('iframe_integration').size).toBe(1);
		expect((await api('DELETE', '/api/iframe_integration')).status).toBe(204);
		expect(sb.store.collection('iframe_integration').size).toBe(0);
	});

	test('every resource of the table answers its list GET', async () => {
		const info = (await call(sb, null, 'GET', '/_sandbox')).body;
		for (const r of info.resources as Array<{ path: string; collection: string[] }>) {
			if (!r.collection.includes('GET')) continue;
			const query = r.path === '/api/appointments' ? '?since=2000-01-01' : r.path === '/api/insurances' ? '?payer_type=emdeon' : '';
			const res = await api('GET', r.path + query);
			expect([r.path, res.status]).toEqual([r.path, 200]);
		}
	});

	test('stats normalise ids in paths', () => {
		const stats = sb.stats();
		expect(stats.callsByPath['GET /api/patients/{id}']).toBeGreaterThan(0);
		expect(Object.keys(stats.callsByPath).some((k) => /\d{3,}/.test(k))).toBe(false);
		expect(stats.created.patients).toBeGreaterThan(0);
		expect(stats.callsByApp.rest).toBe(stats.calls);
	});
});
