/**
 * What the node refuses before spending a call, how DrChrono's refusals reach the user, and how
 * items fail one by one (Continue On Fail, item indexes).
 */
import type { Sandbox } from '../sandbox';
import { json, rl, run, startNodeSandbox } from './helpers';
import { ALL_SCOPES } from '../sandbox';

describe('validation and errors', () => {
	let sandbox: Sandbox;
	let doctor: number;
	let patient: number;
	let office: number;

	beforeAll(async () => {
		sandbox = await startNodeSandbox();
		doctor = sandbox.store.collection('doctors').all()[0].id;
		patient = sandbox.store.collection('patients').all()[0].id;
		office = sandbox.store.collection('offices').all()[0].id;
	});
	afterAll(async () => sandbox.close());

	/**
	 * Runs and checks that the sandbox saw no call at all. n8n itself refuses to start a workflow
	 * whose required parameters are empty (it throws before running); the node refuses what only
	 * shows at run time (expressions).
	 */
	const refusedBeforeAnyCall = async (parameters: Record<string, unknown>, items?: Array<{ json: object }>) => {
		const before = sandbox.stats();
		let error: (Error & { description?: string | null }) | undefined;
		try {
			error = (await run(sandbox, parameters, { items: items as never })).error;
		} catch (thrown) {
			error = thrown as Error;
		}
		const after = sandbox.stats();
		expect(after.calls).toBe(before.calls);
		expect(after.callsByPath).toEqual(before.callsByPath);
		expect(error).toBeDefined();
		return error!;
	};

	it('a required field left empty in the editor: n8n refuses to run the node, naming the field', async () => {
		const status = sandbox.store.collection('task_statuses').all()[0].id;
		const error = await refusedBeforeAnyCall({ resource: 'task', operation: 'create', title: '', status });
		expect(error.message).toContain('Parameter "Title" is required');
	});

	it('a required field an expression leaves empty fails before any call, naming the field', async () => {
		const error = await refusedBeforeAnyCall(
			{
				resource: 'patient',
				operation: 'create',
				doctor: { __rl: true, mode: 'id', value: '={{ $json.doctor }}' },
				gender: 'Female',
			},
			[{ json: { name: 'no doctor here' } }],
		);
		expect(error.message).toBe('Doctor is required');
		expect(error.description).toContain('"doctor"');

		const status = sandbox.store.collection('task_statuses').all()[0].id;
		const title = await refusedBeforeAnyCall(
			{ resource: 'task', operation: 'create', title: '={{ $json.title }}', status },
			[{ json: {} }],
		);
		expect(title.message).toBe('Title is required');
	});

	it('a value outside a field’s choices (set by an expression) fails before any call, naming the field and the choices', async () => {
		const error = await refusedBeforeAnyCall({
			resource: 'patient',
			operation: 'create',
			doctor: rl(doctor),
			gender: '={{ "Robot" }}',
		});
		expect(error.message).toBe('"Robot" is not a valid Gender');
		expect(error.description).toContain('gender');
		expect(error.description).toContain('Female');
	});

	it('a bad enum in Additional Fields and in Update Fields is refused too', async () => {
		const status = sandbox.store.collection('task_statuses').all()[0].id;
		const created = await refusedBeforeAnyCall({
			resource: 'task',
			operation: 'create',
			title: 'Refill',
			status,
			additionalFields: { priority: '={{ "99" }}' },
		});
		expect(created.message).toBe('"99" is not a valid Priority');

		const task = sandbox.store.collection('tasks').all()[0];
		const priorityBefore = task.priority;
		const updated = await refusedBeforeAnyCall({
			resource: 'task',
			operation: 'update',
			id: rl(task.id),
			updateFields: { priority: '={{ "99" }}' },
		});
		expect(updated.message).toBe('"99" is not a valid Priority');
		expect(sandbox.store.collection('tasks').get(task.id)?.priority).toBe(priorityBefore);

		const payment = await refusedBeforeAnyCall({
			resource: 'patientPayment',
			operation: 'create',
			patient: rl(patient),
			amount: 10,
			additionalFields: { payment_method: '={{ "BITCOIN" }}' },
		});
		expect(payment.message).toBe('"BITCOIN" is not a valid Payment Method');
	});

	it('Update with no fields fails before any call', async () => {
		const error = await refusedBeforeAnyCall({ resource: 'patient', operation: 'update', id: rl(patient), updateFields: {} });
		expect(error.message).toBe('No fields to update');
	});

	it('Appointment Get Many without Since, Date or Date Range fails before any call', async () => {
		const error = await refusedBeforeAnyCall({ resource: 'appointment', operation: 'getAll', returnAll: true, filters: { doctor } });
		expect(error.message).toContain('Add one of these filters');
		expect(error.message).toContain('Date');
		expect(error.message).toContain('Since');
	});

	it('Appointment Get Many over more than 190 days fails before any call', async () => {
		const error = await refusedBeforeAnyCall({
			resource: 'appointment',
			operation: 'getAll',
			returnAll: true,
			filters: { date_range: '2026-01-01/2026-12-31' },
		});
		expect(error.message).toContain('190');
	});

	it('Appointment Create without Duration or Profile fails before any call', async () => {
		const error = await refusedBeforeAnyCall({
			resource: 'appointment',
			operation: 'create',
			doctor: rl(doctor),
			office: rl(office),
			exam_room: 1,
			patient: rl(patient),
			scheduled_time: '2028-05-01T09:00:00',
			additionalFields: { reason: 'Check-up' },
		});
		expect(error.message).toContain('Duration');
		expect(error.message).toContain('Appointment Profile');
	});

	it('Appointment Create with a profile instead of a duration takes the profile’s duration', async () => {
		const profile = sandbox.store.collection('appointment_profiles').all()[0];
		const result = await run(sandbox, {
			resource: 'appointment',
			operation: 'create',
			doctor: rl(doctor),
			office: rl(office),
			exam_room: 2,
			patient: rl(patient),
			scheduled_time: '2028-05-01T09:00:00',
			additionalFields: { profile: String(profile.id) },
		});
		expect(result.error).toBeUndefined();
		const stored = sandbox.store.collection('appointments').get(Number(json(result).id));
		expect(stored).toMatchObject({ profile: profile.id, duration: profile.duration });
	});

	it('Insurance Get Many requires a payer type', async () => {
		const error = await refusedBeforeAnyCall(
			{ resource: 'insurance', operation: 'getAll', payer_type: '={{ $json.type }}', limit: 5 },
			[{ json: {} }],
		);
		expect(error.message).toBe('Payer Type is required');
	});

	it('a 403 names the scope the credential is missing', async () => {
		const scopes = ALL_SCOPES.filter((s) => s !== 'tasks:write');
		const status = sandbox.store.collection('task_statuses').all()[0].id;
		const before = sandbox.store.collection('tasks').size;
		const result = await run(sandbox, { resource: 'task', operation: 'create', title: 'Call back', status }, { scopes });
		expect(result.error?.message).toContain('403');
		expect(result.error?.description).toContain('tasks:write');
		expect(sandbox.store.collection('tasks').size).toBe(before);

		// Reading still works with tasks:read.
		const read = await run(sandbox, { resource: 'task', operation: 'getAll', limit: 2 }, { scopes });
		expect(read.error).toBeUndefined();
		expect(read.items).toHaveLength(2);
	});

	it('a 403 on a billing:patient-payment resource names that scope', async () => {
		const scopes = ALL_SCOPES.filter((s) => !s.startsWith('billing:patient-payment'));
		const result = await run(sandbox, { resource: 'patientPayment', operation: 'getAll', limit: 1 }, { scopes });
		expect(result.error?.description).toContain('billing:patient-payment:read');
	});

	it("DrChrono's own field errors reach the user (400)", async () => {
		const result = await run(sandbox, {
			resource: 'patientPayment',
			operation: 'create',
			patient: rl(patient),
			amount: 0,
		});
		expect(result.error?.message).toContain('400');
		expect(result.error?.message).toContain('amount');
	});

	it('Continue On Fail: 3 items, the middle one bad: 3 output items, the middle one carries the error', async () => {
		const before = sandbox.store.collection('patients').size;
		const result = await run(
			sandbox,
			{
				resource: 'patient',
				operation: 'create',
				doctor: rl(doctor),
				gender: '={{ $json.gender }}',
				additionalFields: { first_name: '={{ $json.first }}', last_name: 'Continue' },
			},
			{
				continueOnFail: true,
				items: [
					{ json: { first: 'One', gender: 'Female' } },
					{ json: { first: 'Two', gender: 'Robot' } },
					{ json: { first: 'Three', gender: 'Male' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json).toMatchObject({ first_name: 'One' });
		expect(result.items[1].json.error).toBe('"Robot" is not a valid Gender');
		expect(result.items[2].json).toMatchObject({ first_name: 'Three' });
		expect(sandbox.store.collection('patients').size).toBe(before + 2);
	});

	it('Continue On Fail also keeps the other items when DrChrono refuses one (404)', async () => {
		const ids = [patient, 999_999_999, sandbox.store.collection('patients').all()[1].id];
		const result = await run(
			sandbox,
			{ resource: 'patient', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			{ continueOnFail: true, items: ids.map((id) => ({ json: { id } })) },
		);
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.id).toBe(ids[0]);
		expect(String(result.items[1].json.error)).toContain('404');
		expect(result.items[2].json.id).toBe(ids[2]);
	});

	it('without Continue On Fail the run stops at the bad item, with its index on the error', async () => {
		const before = sandbox.store.collection('patients').size;
		const result = await run(
			sandbox,
			{
				resource: 'patient',
				operation: 'create',
				doctor: rl(doctor),
				gender: '={{ $json.gender }}',
				additionalFields: { first_name: '={{ $json.first }}', last_name: 'Stops' },
			},
			{ items: [{ json: { first: 'A', gender: 'Female' } }, { json: { first: 'B', gender: 'Robot' } }, { json: { first: 'C', gender: 'Male' } }] },
		);
		expect(result.error?.message).toBe('"Robot" is not a valid Gender');
		expect(result.error?.context?.itemIndex).toBe(1);
		// Items run in order, one at a time: the first was created, the third never sent.
		expect(sandbox.store.collection('patients').size).toBe(before + 1);
	});

	it('an API error also carries the index of the item that failed', async () => {
		const result = await run(
			sandbox,
			{ resource: 'patient', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			{ items: [{ json: { id: patient } }, { json: { id: 999_999_999 } }] },
		);
		expect(result.error?.message).toContain('404');
		expect(result.error?.context?.itemIndex).toBe(1);
	});

	it('a By URL locator in Additional Fields is reduced to its ID', async () => {
		const result = await run(sandbox, {
			resource: 'message',
			operation: 'create',
			doctor: rl(doctor),
			title: 'About a patient',
			additionalFields: {
				patient: { __rl: true, mode: 'url', value: `https://app.drchrono.com/patients/${patient}/` },
			},
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.store.collection('messages').get(json(result).id as number)?.patient).toBe(patient);
	});
});
