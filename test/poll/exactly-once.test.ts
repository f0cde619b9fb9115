/**
 * The DrChrono Poll Trigger through n8n-core's PollContext against the sandbox: each record version
 * is emitted exactly once across polls, whatever happens between and during them.
 */
import { startPollWorld, versions, versionsOf } from './helpers';
import type { PollWorld } from './helpers';

const LIST = '/api/patient_lab_results';
let world: PollWorld;

beforeAll(async () => {
	world = await startPollWorld();
});
afterAll(async () => {
	await world.sandbox.close();
});
afterEach(async () => {
	await world.control('faults', {});
});

describe('DrChrono Poll Trigger: exactly once', () => {
	test('first activation emits nothing, even with recent history', async () => {
		await world.createLabResults(3);
		world.clock.advance(5);
		const trigger = world.trigger();
		const first = await trigger.poll();
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		expect(first.logs.join('\n')).toMatch(/first poll/);
		// And the history stays behind the cursor on the next poll.
		world.clock.advance(5);
		expect((await trigger.poll()).items).toBeNull();
	});

	test('three polls with changes between them emit exactly the changed records', async () => {
		const trigger = world.trigger({ event: 'newOrUpdatedLabResult' });
		expect((await trigger.poll()).items).toBeNull();

		world.clock.advance(3);
		const batch1 = await world.createLabResults(2);
		world.clock.advance(3);
		const poll1 = await trigger.poll();
		expect(versions(poll1.items)).toEqual(versionsOf(batch1));
		expect(poll1.items!.every((i) => i.json.event === 'lab_result.created' && typeof i.json.polledAt === 'string')).toBe(true);

		world.clock.advance(3);
		const updated = await world.update('patient_lab_results', batch1[0].id as number, { doctor_comments: 'Reviewed' });
		const batch2 = await world.createLabResults(1);
		world.clock.advance(3);
		const poll2 = await trigger.poll();
		expect(versions(poll2.items)).toEqual(versionsOf([updated, ...batch2]));
		const updatedItem = poll2.items!.find((i) => i.json.id === updated.id)!;
		expect(updatedItem.json.event).toBe('lab_result.updated');
		expect(updatedItem.json.doctor_comments).toBe('Reviewed');

		world.clock.advance(3);
		const batch3 = await world.createLabResults(3);
		const poll3 = await trigger.poll();
		expect(versions(poll3.items)).toEqual(versionsOf(batch3));

		world.clock.advance(60);
		expect((await trigger.poll()).items).toBeNull();
	});

	test('"New Lab Result" emits a record once, not again when it is updated', async () => {
		const trigger = world.trigger({ event: 'newLabResult' });
		await trigger.poll();
		world.clock.advance(2);
		const [created] = await world.createLabResults(1);
		world.clock.advance(2);
		expect((await trigger.poll()).items!.map((i) => i.json.id)).toEqual([created.id]);
		world.clock.advance(2);
		await world.update('patient_lab_results', created.id as number, { doctor_signoff: true });
		world.clock.advance(2);
		expect((await trigger.poll()).items).toBeNull();
	});

	test('records that share the cursor second are each emitted once', async () => {
		const trigger = world.trigger({ event: 'newOrUpdatedLabResult' });
		await trigger.poll();
		world.clock.advance(2);
		// A and the poll in the same second; then B in that same second after the poll.
		const a = await world.createLabResults(2);
		const poll1 = await trigger.poll();
		expect(versions(poll1.items)).toEqual(versionsOf(a));
		const b = await world.createLabResults(2);
		const poll2 = await trigger.poll();
		expect(versions(poll2.items)).toEqual(versionsOf(b));
		// Still that second: nothing new, nothing again.
		expect((await trigger.poll()).items).toBeNull();
		world.clock.advance(1);
		expect((await trigger.poll()).items).toBeNull();
	});

	test('records changed while a poll reads its pages are emitted once, in this poll or the next', async () => {
		const trigger = world.trigger({ event: 'newOrUpdatedLabResult' });
		await trigger.poll();
		world.clock.advance(2);
		const rows = await world.createLabResults(300);
		world.clock.advance(2);
		await world.resetStats();
		// Every list call waits 400 ms before the sandbox reads the store.
		await world.control('faults', { latencyMs: 400, pathFilter: 'patient_lab_results' });
		const running = trigger.poll();
		// Page 1 has been read once the sandbox counted the call; page 2 is waiting its latency.
		while (world.calls(LIST) < 1) await new Promise((r) => setTimeout(r, 5));
		await new Promise((r) => setTimeout(r, 150));
		world.clock.advance(1);
		const early = await world.update('patient_lab_results', rows[0].id as number, { doctor_comments: 'changed during poll' });
		const [late] = await world.createLabResults(1, { title: 'created during poll' });
		const during = await running;
		await world.control('faults', {});
		expect(world.calls(LIST)).toBe(2);

		world.clock.advance(2);
		const after = await trigger.poll();
		const all = [...versions(during.items), ...versions(after.items)].sort();
		// Every version that exists at the end, each once: the early row's first version was read on
		// page 1 before it changed, so both of its versions are there.
		const expected = versionsOf([...rows, early, late]);
		expect(all).toEqual(expected);
		expect(new Set(all).size).toBe(all.length);
		// The change to a row on the page already read waits for the next poll; it is not lost.
		expect(versions(after.items)).toContain(`${early.id}@${early.updated_at}`);
	});

	test('a failing poll emits nothing, keeps the cursor, and the next poll loses nothing', async () => {
		const trigger = world.trigger({ event: 'newOrUpdatedLabResult' });
		await trigger.poll();
		const before = trigger.saved;
		world.clock.advance(2);
		const rows = await world.createLabResults(4);
		world.clock.advance(2);

		await world.control('faults', { errorRate: 1, errorStatus: 500, pathFilter: 'patient_lab_results' });
		const failed = await trigger.poll();
		expect(failed.items).toBeNull();
		expect(failed.error?.message).toMatch(/500|DrChrono/);
		expect(trigger.saved).toEqual(before);

		// A dropped connection (retried, then given up) does the same.
		await world.control('faults', { resetRate: 1, pathFilter: 'patient_lab_results' });
		const dropped = await trigger.poll();
		expect(dropped.items).toBeNull();
		expect(dropped.error).toBeDefined();
		expect(trigger.saved).toEqual(before);

		await world.control('faults', {});
		const recovered = await trigger.poll();
		expect(versions(recovered.items)).toEqual(versionsOf(rows));
		expect((await trigger.poll()).items).toBeNull();
	}, 30_000);

	test('an idle poll costs one call; N changes cost ceil(N / 250) calls', async () => {
		world.clock.advance(10);
		const trigger = world.trigger({ event: 'newOrUpdatedLabResult' });
		await trigger.poll();
		world.clock.advance(10);
		await world.resetStats();
		expect((await trigger.poll()).items).toBeNull();
		expect(world.sandbox.stats().calls).toBe(1);
		expect(world.calls(LIST)).toBe(1);

		world.clock.advance(2);
		await world.createLabResults(600);
		world.clock.advance(2);
		await world.resetStats();
		const busy = await trigger.poll();
		expect(busy.items).toHaveLength(600);
		expect(world.calls(LIST)).toBe(3);
	});
});
