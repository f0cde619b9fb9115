/**
 * The quota shared through the store, as several n8n processes see it: each SharedQuotaGuard below is
 * one process (its own queue, its own mirror of the store), all granting through the same real Redis.
 */
import { QuotaExhaustedError, STORE_RETRY_MS, SharedQuotaGuard, systemClock } from '../../nodes/DrChrono/quota';
import type { AcquirePolicy, QuotaSettings } from '../../nodes/DrChrono/quota';
import { freshAppKey, httpHelper, sleepMs, startStore } from './helpers';
import type { StoreFixture } from './helpers';

jest.setTimeout(90_000);

let store: StoreFixture;
beforeAll(async () => {
	store = await startStore();
});
afterAll(async () => await store?.close());

const WAIT: AcquirePolicy = { onExhausted: 'wait', maxWaitMs: 60_000 };
const FAIL: AcquirePolicy = { onExhausted: 'fail', maxWaitMs: 0 };

interface Process {
	guard: SharedQuotaGuard;
	warnings: string[];
	infos: string[];
}

function processes(n: number, appKey: string, settings: QuotaSettings, count = n): Process[] {
	return Array.from({ length: n }, () => {
		const guard = new SharedQuotaGuard(
			appKey,
			settings,
			{ store: { url: store.server.url, token: store.server.token }, processes: count },
			systemClock,
		);
		const warnings: string[] = [];
		const infos: string[] = [];
		guard.use({ http: httpHelper, warn: (m) => warnings.push(m), info: (m) => infos.push(m) });
		return { guard, warnings, infos };
	});
}

/** Waits until the next window starts with at least `marginMs` ahead of it. */
async function atWindowStart(windowMs: number, marginMs = 50): Promise<void> {
	await sleepMs(windowMs - (Date.now() % windowMs) + marginMs);
}

it('never grants more than the limit in a window across four processes, and uses the windows fully', async () => {
	const windowMs = 3000;
	const settings: QuotaSettings = { quota: 40, reserve: 10, perSecond: 0, windowMs };
	const procs = processes(4, freshAppKey(), settings);
	await atWindowStart(windowMs);
	const end = Date.now() - (Date.now() % windowMs) + 3 * windowMs;
	const grants: number[] = [];
	const worker = async (guard: SharedQuotaGuard) => {
		while (Date.now() < end) {
			const release = await guard.acquire({ onExhausted: 'wait', maxWaitMs: 10_000 });
			const at = Date.now();
			if (at >= end) {
				release();
				break;
			}
			grants.push(at);
			await sleepMs(5);
			release();
		}
	};
	await Promise.all(procs.flatMap(({ guard }) => Array.from({ length: 6 }, () => worker(guard))));
	const perWindow = new Map<number, number>();
	for (const t of grants) perWindow.set(Math.floor(t / windowMs), (perWindow.get(Math.floor(t / windowMs)) ?? 0) + 1);
	const counts = [...perWindow.values()];
	expect(counts).toHaveLength(3);
	// 30 = quota 40 minus reserve 10; every window full, none over.
	expect(counts).toEqual([30, 30, 30]);
	expect(procs.flatMap((p) => p.warnings)).toEqual([]);
});

it('spaces calls across processes: never more than Max Calls per Second in any second', async () => {
	const settings: QuotaSettings = { quota: 1000, reserve: 0, perSecond: 4, windowMs: 60_000 };
	const procs = processes(3, freshAppKey(), settings);
	const starts: number[] = [];
	await Promise.all(
		procs.flatMap(({ guard }) =>
			Array.from({ length: 4 }, async () => {
				const release = await guard.acquire(WAIT);
				starts.push(Date.now());
				release();
			}),
		),
	);
	starts.sort((a, b) => a - b);
	expect(starts).toHaveLength(12);
	// Any 5 consecutive starts span a second (4 per second), give or take timer slack and the
	// estimate of the offset between this clock and Redis's.
	for (let i = 4; i < starts.length; i++) expect(starts[i] - starts[i - 4]).toBeGreaterThanOrEqual(950);
	// And the spacing does not waste time: 12 calls at 4 per second take about 2 seconds.
	expect(starts[11] - starts[0]).toBeLessThan(2800);
});

