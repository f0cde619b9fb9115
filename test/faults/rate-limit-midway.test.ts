import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { runDrChrono, sandboxCredentials, setFaults } from '../harness/drchrono';
import { startFaultProxy } from './helpers';
import type { FaultProxy } from './helpers';

/**
 * A 429 in the middle of a Return All, with On Quota Exhausted = Wait. The sandbox's quota window is
 * 2 s and the credential agrees. A proxy in front of the sandbox arms `rateLimitNext: 1` right before
 * page `k` is forwarded (the sandbox's pathFilter sees only the path, not the cursor, so it cannot
 * pick a page by itself): the sandbox answers that page 429 and marks the window spent. The node
 * must wait for the reset, fetch that page again, and finish with every record once.
 */
describe('fault suite: a 429 in the middle of Return All (Wait)', () => {
	const N = 2500;
	const WINDOW_MS = 2000;
	const pages = Math.ceil(N / 250);

	const cases = [
		{ label: 'no Retry-After (the documented DrChrono answer)', retryAfterHeader: false },
		{ label: 'with Retry-After', retryAfterHeader: true },
	];

	describe.each(cases)('$label', ({ retryAfterHeader }) => {
		let sandbox: Sandbox;
		let proxy: FaultProxy;
		let armAt = -1;

		beforeAll(async () => {
			sandbox = await startSandbox({ patients: N, quiet: true, hourMs: WINDOW_MS, retryAfterHeader });
			sandbox.upsertApp({ clientId: 'sandbox-client-id', quotaLimit: 10_000 });
			proxy = await startFaultProxy(sandbox.url, async ({ method, url }) => {
				if (method !== 'GET' || !url.startsWith('/api/patients')) return;
				const listCalls = proxy.requests.filter((r) => r.url.startsWith('/api/patients')).length;
				// Matches the list path whether the sandbox tests its filter against the path alone (today)
				// or against path and query.
				if (listCalls === armAt) await setFaults(sandbox, { rateLimitNext: 1, pathFilter: '^/api/patients/?(\\?|$)' });
			});
		});
		afterAll(async () => {
			await proxy.close();
			await sandbox.close();
		});

		it('waits for the reset, then goes on: nothing lost or repeated', async () => {
			const k = Math.floor(pages / 2);
			armAt = k; // the (k+1)-th list call, i.e. a page in the middle
			const rateLimitedBefore = sandbox.stats().rateLimited;
			const credentials = sandboxCredentials(sandbox, {
				apiUrl: proxy.url,
				baseUrl: proxy.url,
				quotaWindowSeconds: WINDOW_MS / 1000,
			});

			const { items, error } = await runDrChrono(
				{ resource: 'patient', operation: 'getAll', returnAll: true, listMethod: 'standard', options: { onQuotaExhausted: 'wait' } },
				{ credentials },
			);
			await setFaults(sandbox, {});

			expect(error).toBeUndefined();
			const ids = items.map((i) => i.json.id as number);
			expect(ids).toHaveLength(N);
			expect(new Set(ids).size).toBe(N);

			const list = proxy.requests.filter((r) => r.url.startsWith('/api/patients'));
			const limited = list.filter((r) => r.status === 429);
			// Exactly one 429: after it the node waited instead of knocking again.
			expect(sandbox.stats().rateLimited - rateLimitedBefore).toBe(1);
			expect(limited).toHaveLength(1);
			expect(list.indexOf(limited[0])).toBe(k);
			// The refused page was asked for again, after the reset, and every page once otherwise.
			const retry = list[k + 1];
			expect(retry.url).toBe(limited[0].url);
			expect(Math.floor(retry.at / WINDOW_MS)).toBeGreaterThan(Math.floor(limited[0].at / WINDOW_MS));
			expect(list.filter((r) => r.status === 200)).toHaveLength(pages);
			expect(new Set(list.filter((r) => r.status === 200).map((r) => r.url)).size).toBe(pages);
		});
	});
});
