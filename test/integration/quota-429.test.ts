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

	// A 429 in the middle of a walk is in test/faults/rate-limit-midway.test.ts.
	it('Wait: a 429 on the first page waits for the reset; nothing is lost or repeated', async () => {
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

	// A 429 without Retry-After this early in a window is taken for clock skew: the guard backs off
	// briefly and probes (quota/rateLimit.ts), so Fail names the 429 and when the next call may go.
	it('Fail: stops with the 429 and the time the next call may go in the message', async () => {
		await setFaults(sandbox, { rateLimitNext: 1 });
		const { error } = await runDrChrono(
			{
				resource: 'patient',
				operation: 'getAll',
				returnAll: true,
				options: { onQuotaExhausted: 'fail' },
			},
			{ credentials: credentials() },
		);
		await setFaults(sandbox, {});
		expect(error?.message).toMatch(
			/^DrChrono answered 429 Too Many Requests; the next call may go at \d\d:\d\d:\d\d UTC \(in [1-5] s\)$/,
		);
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
