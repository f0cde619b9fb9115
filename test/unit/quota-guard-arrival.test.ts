/**
 * Every caller is judged against its policy when it arrives, not when the guard's loop next wakes;
 * and the wait queue is bounded.
 */
import { QuotaExhaustedError, QuotaGuard, QuotaQueueFullError } from '../../nodes/DrChrono/quota';
import { HOUR, T0 } from './fake-clock';
import { FAIL, WAIT, guardSettings, take } from './guard-fixtures';
import { ManualClock, stateOf } from './manual-clock';

describe('QuotaGuard: callers are judged when they arrive', () => {
	// A 4 s window (a sandbox's scaled hour), a caller arriving 2.1 s before its reset.
	const start = Date.UTC(2026, 10, 28, 14, 0, 1, 900);
	const reset = Date.UTC(2026, 10, 28, 14, 0, 4);

	it('refuses a Fail caller at once while another caller waits for the reset', async () => {
		const clock = new ManualClock(start);
		const guard = new QuotaGuard(guardSettings({ quota: 1, windowMs: 4000 }), clock);
		await take(guard, WAIT);
		const queued = guard.acquire(WAIT);
		expect(await stateOf(queued)).toBe('pending');

		const failing = guard.acquire(FAIL);
		expect(await stateOf(failing)).toBe('rejected');
		const error = (await failing.catch((e: Error) => e)) as Error;
		expect(error).toBeInstanceOf(QuotaExhaustedError);
		expect(error.message).toBe('DrChrono quota per 4 s window of 1 calls used up; it resets at 14:00:08 UTC (in 7 s)');
		expect(clock.now()).toBe(start);

		// At the reset the waiting caller gets the slot, on time; the Fail caller never got one.
		await clock.advance(2100);
		expect(await stateOf(queued)).toBe('fulfilled');
		expect(clock.now()).toBe(reset);
		expect(guard.snapshot()).toMatchObject({ granted: 2, queued: 0 });
	});

	it('refuses a 200 ms Max Wait caller at once when the reset is 2.1 s away', async () => {
		const clock = new ManualClock(start);
		const guard = new QuotaGuard(guardSettings({ quota: 1, windowMs: 4000 }), clock);
		await take(guard, WAIT);
		const queued = guard.acquire(WAIT);
		const impatient = guard.acquire({ onExhausted: 'wait', maxWaitMs: 200 });
		expect(await stateOf(impatient)).toBe('rejected');
		expect(((await impatient.catch((e: Error) => e)) as Error).message).toContain('later than the maximum wait');
		expect(clock.now()).toBe(start);
		await clock.advance(2100);
		await queued;
		expect(guard.snapshot().granted).toBe(2);
	});

	it('lets a Fail caller through the burst cap: a second or so is not a reset', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(guardSettings({ perSecond: 1 }), clock);
		await take(guard, FAIL);
		const next = guard.acquire(FAIL);
		expect(await stateOf(next)).toBe('pending');
		await clock.advance(1000);
		expect(await stateOf(next)).toBe('fulfilled');
	});

	it('wakes a waiter as soon as a slot is due: a raised quota frees it at once, not at the reset', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 1 }), clock);
		await take(guard, WAIT);
		const queued = guard.acquire(WAIT);
		expect(await stateOf(queued)).toBe('pending');
		guard.configure(guardSettings({ quota: 2 }));
		expect(await stateOf(queued)).toBe('fulfilled');
		expect(clock.now()).toBe(T0);
	});

	it('refuses a waiter at once when a 429 pushes its start beyond its maximum wait', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(guardSettings({ perSecond: 1 }), clock);
		await take(guard, WAIT);
		// Queued behind the burst cap only; then DrChrono says the window is spent (reset in 12 min).
		const patient = guard.acquire({ onExhausted: 'wait', maxWaitMs: 15 * 60_000 });
		const impatient = guard.acquire({ onExhausted: 'wait', maxWaitMs: 5 * 60_000 });
		const failing = guard.acquire(FAIL);
		expect(await stateOf(failing)).toBe('pending');
		guard.reportRateLimited();
		expect(await stateOf(impatient)).toBe('rejected');
		expect(await stateOf(failing)).toBe('rejected');
		expect(await stateOf(patient)).toBe('pending');
		expect(clock.now()).toBe(T0);
	});
});

describe('QuotaGuard: the wait queue is bounded', () => {
	it('refuses the 1,001st waiter with how many wait and when the quota resets', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(guardSettings(), clock);
		for (let i = 0; i < 500; i++) await take(guard, FAIL);
		// Each waiter's call is answered at once (unanswered calls would count in the next hour too).
		const waiters = Array.from({ length: 1000 }, async () => guard.acquire(WAIT).then((release) => release()));
		expect(guard.snapshot()).toMatchObject({ queued: 1000, maxQueue: 1000 });

		const refused = guard.acquire(WAIT);
		expect(await stateOf(refused)).toBe('rejected');
		const error = (await refused.catch((e: Error) => e)) as QuotaQueueFullError;
		expect(error).toBeInstanceOf(QuotaQueueFullError);
		expect(error).toBeInstanceOf(QuotaExhaustedError);
		expect(error.waiting).toBe(1000);
		expect(error.message).toBe(
			"1000 calls are already waiting for this DrChrono app's quota, the most that may wait at once; the DrChrono hourly quota of 500 calls resets at 15:00 UTC (in 12 min)",
		);

		// The waiters already queued are served in the next two windows.
		await clock.advance(2 * HOUR);
		await Promise.all(waiters);
		expect(guard.snapshot().granted).toBe(1500);
	});

	it('lets an app with a higher quota queue two windows of calls', () => {
		const guard = new QuotaGuard(guardSettings({ quota: 5000, reserve: 1000 }), new ManualClock(T0));
		expect(guard.maxQueue).toBe(8000);
	});
});
