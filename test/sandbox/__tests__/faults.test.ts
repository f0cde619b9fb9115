import { startSandbox, type Sandbox } from '../index';
import { call } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
	sb = await startSandbox({ quiet: true, patients: 20, apps: [{ clientId: 'f', clientSecret: 's', redirectUris: ['*'], quotaLimit: 100_000 }] });
	token = sb.issueToken('f').access_token;
});
afterEach(async () => {
	await call(sb, null, 'POST', '/_sandbox/faults', {});
});
afterAll(() => sb.close());

async function statuses(n: number, path = '/api/doctors'): Promise<Array<number | 'reset'>> {
	const out: Array<number | 'reset'> = [];
	for (let i = 0; i < n; i++) {
		try {
			out.push((await call(sb, token, 'GET', path)).status);
		} catch {
			out.push('reset');
		}
	}
	return out;
}

test('errorRate answers a seeded share of requests with 503 before auth or quota', async () => {
	await call(sb, null, 'POST', '/_sandbox/faults', { errorRate: 0.5, seed: 7 });
	const before = sb.stats();
	const first = await statuses(200);
	const errors = first.filter((s) => s === 503).length;
	expect(errors).toBeGreaterThan(70);
	expect(errors).toBeLessThan(130);
	expect(first.filter((s) => s === 200).length).toBe(200 - errors);
	const after = sb.stats();
	expect(after.faultsInjected - before.faultsInjected).toBe(errors);
	expect(after.calls - before.calls).toBe(200 - errors); // faulted requests never reached the quota

	// Same seed, same sequence.
	await call(sb, null, 'POST', '/_sandbox/faults', { errorRate: 0.5, seed: 7 });
	expect(await statuses(200)).toEqual(first);
});

test('errorStatus chooses the status; pathFilter limits the faults', async () => {
	sb.faults.errorRate = 1;
	sb.faults.errorStatus = 504;
	sb.faults.pathFilter = '^/api/patients';
	expect(await statuses(3, '/api/patients')).toEqual([504, 504, 504]);
	expect(await statuses(3, '/api/doctors')).toEqual([200, 200, 200]);
});

test('resetRate drops connections without an answer', async () => {
	await call(sb, null, 'POST', '/_sandbox/faults', { resetRate: 1 });
	expect(await statuses(3)).toEqual(['reset', 'reset', 'reset']);
	expect(sb.stats().faultsByKind.reset).toBeGreaterThanOrEqual(3);
});

test('latencyMs delays each request', async () => {
	sb.faults.latencyMs = 150;
	const started = Date.now();
	await statuses(2);
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test('rateLimitNext answers the next N requests with 429 and marks the window spent', async () => {
	await call(sb, null, 'POST', '/_sandbox/faults', { rateLimitNext: 2 });
	expect(await statuses(3)).toEqual([429, 429, 429]); // the third: the window is spent now
	expect(sb.stats().quota.f.used).toBe(100_000);
	await call(sb, null, 'POST', '/_sandbox/quota/reset', { clientId: 'f' });
	expect(await statuses(1)).toEqual([200]);
});

test('failAfterStoreNext stores the POST once and then fails like a gateway', async () => {
	const before = sb.store.collection('tasks').size;
	const status = sb.store.collection('task_statuses').all()[0].id;
	await call(sb, null, 'POST', '/_sandbox/faults', { failAfterStoreNext: 1 });
	const res = await call(sb, token, 'POST', '/api/tasks', { title: 'Only once', status });
	expect(res.status).toBe(502);
	expect(sb.store.collection('tasks').size).toBe(before + 1);
	expect(sb.store.collection('tasks').filter((t) => t.title === 'Only once')).toHaveLength(1);
	// Next POST is normal again.
	expect((await call(sb, token, 'POST', '/api/tasks', { title: 'Second', status })).status).toBe(201);

	await call(sb, null, 'POST', '/_sandbox/faults', { failAfterStoreNext: 1, failAfterStoreWith: 'reset' });
	await expect(call(sb, token, 'POST', '/api/tasks', { title: 'Reset after store', status })).rejects.toThrow();
	expect(sb.store.collection('tasks').filter((t) => t.title === 'Reset after store')).toHaveLength(1);
	expect(sb.stats().faultsByKind.failAfterStore).toBe(2);
});

test('POST /_sandbox/faults with {} turns everything off', async () => {
	sb.faults.errorRate = 1;
	await call(sb, null, 'POST', '/_sandbox/faults', {});
	expect(sb.faults).toEqual({});
	expect(await statuses(2)).toEqual([200, 200]);
});
