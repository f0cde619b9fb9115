/**
 * The Poll Trigger's other promises, through n8n-core's PollContext against the sandbox: the test
 * event, Start From, filters, appointments' date rule, and polls that find no quota.
 */
import { appointment } from '../../nodes/DrChrono/resources/appointment';
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

describe('DrChrono Poll Trigger', () => {
	test('"Fetch test event" returns the most recent record and leaves the cursor alone', async () => {
		world.clock.advance(30);
		await world.createLabResults(2);
		world.clock.advance(30);
		const [latest] = await world.createLabResults(1, { title: 'Latest result' });
		world.clock.advance(30);
		const trigger = world.trigger({ event: 'newOrUpdatedLabResult' });
		const test = await trigger.poll('manual');
		expect(test.error).toBeUndefined();
		expect(test.items).toHaveLength(1);
		expect(test.items![0].json).toMatchObject({ id: latest.id, title: 'Latest result', event: 'lab_result.created' });
		expect(trigger.saved).toEqual({});
		// Activation afterwards still starts from now.
		expect((await trigger.poll()).items).toBeNull();
	});

	test('Start From emits the records changed since that date on the first poll', async () => {
		world.clock.advance(30);
		const from = new Date(world.clock.now()).toISOString().slice(0, 19);
		world.clock.advance(2);
		const rows = await world.createLabResults(3);
		world.clock.advance(2);
		const trigger = world.trigger({ event: 'newLabResult', options: { startFrom: from } });
		expect(versions((await trigger.poll()).items)).toEqual(versionsOf(rows));
		expect((await trigger.poll()).items).toBeNull();
	});

	test('filters go to DrChrono: only the ordering doctor asked for', async () => {
		const trigger = world.trigger({ event: 'newLabResult', filters: { ordering_doctor: world.doctorId } });
		await trigger.poll();
		world.clock.advance(2);
		const mine = await world.createLabResults(2);
		await world.createLabResults(2, { ordering_doctor: world.otherDoctorId });
		world.clock.advance(2);
		const items = (await trigger.poll()).items!;
		expect(versions(items)).toEqual(versionsOf(mine));
		expect(items.every((i) => i.json.ordering_doctor === world.doctorId)).toBe(true);
	});

	test('appointments: since satisfies the date rule; a range over 190 days is refused before any call', async () => {
		const trigger = world.trigger({ event: 'newOrUpdatedAppointment', options: { simplify: true } });
		const first = await trigger.poll();
		expect(first.error).toBeUndefined();
		world.clock.advance(2);
		const appt = world.sandbox.store.collection('appointments').all().find((a) => !a.deleted_flag)!;
		const changed = await world.update('appointments', appt.id as number, { notes: 'moved by phone' });
		world.clock.advance(2);
		const items = (await trigger.poll()).items!;
		// DrChrono answers an appointment's id as a JSON string.
		expect(items.map((i) => i.json.id)).toEqual([String(changed.id)]);
		expect(items[0].json.event).toBe('appointment.updated');
		// Simplify: the action node's field list, plus event and polledAt.
		expect(items[0].json.notes).toBe('moved by phone');
		expect(appt).toHaveProperty('recurring_appointment');
		expect(items[0].json).not.toHaveProperty('recurring_appointment');
		expect(Object.keys(items[0].json).length).toBeLessThanOrEqual(appointment.simplify!.length + 2);

		await world.resetStats();
		const wide = world.trigger({
			event: 'newOrUpdatedAppointment',
			options: { scheduledFrom: '2026-01-01', scheduledTo: '2026-12-31' },
		});
		const refused = await wide.poll();
		expect(refused.error?.message).toMatch(/190 days/);
		expect(world.sandbox.stats().calls).toBe(0);
	});

	test('a poll that finds no quota is skipped with a log line, makes no call, and the next one catches up', async () => {
		// A 1-call budget in a 4 s window: the first poll spends it.
		const credential = { quotaPerHour: 1, quotaWindowSeconds: 4 };
		const waitForWindowStart = async () => {
			const rest = 4000 - (Date.now() % 4000);
			if (rest < 2500) await new Promise((r) => setTimeout(r, rest + 50));
		};
		await waitForWindowStart();
		const trigger = world.trigger({ event: 'newLabResult' }, credential);
		expect((await trigger.poll()).error).toBeUndefined();
		const cursor = trigger.saved;
		world.clock.advance(2);
		const rows = await world.createLabResults(2);
		await world.resetStats();

		const skipped = await trigger.poll();
		expect(skipped.error).toBeUndefined();
		expect(skipped.items).toBeNull();
		expect(skipped.logs.join('\n')).toMatch(/poll skipped.*quota/);
		expect(world.calls(LIST)).toBe(0);
		expect(trigger.saved).toEqual(cursor);

		await new Promise((r) => setTimeout(r, 4000 - (Date.now() % 4000) + 50));
		const caughtUp = await trigger.poll();
		expect(versions(caughtUp.items)).toEqual(versionsOf(rows));
	}, 20_000);
});
