import { QuotaExhaustedError, QuotaGuard } from '../../nodes/DrChrono/quota';
import { FakeClock, HOUR, T0 } from './fake-clock';
import { FAIL, WAIT, guardSettings, take } from './guard-fixtures';

/** Runs `callers` concurrent workers that each take `calls` slots, recording the virtual start time. */
async function contend(guard: QuotaGuard, clock: FakeClock, callers: number, calls: number, policy = WAIT) {
	const starts: number[] = [];
	await Promise.all(
		Array.from({ length: callers }, async () => {
			for (let i = 0; i < calls; i++) {
				const release = await guard.acquire(policy);
				starts.push(clock.now());
				release();
			}
		}),
	);
	return starts;
}

function perWindow(starts: number[], windowMs: number): Map<number, number> {
	const counts = new Map<number, number>();
	for (const t of starts) {
		const w = Math.floor(t / windowMs);
		counts.set(w, (counts.get(w) ?? 0) + 1);
	}
	return counts;
}

describe('QuotaGuard', () => {
	it('never lets 20 concurrent callers exceed the limit in any hourly window', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 50 }), clock);
		const starts = await contend(guard, clock, 20, 10);
		expect(starts).toHaveLength(200);
		const windows = perWindow(starts, HOUR);
		for (const count of windows.values()) expect(count).toBeLessThanOrEqual(50);
		// 200 calls at 50 per hour need four windows, each one filled completely.
		expect([...windows.values()]).toEqual([50, 50, 50, 50]);
		// Every window after the first starts exactly at the top of an hour.
		const firstOfWindow = [...new Set(starts.map((t) => Math.floor(t / HOUR)))].map((w) =>
			Math.min(...starts.filter((t) => Math.floor(t / HOUR) === w)),
		);
		expect(firstOfWindow.slice(1).every((t) => t % HOUR === 0)).toBe(true);
	});

	it('keeps the reserve for other systems', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 30, reserve: 10 }), clock);
		const starts = await contend(guard, clock, 4, 10);
		for (const count of perWindow(starts, HOUR).values()) expect(count).toBeLessThanOrEqual(20);
		expect(guard.snapshot().limit).toBe(20);
	});

	it('spaces bursts to at most N calls in any one second', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ perSecond: 5 }), clock);
		const starts = await contend(guard, clock, 10, 5);
		expect(starts).toHaveLength(50);
		const sorted = [...starts].sort((a, b) => a - b);
		for (let i = 5; i < sorted.length; i++) {
			// The 6th call after any call starts a full second later.
			expect(sorted[i] - sorted[i - 5]).toBeGreaterThanOrEqual(1000);
		}
		// And no slower than needed: 50 calls at 5/s take 9 seconds.
		expect(sorted[sorted.length - 1] - sorted[0]).toBe(9000);
	});

	it('serves waiters first come, first served', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 2 }), clock);
		const order: number[] = [];
		await Promise.all([0, 1, 2, 3, 4].map(async (n) => guard.acquire(WAIT).then((release) => {
					order.push(n);
					release();
				})));
		expect(order).toEqual([0, 1, 2, 3, 4]);
	});

	it('blocks after a 429 until the next top of the hour, whatever its own count says', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings(), clock);
		await take(guard, WAIT);
		guard.reportRateLimited();
		expect(guard.snapshot().remaining).toBe(0);
		await take(guard, WAIT);
		expect(clock.now()).toBe(Date.UTC(2026, 10, 28, 15, 0, 0));
		expect(guard.snapshot()).toMatchObject({ used: 1, remaining: 499, rateLimited: 1 });
	});

	it('honours Retry-After when DrChrono sends one', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings(), clock);
		guard.reportRateLimited(30_000);
		await take(guard, WAIT);
		expect(clock.now()).toBe(T0 + 30_000);
	});

	it('Fail refuses at once with the reset time in the message', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 3 }), clock);
		await contend(guard, clock, 1, 3, FAIL);
		const error = await guard.acquire(FAIL).catch((e: Error) => e);
		expect(error).toBeInstanceOf(QuotaExhaustedError);
		expect((error as Error).message).toBe(
			'DrChrono hourly quota of 3 calls used up; it resets at 15:00 UTC (in 12 min)',
		);
		expect(clock.now()).toBe(T0);
	});

	it('Wait waits for the reset and then goes on', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 3 }), clock);
		const starts = await contend(guard, clock, 1, 5, { onExhausted: 'wait', maxWaitMs: 15 * 60_000 });
		expect(starts.slice(3)).toEqual([Date.UTC(2026, 10, 28, 15), Date.UTC(2026, 10, 28, 15)]);
	});

	it('Wait fails when the reset is later than the maximum wait', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 1 }), clock);
		await take(guard, WAIT);
		const error = await guard.acquire({ onExhausted: 'wait', maxWaitMs: 5 * 60_000 }).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			'DrChrono hourly quota of 1 calls used up; it resets at 15:00 UTC (in 12 min), later than the maximum wait of 5 min',
		);
		// It did not sleep before refusing.
		expect(clock.now()).toBe(T0);
	});

	it('refuses waiters that would need more windows than their maximum wait', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 2 }), clock);
		await contend(guard, clock, 1, 2);
		// Four more callers: two fit in the 15:00 window, two would need 16:00.
		const results = await Promise.allSettled(
			[0, 1, 2, 3].map(async () => guard.acquire({ onExhausted: 'wait', maxWaitMs: 30 * 60_000 })),
		);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
		expect(((results[2] as PromiseRejectedResult).reason as Error).message).toContain('resets at 16:00 UTC');
	});

	it('names a scaled window in its message', async () => {
		const clock = new FakeClock(Date.UTC(2026, 10, 28, 14, 0, 3));
		const guard = new QuotaGuard(guardSettings({ quota: 1, windowMs: 10_000 }), clock);
		await take(guard, FAIL);
		const error = await guard.acquire(FAIL).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			'DrChrono quota per 10 s window of 1 calls used up; it resets at 14:00:10 UTC (in 7 s)',
		);
	});

	it('counts a call still unanswered at the top of the hour in the new hour too', async () => {
		// DrChrono counts a call when it arrives; one sent at 14:59:59.9 may arrive at 15:00.
		const clock = new FakeClock(Date.UTC(2026, 10, 28, 14, 59, 59, 900));
		const guard = new QuotaGuard(guardSettings({ quota: 2 }), clock);
		const slow = await guard.acquire(WAIT);
		await take(guard, WAIT);
		clock.time = Date.UTC(2026, 10, 28, 15, 0, 0, 10);
		expect(guard.snapshot()).toMatchObject({ used: 1, remaining: 1 });
		await take(guard, WAIT);
		// The hour's second slot is the unanswered call's: the next one waits for 16:00.
		const error = await guard.acquire(FAIL).catch((e: Error) => e);
		expect((error as Error).message).toContain('resets at 16:00 UTC');
		slow();
		// Answered calls of an earlier window never count again.
		clock.time = Date.UTC(2026, 10, 28, 16, 0, 0, 10);
		expect(guard.snapshot()).toMatchObject({ used: 0, remaining: 2 });
	});

	it('fails every call when the reserve leaves nothing', async () => {
		const clock = new FakeClock(T0);
		const guard = new QuotaGuard(guardSettings({ quota: 10, reserve: 10 }), clock);
		await expect(guard.acquire(WAIT)).rejects.toThrow('(10 kept in reserve for other systems)');
	});
});
