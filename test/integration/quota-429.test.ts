import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { runDrChrono, sandboxCredentials, setFaults } from '../harness/drchrono';

/**
 * DrChrono's quota is per hour; here the sandbox and the credential agree on a 2-second window so
 * the reset comes quickly. A 429 means the window is spent even if our own count disagrees (another
 * system may share the app).
 */
describe('quota guard with a real 429', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ patients: 600, quiet: true, hourMs: 2000 });
	});
	afterAll(async () => sandbox.close());

	const credentials = () => sandboxCredentials(sandbox, { quotaWindowSeconds: 2 });

	/** Waits until the 2 s window is well past its start, beyond the guard's clock-skew grace. */
	async function pastTheWindowStart(): Promise<void> {
		while (Date.now() % 2000 < 300 || Date.now() % 2000 > 1200) await new Promise((r) => setTimeout(r, 20));
	}

	// A 429 in the middle of a walk is in test/faults/rate-limit-midway.test.ts.
	it('Wait: a 429 on the first page waits for the reset; nothing is lost or repeated', async () => {
		// Past the clock-skew grace: in it the guard's probe would meet the spent window (a second 429).
		await pastTheWindowStart();
		const rateLimitedBefore = sandbox.stats().rateLimited;
		await setFaults(sandbox, { rateLimitNext: 1 });
		const { items, error } = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: true },
			{ credentials: credentials() },
		);
		await setFaults(sandbox, {});
		expect(error).toBeUndefined();
		expect(sandbox.stats().rateLimited).toBe(rateLimitedBefore + 1);
		expect(items).toHaveLength(600);
		expect(new Set(items.map((i) => i.json.id)).size).toBe(600);
	});

	// Past the first part of a window (the clock-skew grace, quota/rateLimit.ts), a 429 without
	// Retry-After means the window is spent: Fail names the reset.
	it('Fail: a 429 without Retry-After stops with "quota used up" and the reset time', async () => {
		await pastTheWindowStart();
		await setFaults(sandbox, { rateLimitNext: 1 });
		const { error } = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: true, options: { onQuotaExhausted: 'fail' } },
			{ credentials: credentials() },
		);
		await setFaults(sandbox, {});
		expect(error?.message).toMatch(/^DrChrono quota per 2 s window of 500 calls used up; it resets at \d\d:\d\d(:\d\d)? UTC \(in [1-2] s\)$/);
	});

	it('Fail: a 429 with Retry-After stops with the 429 and the time DrChrono named', async () => {
		const named = await startSandbox({ patients: 10, quiet: true, hourMs: 2000, retryAfterHeader: true });
		try {
			await pastTheWindowStart();
			await setFaults(named, { rateLimitNext: 1 });
			const { error } = await runDrChrono(
				{ resource: 'patient', operation: 'getAll', returnAll: true, options: { onQuotaExhausted: 'fail' } },
				{ credentials: sandboxCredentials(named, { quotaWindowSeconds: 2 }) },
			);
			expect(error?.message).toMatch(/^DrChrono answered 429 Too Many Requests; the next call may go at \d\d:\d\d(:\d\d)? UTC \(in [1-2] s\)$/);
		} finally {
			await named.close();
		}
	});

	it('spends no more than the credential allows per window, whatever the workload', async () => {
		sandbox.upsertApp({ clientId: 'sandbox-client-id', quotaLimit: 1000 });
		const before = sandbox.stats().rateLimited;
		const start = Date.now();
		const { items, error } = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: false, limit: 10 },
			{
				credentials: sandboxCredentials(sandbox, { quotaWindowSeconds: 2, quotaPerHour: 2 }),
				items: [{ json: {} }, { json: {} }, { json: {} }, { json: {} }, { json: {} }],
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(50);
		// Five calls at two per 2-second window: the fifth starts in the third window.
		expect(Date.now() - start).toBeGreaterThanOrEqual(2000);
		expect(sandbox.stats().rateLimited).toBe(before);
	});
});