it("a 429 with Retry-After in one process pauses every process; Fail elsewhere is refused at once", async () => {
	const settings: QuotaSettings = { quota: 100, reserve: 0, perSecond: 0, windowMs: 60_000 };
	const [a, b] = processes(2, freshAppKey(), settings);
	const release = await a.guard.acquire(WAIT);
	release();
	a.guard.reportRateLimited(1500);
	await sleepMs(100); // the report reaches the store
	const asked = Date.now();
	const refusal = await b.guard.acquire(FAIL).then(
		() => undefined,
		(error: Error) => error,
	);
	expect(refusal).toBeInstanceOf(QuotaExhaustedError);
	expect(refusal!.message).toMatch(/^DrChrono answered 429 Too Many Requests; the next call may go at/);
	expect(Date.now() - asked).toBeLessThan(500);
	const waited = await b.guard.acquire(WAIT);
	waited();
	expect(Date.now() - asked).toBeGreaterThanOrEqual(1300);
	expect(b.guard.snapshot().state).toBe('normal');
});

it('a 429 late in the window spends the window for every process', async () => {
	const windowMs = 60_000;
	const settings: QuotaSettings = { quota: 100, reserve: 0, perSecond: 0, windowMs };
	const [a, b] = processes(2, freshAppKey(), settings);
	// Past the clock-skew grace (one minute scaled to the window: a second here).
	if (Date.now() % windowMs < 1500) await sleepMs(1500);
	if (windowMs - (Date.now() % windowMs) < 3000) await atWindowStart(windowMs, 1500);
	(await a.guard.acquire(WAIT))();
	a.guard.reportRateLimited();
	await sleepMs(100);
	const refusal = await b.guard.acquire(FAIL).catch((error: Error) => error);
	expect(refusal).toBeInstanceOf(QuotaExhaustedError);
	expect((refusal as Error).message).toMatch(/^DrChrono quota per 1 min window of 100 calls used up; it resets at/);
	expect(b.guard.snapshot()).toMatchObject({ used: 100, remaining: 0, state: 'exhausted' });
});

it('falls back to its own share when the store goes away, says so once, and returns when it answers', async () => {
	const windowMs = 4000;
	const settings: QuotaSettings = { quota: 30, reserve: 0, perSecond: 0, windowMs };
	const [p] = processes(1, freshAppKey(), settings, 3);
	await atWindowStart(windowMs);
	(await p.guard.acquire(WAIT))();
	expect(p.guard.sharingStatus().store).toBe('connected');

	await store.server.stop();
	try {
		// The window in which the store went away: what the others used is unknown, so nothing more.
		const refusal = await p.guard.acquire(FAIL).catch((error: Error) => error);
		expect(refusal).toBeInstanceOf(QuotaExhaustedError);
		expect((refusal as Error).message).toMatch(/The shared quota store cannot be reached, so this n8n process keeps to its own share of 10 calls per window/);
		expect(p.guard.sharingStatus()).toMatchObject({ store: 'unreachable', storeProblem: expect.stringMatching(/cannot be reached/) });
		// Later windows: the share, 30 ÷ 3 processes.
		await atWindowStart(windowMs);
		let granted = 0;
		for (;;) {
			const release = await p.guard.acquire(FAIL).catch(() => undefined);
			if (!release) break;
			release();
			granted++;
		}
		expect(granted).toBe(10);
		expect(p.warnings).toHaveLength(1);
		expect(p.warnings[0]).toMatch(/shared quota store at http:\/\/127\.0\.0\.1:\d+ cannot be used .*own share of 10 calls per window/);
	} finally {
		await store.server.restart();
	}
	// Back to the store once it answers (asked again every STORE_RETRY_MS while calls wait).
	const back = Date.now();
	(await p.guard.acquire({ onExhausted: 'wait', maxWaitMs: 20_000 }))();
	expect(Date.now() - back).toBeLessThanOrEqual(STORE_RETRY_MS + windowMs);
	expect(p.guard.sharingStatus().store).toBe('connected');
	expect(p.infos.at(-1)).toMatch(/answers again/);
});

it('a store that does not answer in time counts as away (the request times out)', async () => {
	const settings: QuotaSettings = { quota: 30, reserve: 0, perSecond: 0, windowMs: 60_000 };
	const [p] = processes(1, freshAppKey(), settings, 3);
	store.server.paused = true;
	try {
		const refusal = await p.guard.acquire(FAIL).catch((error: Error) => error);
		expect(refusal).toBeInstanceOf(QuotaExhaustedError);
		expect(p.guard.sharingStatus()).toMatchObject({ store: 'unreachable', storeProblem: expect.stringMatching(/did not answer within 2000 ms/) });
	} finally {
		store.server.paused = false;
	}
});

it('costs one store round trip per granted call', async () => {
	const settings: QuotaSettings = { quota: 1000, reserve: 0, perSecond: 0, windowMs: 60_000 };
	const [p] = processes(1, freshAppKey(), settings);
	(await p.guard.acquire(WAIT))();
	store.server.resetCounts();
	for (let i = 0; i < 25; i++) (await p.guard.acquire(WAIT))();
	expect(store.server.requests).toBe(25);
});
