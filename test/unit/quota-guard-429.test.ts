/**
 * A 429 early in a window is most likely clock skew (DrChrono still counts the previous hour): a
 * short back-off and one probe, not an hour's block. Retry-After: 0 or a past date means "now".
 */
import { PROBE_BACKOFF_MS, QuotaExhaustedError, QuotaGuard } from '../../nodes/DrChrono/quota';
import { FakeClock, T0 } from './fake-clock';
import { FAIL, WAIT, guardSettings, take } from './guard-fixtures';
import { ManualClock, stateOf } from './manual-clock';

/** 15:00:02 on n8n's clock: DrChrono's may still say 14:59:59. */
const EARLY = Date.UTC(2026, 10, 28, 15, 0, 2);

describe('QuotaGuard: 429 early in a window', () => {
	it('backs off briefly and sends one probe; the others wait for its answer', async () => {
		const clock = new ManualClock(EARLY);
		const guard = new QuotaGuard(guardSettings(), clock);
		guard.reportRateLimited();
		expect(guard.snapshot()).toMatchObject({ state: 'backoff-probe', remaining: 500, blockedUntil: EARLY + PROBE_BACKOFF_MS });

		const probe = guard.acquire(WAIT);
		const others = [guard.acquire(WAIT), guard.acquire(WAIT)];
		expect(await stateOf(probe)).toBe('pending');
		await clock.advance(PROBE_BACKOFF_MS);
		expect(await stateOf(probe)).toBe('fulfilled');
		expect(clock.now()).toBe(Date.UTC(2026, 10, 28, 15, 0, 7));

		// The probe is on its way: nobody else starts until it is answered.
		await clock.advance(2000);
		expect(await stateOf(others[0])).toBe('pending');
		(await probe)();
		expect(await stateOf(Promise.all(others))).toBe('fulfilled');
		expect(guard.snapshot()).toMatchObject({ state: 'normal', granted: 3, rateLimited: 1 });
	});

	it.each([
		['reported before the slot is released', true],
		['reported right after the slot is released', false],
	])('doubles the back-off when the probe gets a 429 too (%s), and blocks to the reset after the first minute', async (_name, reportFirst) => {
		const clock = new ManualClock(EARLY);
		const guard = new QuotaGuard(guardSettings(), clock);
		guard.reportRateLimited();
		const first = guard.acquire(WAIT);
		await clock.advance(PROBE_BACKOFF_MS);
		const releaseFirst = await first;
		if (reportFirst) guard.reportRateLimited();
		releaseFirst();
		if (!reportFirst) guard.reportRateLimited();

		const second = guard.acquire(WAIT);
		await clock.advance(2 * PROBE_BACKOFF_MS - 1);
		expect(await stateOf(second)).toBe('pending');
		await clock.advance(1);
		expect(await stateOf(second)).toBe('fulfilled');

		// Its answer is a 429 at 15:01:02: no longer clock skew, the window is spent.
		await clock.advance(45_000);
		guard.reportRateLimited();
		(await second)();
		expect(guard.snapshot()).toMatchObject({ state: 'exhausted', blockedUntil: Date.UTC(2026, 10, 28, 16) });
	});

	it('refuses a Fail caller during the back-off with the time of the next try', async () => {
		const clock = new ManualClock(EARLY);
		const guard = new QuotaGuard(guardSettings(), clock);
		guard.reportRateLimited();
		const error = (await guard.acquire(FAIL).catch((e: Error) => e)) as Error;
		expect(error).toBeInstanceOf(QuotaExhaustedError);
		expect(error.message).toBe('DrChrono answered 429 Too Many Requests; the next call may go at 15:00:07 UTC (in 5 s)');
	});

	it('a 429 later in the window still blocks until the reset', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings(), clock);
		guard.reportRateLimited();
		expect(guard.snapshot()).toMatchObject({ state: 'exhausted', remaining: 0 });
		expect(((await guard.acquire(FAIL).catch((e: Error) => e)) as Error).message).toBe(
			'DrChrono hourly quota of 500 calls used up; it resets at 15:00 UTC (in 12 min)',
		);
		await take(guard, WAIT);
		expect(clock.now()).toBe(Date.UTC(2026, 10, 28, 15));
	});
});

describe('QuotaGuard: Retry-After', () => {
	it.each([
		['Retry-After: 0', 0],
		['a date in the past', -30_000],
	])('%s means now, not the end of the window', async (_name, retryAfterMs) => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings(), clock);
		guard.reportRateLimited(retryAfterMs);
		await take(guard, FAIL);
		expect(clock.now()).toBe(T0);
		expect(guard.snapshot()).toMatchObject({ used: 1, remaining: 499, rateLimited: 1 });
	});

	it('holds every call until the time DrChrono named, even early in a window', async () => {
		const clock = new ManualClock(EARLY);
		const guard = new QuotaGuard(guardSettings(), clock);
		guard.reportRateLimited(18_000);
		expect(guard.snapshot().state).toBe('retry-after');
		const calls = [guard.acquire(WAIT), guard.acquire(WAIT)];
		await clock.advance(17_999);
		expect(await stateOf(calls[0])).toBe('pending');
		await clock.advance(1);
		expect(await stateOf(Promise.all(calls))).toBe('fulfilled');
	});
});

describe('QuotaGuard: the refusal for a 429 the transport does not retry', () => {
	it('names the right reason and time', () => {
		const early = new QuotaGuard(guardSettings(), new ManualClock(EARLY));
		expect(early.refusalNow()).toBeUndefined();
		early.reportRateLimited();
		expect(early.refusalNow()?.message).toBe(
			'DrChrono answered 429 Too Many Requests; the next call may go at 15:00:07 UTC (in 5 s)',
		);

		const late = new QuotaGuard(guardSettings(), new ManualClock(T0));
		late.reportRateLimited(18_000);
		expect(late.refusalNow()?.message).toBe(
			'DrChrono answered 429 Too Many Requests; the next call may go at 14:48:18 UTC (in 18 s)',
		);
		late.reportRateLimited();
		expect(late.refusalNow()?.message).toBe('DrChrono hourly quota of 500 calls used up; it resets at 15:00 UTC (in 12 min)');
	});
});

describe('QuotaGuard: clock skew in a scaled window', () => {
	it('shrinks the grace and the back-off with the window (60 s and 5 s of an hour)', async () => {
		// A 2 s window: the grace is its first 33 ms, the back-off 2.8 ms.
		const start = Date.UTC(2026, 10, 28, 15, 0, 0);
		const guard = new QuotaGuard(guardSettings({ windowMs: 2000 }), new ManualClock(start + 20));
		guard.reportRateLimited();
		expect(guard.snapshot()).toMatchObject({ state: 'backoff-probe', blockedUntil: start + 20 + 2000 / 720 });

		const later = new QuotaGuard(guardSettings({ windowMs: 2000 }), new ManualClock(start + 500));
		later.reportRateLimited();
		expect(later.snapshot()).toMatchObject({ state: 'exhausted', blockedUntil: start + 2000 });
	});
});
