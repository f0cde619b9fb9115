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
