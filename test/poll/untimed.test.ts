/**
 * Lists whose records carry no change time, polled against the sandbox, which answers exactly the
 * OpenAPI schema's fields: clinical notes (the schema has no time field and no id). The cursor
 * must still move, updates must be emitted, and the state must stay bounded.
 */
import type { IDataObject } from 'n8n-workflow';

import { startPollWorld } from './helpers';
import type { PollWorld } from './helpers';

const NOTES = '/api/clinical_notes';
const HOUR = 3_600;
let world: PollWorld;

/** Only Date is faked: the node's clock follows the sandbox's, timers stay real. */
function followClock(): void {
	jest.setSystemTime(world.clock.now());
}

beforeAll(async () => {
	jest.useFakeTimers({
		doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'],
	});
	world = await startPollWorld({ tokenTtlSeconds: 60 * 86_400 });
	followClock();
});
afterAll(async () => {
	jest.useRealTimers();
	await world.sandbox.close();
});

function advance(seconds: number) {
	world.clock.advance(seconds);
	followClock();
}

test('the sandbox answers clinical notes without any time field, as the OpenAPI schema says', async () => {
	const token = world.sandbox.issueToken();
	const res = await fetch(`${world.sandbox.url}${NOTES}?page_size=5&since=2000-01-01`, { headers: { Authorization: `Bearer ${token.access_token}` } });
	const page = (await res.json()) as { results: IDataObject[] };
	expect(page.results.length).toBeGreaterThan(0);
	for (const row of page.results) expect(Object.keys(row).filter((k) => /_at$|time/.test(k))).toEqual([]);
});

test('a week of clinical note changes: each version emitted once, updates again, one call per idle poll at the end as at the start, bounded state', async () => {
	const notes = world.sandbox.store.collection('clinical_notes').all().slice(0, 40);
	expect(notes.length).toBe(40);
	const trigger = world.trigger({ event: 'newOrUpdatedClinicalNote' });
	expect((await trigger.poll()).items).toBeNull();
	advance(HOUR);
	await world.resetStats();
	expect((await trigger.poll()).items).toBeNull();
	const idleCallsAtStart = world.sandbox.stats().calls;
	expect(idleCallsAtStart).toBe(1);

	const expected: string[] = [];
	const emitted: string[] = [];
	let maxSeen = 0;
	for (let day = 0; day < 7; day++) {
		for (let hour = 0; hour < 24; hour++) {
			advance(HOUR);
			if (hour === 9 || hour === 15) {
				// Six notes change each time; the same notes come round again on later days (updates).
				for (let i = 0; i < 6; i++) {
					const note = notes[(day * 12 + (hour === 9 ? 0 : 6) + i) % notes.length];
					const archived = !(world.sandbox.store.collection('clinical_notes').get(note.id as number)!.archived as boolean);
					await world.update('clinical_notes', note.id as number, { archived });
					// The schema has no id: a note is known by its appointment.
					expected.push(`${String(note.appointment)}:${day}:${hour}`);
				}
				advance(60);
			}
			const outcome = await trigger.poll();
			expect(outcome.error).toBeUndefined();
			for (const item of outcome.items ?? []) emitted.push(`${String(item.json.appointment)}:${day}:${hour}`);
			maxSeen = Math.max(maxSeen, (trigger.savedCursor!.seen as string[]).length);
		}
	}
	// Every change emitted once, in the poll right after it.
	expect(emitted.sort()).toEqual(expected.sort());
	// Idle at the end costs what it cost at the start.
	advance(HOUR);
	await world.resetStats();
	expect((await trigger.poll()).items).toBeNull();
	expect(world.sandbox.stats().calls).toBe(idleCallsAtStart);
	// The state holds what changed in the last read's window (13 h: at most two batches of six), not the week.
	expect(maxSeen).toBeLessThanOrEqual(12);
}, 120_000);
