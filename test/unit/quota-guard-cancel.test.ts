/** n8n's Stop (the execution's cancel signal) takes a waiting caller out of the queue at once. */
import { QuotaCancelledError, QuotaGuard, systemClock } from '../../nodes/DrChrono/quota';
import type { QuotaSettings } from '../../nodes/DrChrono/quota';
import { HOUR, T0 } from './fake-clock';
import { WAIT, guardSettings, take } from './guard-fixtures';
import { ManualClock, stateOf } from './manual-clock';

const settings = (over: Partial<QuotaSettings> = {}): QuotaSettings => guardSettings({ quota: 1, ...over });

describe('QuotaGuard: Stop', () => {
	it('takes a stopped caller out of the queue at once; it is never granted a slot', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(settings(), clock);
		await take(guard, WAIT);
		const stop = new AbortController();
		const stopped = guard.acquire({ ...WAIT, signal: stop.signal });
		const behind = guard.acquire(WAIT);
		expect(guard.snapshot().queued).toBe(2);

		stop.abort();
		expect(await stateOf(stopped)).toBe('rejected');
		expect(await stopped.catch((e: Error) => e)).toBeInstanceOf(QuotaCancelledError);
		expect(guard.snapshot().queued).toBe(1);
		expect(clock.now()).toBe(T0);

		// The caller behind it gets the 15:00 slot the stopped one would have had.
		await clock.advance(12 * 60_000);
		expect(await stateOf(behind)).toBe('fulfilled');
		expect(guard.snapshot()).toMatchObject({ granted: 2, queued: 0 });
	});

	it('refuses an already-stopped caller without taking a slot, even with slots free', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(settings({ quota: 500 }), clock);
		const stop = new AbortController();
		stop.abort();
		await expect(guard.acquire({ ...WAIT, signal: stop.signal })).rejects.toBeInstanceOf(QuotaCancelledError);
		expect(guard.snapshot()).toMatchObject({ used: 0, granted: 0, queued: 0 });
	});

	it('stops sleeping towards the reset when its last waiter is stopped', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(settings(), clock);
		await take(guard, WAIT);
		const stop = new AbortController();
		const stopped = guard.acquire({ ...WAIT, signal: stop.signal });
		expect(await stateOf(stopped)).toBe('pending');
		expect(clock.sleeping).toBe(1);
		stop.abort();
		await stopped.catch(() => undefined);
		expect(await stateOf(Promise.resolve())).toBe('fulfilled');
		expect(clock.sleeping).toBe(0);
	});

	it('a stop after the slot was granted changes nothing in the guard', async () => {
		const clock = new ManualClock(T0);
		const guard = new QuotaGuard(settings({ quota: 2 }), clock);
		const stop = new AbortController();
		const release = await guard.acquire({ ...WAIT, signal: stop.signal });
		stop.abort();
		release();
		expect(guard.snapshot()).toMatchObject({ used: 1, granted: 1, remaining: 1 });
	});

	it("the real clock's sleep ends the moment its signal aborts", async () => {
		const stop = new AbortController();
		const sleeping = systemClock.sleep(HOUR, stop.signal);
		stop.abort();
		await expect(sleeping).resolves.toBeUndefined();
		// An already-aborted signal does not sleep at all.
		await expect(systemClock.sleep(HOUR, stop.signal)).resolves.toBeUndefined();
	});
});
