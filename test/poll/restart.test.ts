/**
 * What survives what, in process: n8n's activations and its saving rules per line (the harness
 * models both), against the sandbox. Restarts continue from the saved cursor; where n8n will not
 * save or lost the state, the trigger says so; reactivation continues unless told otherwise; a
 * long downtime is caught up page by page over several polls.
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

describe.each(['1', '2'] as const)('n8n %s saving rules', (line) => {
	test('a restart continues from the saved cursor: every version exactly once, ties included', async () => {
		const trigger = world.trigger({ event: 'newOrUpdatedLabResult' }, {}, { line });
		expect((await trigger.poll()).items).toBeNull();
		world.clock.advance(2);
		const tie = await world.createLabResults(4);
		world.clock.advance(2);
		const before = await trigger.poll();
		expect(versions(before.items)).toEqual(versionsOf(tie));
		world.clock.advance(2);
		expect((await trigger.poll()).items).toBeNull();

		// n8n stops; three results arrive while it is down; it starts again.
		world.clock.advance(30);
		const whileDown = await world.createLabResults(3);
		world.clock.advance(30);
		trigger.restart();
		const atStart = await trigger.poll();
		expect(atStart.logs.join('\n')).not.toMatch(/first poll|no saved poll state|does not save/);
		expect(versions(atStart.items)).toEqual(versionsOf(whileDown));
		world.clock.advance(2);
		const after = await world.createLabResults(1);
		world.clock.advance(2);
		expect(versions((await trigger.poll()).items)).toEqual(versionsOf(after));
		expect((await trigger.poll()).items).toBeNull();
	});

	test('a workflow id n8n will not save for is named in the log on activation', async () => {
		const tooLong = line === '1' ? 'drcLabResultTask1' : 'drcLabResultTask1234567';
		const trigger = world.trigger({ event: 'newLabResult' }, {}, { line, workflowId: tooLong });
		const first = await trigger.poll();
		expect(first.logs.join('\n')).toMatch(new RegExp(`does not save .* longer than ${line === '1' ? 16 : 21} characters.*${tooLong}`));
		// Said once per activation, not on every poll.
		expect((await trigger.poll()).logs.join('\n')).not.toMatch(/does not save/);
	});

	test('a cursor missing on a workflow that was active before is reported, not silently started over', async () => {
		const trigger = world.trigger({ event: 'newLabResult' }, {}, { line });
		await trigger.poll();
		world.clock.advance(2);
		await world.createLabResults(1);
		world.clock.advance(2);
		await trigger.poll();
		trigger.loseSavedState();
		trigger.restart();
		const atStart = await trigger.poll();
		expect(atStart.logs.join('\n')).toMatch(/no saved poll state although n8n started with this workflow active/);
	});
});

describe('deactivate, then activate again', () => {
	test('continues where it stopped by default: what changed while inactive is emitted', async () => {
		const trigger = world.trigger({ event: 'newLabResult' });
		await trigger.poll();
		world.clock.advance(2);
		const whileInactive = await world.createLabResults(2);
		world.clock.advance(2);
		trigger.activate('activate');
		const first = await trigger.poll();
		expect(first.logs.join('\n')).not.toMatch(/first poll/);
		expect(versions(first.items)).toEqual(versionsOf(whileInactive));
	});

	test('On Reactivation "Start From Now" skips what changed while inactive, then emits what follows', async () => {
		const trigger = world.trigger({ event: 'newLabResult', options: { onReactivation: 'startFromNow' } });
		await trigger.poll();
		world.clock.advance(2);
		await world.createLabResults(2);
		world.clock.advance(2);
		trigger.activate('activate');
		const first = await trigger.poll();
		expect(first.items).toBeNull();
		expect(first.logs.join('\n')).toMatch(/activated again; emitting changes from now on/);
		world.clock.advance(2);
		const later = await world.createLabResults(1);
		world.clock.advance(2);
		expect(versions((await trigger.poll()).items)).toEqual(versionsOf(later));
		// A restart of n8n is not a reactivation: it continues.
		world.clock.advance(2);
		const whileDown = await world.createLabResults(1);
		world.clock.advance(2);
		trigger.restart();
		expect(versions((await trigger.poll()).items)).toEqual(versionsOf(whileDown));
	});
});

test('a long downtime is caught up page by page over several polls, nothing skipped, nothing twice, at most 10 calls a poll', async () => {
	const trigger = world.trigger({ event: 'newOrUpdatedLabResult' });
	await trigger.poll();
	world.clock.advance(60);
	// A weekend of results: 27 batches of 100, ten minutes apart.
	const backlog = [];
	for (let i = 0; i < 27; i++) {
		backlog.push(...(await world.createLabResults(100)));
		world.clock.advance(600);
	}
	trigger.restart();
	const seen: string[] = [];
	const callsPerPoll: number[] = [];
	const emittedPerPoll: number[] = [];
	for (let i = 0; i < 4; i++) {
		await world.resetStats();
		const outcome = await trigger.poll();
		expect(outcome.error).toBeUndefined();
		callsPerPoll.push(world.calls(LIST));
		emittedPerPoll.push(outcome.items?.length ?? 0);
		// In change-time order within a poll.
		const times = (outcome.items ?? []).map((item) => String(item.json.updated_at));
		expect(times).toEqual([...times].sort());
		seen.push(...versions(outcome.items));
		world.clock.advance(60);
	}
	expect(seen.sort()).toEqual(versionsOf(backlog));
	expect(new Set(seen).size).toBe(seen.length);
	// 2,700 results are 11 pages: ten in the first poll, the last one in the second; then idle.
	expect(callsPerPoll).toEqual([10, 1, 1, 1]);
	// (Page 1 may also hold results of earlier tests that were seen already.)
	expect(emittedPerPoll[0]).toBeGreaterThan(2_400);
	expect(emittedPerPoll).toEqual([emittedPerPoll[0], 2_700 - emittedPerPoll[0], 0, 0]);
}, 60_000);
