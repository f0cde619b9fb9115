/** The special operations resources declare, and the Custom API Call for everything else. */
import type { Sandbox } from '../sandbox';
import { json, rl, run, startNodeSandbox } from './helpers';

describe('special operations', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startNodeSandbox();
	});
	afterAll(async () => sandbox.close());

	it('Office > Add Exam Room adds the room to the office', async () => {
		const office = sandbox.store.collection('offices').all()[1];
		const roomsBefore = (office.exam_rooms as unknown[]).length;
		const result = await run(sandbox, {
			resource: 'office',
			operation: 'addExamRoom',
			id: rl(office.id),
			examRoomName: 'Procedure Room',
			examRoomOnlineScheduling: false,
		});
		expect(result.error).toBeUndefined();
		const rooms = sandbox.store.collection('offices').get(office.id)!.exam_rooms as Array<{ name: string; online_scheduling: boolean; index: number }>;
		expect(rooms).toHaveLength(roomsBefore + 1);
		expect(rooms[rooms.length - 1]).toMatchObject({ name: 'Procedure Room', online_scheduling: false });
		expect(json(result)).toMatchObject({ id: office.id });
		expect(sandbox.stats().callsByPath['POST /api/offices/{id}/add_exam_room']).toBe(1);
	});

	it('Office > Add Exam Room needs user:write', async () => {
		const office = sandbox.store.collection('offices').all()[0];
		const result = await run(
			sandbox,
			{ resource: 'office', operation: 'addExamRoom', id: rl(office.id), examRoomName: 'Nope' },
			{ scopes: ['user:read'] },
		);
		expect(result.error?.description).toContain('user:write');
		expect((sandbox.store.collection('offices').get(office.id)!.exam_rooms as Array<{ name: string }>).map((r) => r.name)).not.toContain('Nope');
	});

	it('User > Get Current follows the 302 to the connected user', async () => {
		const result = await run(sandbox, { resource: 'user', operation: 'getCurrent' });
		expect(result.error).toBeUndefined();
		expect(json(result).id).toBe(sandbox.store.meta.primaryUserId);
		expect(json(result)).toHaveProperty('username');
		expect(sandbox.stats().callsByPath['GET /api/users/current']).toBe(1);
		expect(sandbox.stats().callsByPath['GET /api/users/{id}']).toBe(1);
	});

	it('Iframe Integration > Register Doctor and Unregister Doctor', async () => {
		sandbox.upsertApp({ clientId: 'sandbox-client-id', patientIframe: { url: 'https://n8n.example/iframe', height: 400 } });
		const registrations = () => sandbox.store.collection('iframe_integration').all();
		expect(registrations()).toHaveLength(0);

		const registered = await run(sandbox, { resource: 'iframeIntegration', operation: 'register' });
		expect(registered.error).toBeUndefined();
		expect(registrations()).toHaveLength(1);
		expect(registrations()[0]).toMatchObject({ client_id: 'sandbox-client-id', doctor: sandbox.store.meta.primaryDoctorId });
		expect(json(registered)).toMatchObject({ doctor: sandbox.store.meta.primaryDoctorId });

		const unregistered = await run(sandbox, { resource: 'iframeIntegration', operation: 'unregister' });
		expect(unregistered.error).toBeUndefined();
		expect(json(unregistered)).toEqual({ unregistered: true });
		expect(registrations()).toHaveLength(0);
	});

	it('Patient > Add Flag attaches a flag of a practice flag type and keeps the others', async () => {
		const patients = sandbox.store.collection('patients');
		const flagged = patients.all().find((p) => (p.patient_flags_attached as unknown[]).length > 0)!;
		const before = (flagged.patient_flags_attached as Array<{ flag_type: number }>).map((f) => f.flag_type);
		const type = sandbox.store.collection('patient_flag_types').all().find((t) => !before.includes(t.id))!;

		const result = await run(sandbox, {
			resource: 'patient',
			operation: 'addFlag',
			id: rl(flagged.id),
			flagType: String(type.id),
			flagText: 'Check balance at visit',
		});
		expect(result.error).toBeUndefined();
		const flags = patients.get(flagged.id)!.patient_flags_attached as Array<{ flag_type: number; flag_text: string }>;
		expect(flags.map((f) => f.flag_type)).toEqual([...before, type.id]);
		expect(flags[flags.length - 1].flag_text).toBe('Check balance at visit');
		expect((json(result).patient_flags as Array<{ id: number }>).map((t) => t.id)).toContain(type.id);
	});

	it('Patient > Add Flag from two executions at once keeps both flags', async () => {
		const patients = sandbox.store.collection('patients');
		const patient = patients.all().find((p) => (p.patient_flags_attached as unknown[]).length === 0)!;
		const [a, b] = sandbox.store.collection('patient_flag_types').all();
		const add = (type: number, text: string) =>
			run(sandbox, { resource: 'patient', operation: 'addFlag', id: rl(patient.id), flagType: String(type), flagText: text });
		const results = await Promise.all([add(a.id, 'first'), add(b.id, 'second')]);
		for (const result of results) expect(result.error).toBeUndefined();
		const flags = patients.get(patient.id)!.patient_flags_attached as Array<{ flag_type: number; flag_text: string }>;
		expect(flags.map((f) => f.flag_text).sort()).toEqual(['first', 'second']);
		// Each output is the patient as read after its own write, with its flag.
		expect((json(results[0]).patient_flags_attached as Array<{ flag_text: string }>).map((f) => f.flag_text)).toContain('first');
		expect((json(results[1]).patient_flags_attached as Array<{ flag_text: string }>).map((f) => f.flag_text)).toContain('second');
	});

	it('Patient > Add Flag reads the patient with verbose=true (the flags are verbose-only)', async () => {
		const patient = sandbox.store.collection('patients').all()[3];
		const type = sandbox.store.collection('patient_flag_types').all()[0];
		const before = sandbox.stats().callsByPath['GET /api/patients/{id}'] ?? 0;
		const result = await run(sandbox, { resource: 'patient', operation: 'addFlag', id: rl(patient.id), flagType: String(type.id) });
		expect(result.error).toBeUndefined();
		expect(json(result).patient_flags_attached).toEqual(expect.arrayContaining([expect.objectContaining({ flag_type: type.id })]));
		expect((sandbox.stats().callsByPath['GET /api/patients/{id}'] ?? 0) - before).toBe(2);
	});

	it('Office > Add Exam Room at the maximum fails with DrChrono’s own words (a bare JSON array)', async () => {
		const office = sandbox.store.collection('offices').all()[0];
		const rooms = office.exam_rooms as Array<{ index: number; name: string; online_scheduling: boolean }>;
		while (rooms.length < 10) rooms.push({ index: rooms.length + 1, name: `Room ${rooms.length + 1}`, online_scheduling: true });
		const result = await run(sandbox, { resource: 'office', operation: 'addExamRoom', id: rl(office.id), examRoomName: 'One Too Many' });
		expect(result.error?.message).toContain('Office already has the maximum number of exam rooms');
		expect(result.error?.httpCode).toBe('400');
		expect(rooms.map((r) => r.name)).not.toContain('One Too Many');
	});

	it('Patient Flag Type needs the settings scope too; the error names both scopes', async () => {
		const result = await run(
			sandbox,
			{ resource: 'patientFlagType', operation: 'getAll', returnAll: false, limit: 5 },
			{ scopes: ['patients:read', 'patients:write'] },
		);
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain('patients:read and settings:read');
	});

	it('Update reads the object back as the user chose: with Verbose, the verbose-only fields are there', async () => {
		const allergy = sandbox.store.collection('allergies').all()[0];
		const update = (verbose: boolean) =>
			run(sandbox, { resource: 'allergy', operation: 'update', id: rl(allergy.id), updateFields: { reaction: 'Hives' }, verbose });
		const plain = await update(false);
		expect(plain.error).toBeUndefined();
		expect(json(plain)).toMatchObject({ id: allergy.id, reaction: 'Hives' });
		expect(json(plain)).not.toHaveProperty('description');
		const verbose = await update(true);
		expect(json(verbose)).toMatchObject({ id: allergy.id, reaction: 'Hives', description: allergy.description });
	});

	it('Custom API Call reaches an endpoint no resource covers (a batch create: a JSON array)', async () => {
		const doctor = sandbox.store.collection('doctors').all()[0].id;
		const before = sandbox.store.collection('patients').size;
		const result = await run(sandbox, {
			resource: 'customApiCall',
			method: 'POST',
			path: '/api/patients',
			query: '{}',
			body: JSON.stringify([
				{ doctor, gender: 'Male', first_name: 'Batch', last_name: 'One' },
				{ doctor, gender: 'Female', first_name: 'Batch', last_name: 'Two' },
			]),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items.map((i) => i.json.last_name)).toEqual(['One', 'Two']);
		expect(sandbox.store.collection('patients').size).toBe(before + 2);
	});

	it('Custom API Call reaches a path outside the resources (the call arrives; the sandbox has no such endpoint)', async () => {
		const result = await run(sandbox, { resource: 'customApiCall', method: 'GET', path: '/api/patients_summary', query: '{"page_size": 5}' });
		expect(sandbox.stats().callsByPath['GET /api/patients_summary']).toBe(1);
		expect(result.error?.message).toContain('404');
	});
});
