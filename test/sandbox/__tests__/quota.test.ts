import { startSandbox, type Sandbox } from '../index';
import { call, FakeClock } from './helpers';

const HOUR = 500;
// Start in the middle of a window so "the next window" is a known distance away.
const clock = new FakeClock(1_000_000 * HOUR + 100);
let sb: Sandbox;
let sbRetry: Sandbox;

beforeAll(async () => {
	const apps = [
		{ clientId: 'a', clientSecret: 'sa', redirectUris: ['*'], quotaLimit: 5 },
		{ clientId: 'b', clientSecret: 'sb', redirectUris: ['*'], quotaLimit: 5 },
	];
	sb = await startSandbox({ quiet: true, patients: 3, clock, hourMs: HOUR, apps });
	sbRetry = await startSandbox({ quiet: true, patients: 3, clock, hourMs: HOUR, apps, retryAfterHeader: true });
});
afterAll(async () => {
	await sb.close();
	await sbRetry.close();
});

test('each app has its own window; 429 beyond the limit; every call counts, 4xx too; reset at the next window', async () => {
	const a = sb.issueToken('a').access_token;
	const b = sb.issueToken('b').access_token;
	const statuses: number[] = [];
	statuses.push((await call(sb, a, 'GET', '/api/doctors')).status);
	statuses.push((await call(sb, a, 'GET', '/api/patients/1')).status); // 404 counts
	statuses.push((await call(sb, a, 'POST', '/api/patients', {})).status); // 400 counts
	statuses.push((await call(sb, a, 'DELETE', '/api/tasks/1')).status); // 405 counts
	statuses.push((await call(sb, a, 'GET', '/api/doctors')).status);
	expect(statuses).toEqual([200, 404, 400, 405, 200]);

	const limited = await call(sb, a, 'GET', '/api/doctors');
	expect(limited.status).toBe(429);
	expect(limited.body).toEqual({ detail: 'Request was throttled.' });
	expect(limited.headers.get('retry-after')).toBeNull();
	expect([...limited.headers.keys()].some((h) => h.toLowerCase().startsWith('x-ratelimit'))).toBe(false);

	// Another app is not affected.
	expect((await call(sb, b, 'GET', '/api/doctors')).status).toBe(200);

	const stats = sb.stats();
	expect(stats.calls).toBe(6);
	expect(stats.callsByApp).toEqual({ a: 5, b: 1 });
	expect(stats.rateLimited).toBe(1);
	expect(stats.quota.a).toMatchObject({ limit: 5, used: 5 });
	expect(stats.quota.a.resetsAt % HOUR).toBe(0);

	// Still the same window: still limited. The top of the next "hour": allowed again.
	clock.advance(HOUR - 101);
	expect((await call(sb, a, 'GET', '/api/doctors')).status).toBe(429);
	clock.advance(1);
	expect((await call(sb, a, 'GET', '/api/doctors')).status).toBe(200);
});

test('unauthenticated calls are not counted', async () => {
	const before = sb.stats().calls;
	expect((await call(sb, null, 'GET', '/api/doctors')).status).toBe(401);
	expect(sb.stats().calls).toBe(before);
});

test('Retry-After (seconds to the next window) only with the option', async () => {
	const t = sbRetry.issueToken('a').access_token;
	for (let i = 0; i < 5; i++) await call(sbRetry, t, 'GET', '/api/doctors');
	const res = await call(sbRetry, t, 'GET', '/api/doctors');
	expect(res.status).toBe(429);
	expect(res.headers.get('retry-after')).toBe('1');
});

test('the control API changes an app limit at run time and resets a window', async () => {
	const t = sb.issueToken('b').access_token;
	const up = await call(sb, null, 'POST', '/_sandbox/apps', { clientId: 'b', quotaLimit: 2 });
	expect(up.status).toBe(200);
	expect(up.body.quotaLimit).toBe(2);
	await call(sb, null, 'POST', '/_sandbox/quota/reset', { clientId: 'b' });
	expect((await call(sb, t, 'GET', '/api/doctors')).status).toBe(200);
	expect((await call(sb, t, 'GET', '/api/doctors')).status).toBe(200);
	expect((await call(sb, t, 'GET', '/api/doctors')).status).toBe(429);
	await call(sb, null, 'POST', '/_sandbox/apps', { clientId: 'b', quotaLimit: 500 });
	expect((await call(sb, t, 'GET', '/api/doctors')).status).toBe(200);
});

test('real time: with a short hourMs the window resets by itself', async () => {
	const real = await startSandbox({ quiet: true, patients: 1, hourMs: 300, apps: [{ clientId: 'r', clientSecret: 's', redirectUris: ['*'], quotaLimit: 2 }] });
	try {
		const t = real.issueToken().access_token;
		// Calls until the window is spent (a window boundary may pass in between), then waits for the next one.
		let saw429 = false;
		for (let i = 0; i < 20 && !saw429; i++) saw429 = (await call(real, t, 'GET', '/api/doctors')).status === 429;
		expect(saw429).toBe(true);
		await new Promise((r) => setTimeout(r, 320));
		expect((await call(real, t, 'GET', '/api/doctors')).status).toBe(200);
	} finally {
		await real.close();
	}
});
