/**
 * The DrChrono node with Quota Sharing "All n8n processes", run through n8n-core's execution engine:
 * n8n's own HTTP helper reaches the store, calls made by another process count, Quota > Get Status
 * shows the store's count and whether the store answers.
 */
import { SharedQuotaGuard, resetQuotaGuards, systemClock } from '../../nodes/DrChrono/quota';
import { connectionFromCredentials } from '../../nodes/DrChrono/transport/connection';
import { runDrChrono, sandboxCredential, sandboxCredentials } from '../harness/drchrono';
import { createHash } from 'node:crypto';

import { KEY_PREFIX } from '../../nodes/DrChrono/store';
import { json, rl, startNodeSandbox, totalCalls } from '../node/helpers';
import { RespClient } from './resp';
import type { Sandbox } from '../sandbox';
import { freshAppKey, httpHelper, startStore } from './helpers';
import type { StoreFixture } from './helpers';

jest.setTimeout(60_000);

let sandbox: Sandbox;
let store: StoreFixture;
beforeAll(async () => {
	[sandbox, store] = await Promise.all([startNodeSandbox(), startStore()]);
});
afterAll(async () => {
	resetQuotaGuards();
	await Promise.all([sandbox?.close(), store?.close()]);
});

it('counts the calls of every process in one budget; Get Status reads it from the store', async () => {
	const clientId = freshAppKey().split('|')[1];
	sandbox.upsertApp({ clientId, quotaLimit: 1_000_000 });
	const shared = {
		clientId,
		quotaPerHour: 10,
		quotaSharing: 'store',
		storeUrl: store.server.url,
		storeToken: store.server.token,
		storeProcesses: 2,
	};
	// Another n8n process of the same installation spends 7 of the 10 calls.
	const connection = connectionFromCredentials(sandboxCredential(sandbox, shared));
	const other = new SharedQuotaGuard(connection.appKey, connection, connection.sharing!, systemClock);
	other.use({ http: httpHelper });
	for (let i = 0; i < 7; i++) (await other.acquire({ onExhausted: 'fail', maxWaitMs: 0 }))();

	resetQuotaGuards();
	const list = await runDrChrono(
		{ resource: 'patient', operation: 'getAll', returnAll: false, limit: 1 },
		{ credentials: sandboxCredentials(sandbox, shared), keepQuota: true },
	);
	expect(list.error).toBeUndefined();

	const before = totalCalls(sandbox);
	const status = await runDrChrono(
		{ resource: 'quota', operation: 'getStatus' },
		{ credentials: sandboxCredentials(sandbox, shared), keepQuota: true },
	);
	expect(totalCalls(sandbox)).toBe(before);
	expect(json(status)).toMatchObject({
		quota: 10,
		used: 8,
		remaining: 2,
		state: 'normal',
		seenBy: 'all n8n processes (shared quota store)',
		store: 'connected',
		storeProblem: null,
	});

	// Two left: the other process takes them, and this one's Fail is refused without a DrChrono call.
	for (let i = 0; i < 2; i++) (await other.acquire({ onExhausted: 'fail', maxWaitMs: 0 }))();
	const refused = await runDrChrono(
		{ resource: 'patient', operation: 'getAll', returnAll: false, limit: 1, options: { onQuotaExhausted: 'fail' } },
		{ credentials: sandboxCredentials(sandbox, shared), keepQuota: true },
	);
	expect(totalCalls(sandbox)).toBe(before);
	expect(refused.error?.message).toMatch(/^DrChrono hourly quota of 10 calls used up; it resets at/);
});

it('Get Status says when the store cannot be reached, and the share this process keeps to', async () => {
	const shared = {
		clientId: freshAppKey().split('|')[1],
		quotaPerHour: 10,
		quotaSharing: 'store',
		storeUrl: 'http://127.0.0.1:9',
		storeToken: 'x',
		storeProcesses: 2,
	};
	resetQuotaGuards();
	const status = await runDrChrono(
		{ resource: 'quota', operation: 'getStatus' },
		{ credentials: sandboxCredentials(sandbox, shared), keepQuota: true },
	);
	expect(json(status)).toMatchObject({
		seenBy: 'this n8n process, on its own share of 5 calls: the shared quota store cannot be reached',
		store: 'unreachable',
		storeProblem: expect.stringMatching(/^The quota store cannot be reached/),
		storeUnreachableSince: expect.stringMatching(/Z$/),
	});
});

it('Patient > Add Flag waits for the turn another n8n process holds on the same patient, then releases its own', async () => {
	const clientId = freshAppKey().split('|')[1];
	sandbox.upsertApp({ clientId, quotaLimit: 1_000_000 });
	const shared = { clientId, quotaPerHour: 1_000, quotaSharing: 'store', storeUrl: store.server.url, storeToken: store.server.token, storeProcesses: 2 };
	const patient = sandbox.store.collection('patients').all()[5];
	const type = sandbox.store.collection('patient_flag_types').all()[0];
	const appKey = connectionFromCredentials(sandboxCredential(sandbox, shared)).appKey;
	const turn = `${KEY_PREFIX}turn:${createHash('sha256').update(`patient-flags:${appKey}|${String(patient.id)}`).digest('hex')}`;
	const redis = new RespClient(store.redis.port);
	try {
		// Another process is adding a flag to this patient: it holds the turn for 1.5 s more.
		await redis.send(['SET', turn, 'other-process', 'PX', '1500']);
		const t0 = Date.now();
		resetQuotaGuards();
		const result = await runDrChrono(
			{ resource: 'patient', operation: 'addFlag', id: rl(patient.id), flagType: String(type.id), flagText: 'after the other' },
			{ credentials: sandboxCredentials(sandbox, shared), keepQuota: true },
		);
		expect(result.error).toBeUndefined();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(1_300);
		expect((json(result).patient_flags_attached as Array<{ flag_text: string }>).map((f) => f.flag_text)).toContain('after the other');
		expect(await redis.send(['EXISTS', turn])).toBe(0);
	} finally {
		redis.close();
	}
});
