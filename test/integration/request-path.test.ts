/**
 * The request path under conditions the sandbox does not model, through the DrChrono node in n8n's
 * execution engine against a scripted stand-in (test/standins): Retry-After, array and HTML error
 * bodies, token refresh counted call by call, redirects of a POST, a DELETE cut off on the way back,
 * timeouts, looping `next` links, links on other hosts, Custom API Call paths, Stop.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { findQuotaGuard } from '../../nodes/DrChrono/quota';
import { isApiHost } from '../../nodes/DrChrono/transport/urls';
import { retryAfterMs } from '../../nodes/DrChrono/transport/retryAfter';
import { runDrChrono, sandboxCredentials } from '../harness/drchrono';
import { startStandin } from '../standins/drchrono-standin';
import type { Standin } from '../standins/drchrono-standin';

let standin: Standin;
beforeEach(async () => {
	standin = await startStandin();
});
afterEach(async () => standin.close());

const credentials = (overrides: Record<string, string | number> = {}) => sandboxCredentials(standin as never, overrides);
const guardOf = () => findQuotaGuard(`${standin.url}|sandbox-client-id`)!;
const custom = (method: string, path: string, extra: Record<string, unknown> = {}) => ({
	resource: 'customApiCall',
	method,
	path,
	query: '{}',
	body: '{}',
	...extra,
});

describe('DrChrono answers read the same way on every n8n line', () => {
	it('Get Current follows the 302 to the user, both calls counted', async () => {
		standin.routes['GET /api/users/current'] = { status: 302, headers: { Location: '/api/users/7' } };
		standin.routes['GET /api/users/7'] = { body: { id: 7, username: 'drsmith' } };
		const { items, error } = await runDrChrono({ resource: 'user', operation: 'getCurrent' }, { credentials: credentials() });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ id: 7, username: 'drsmith' });
		expect(standin.apiCalls().map((r) => r.path)).toEqual(['/api/users/current', '/api/users/7']);
		expect(guardOf().snapshot().granted).toBe(2);
	});

	it('a 429 with Retry-After under Fail names the 429 and the time DrChrono gave', async () => {
		standin.routes['GET /api/doctors'] = { status: 429, headers: { 'Retry-After': '18' }, body: { detail: 'Request was throttled.' } };
		const before = Date.now();
		const { error } = await runDrChrono(
			{ resource: 'doctor', operation: 'getAll', returnAll: true, options: { onQuotaExhausted: 'fail' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toMatch(/DrChrono answered 429 Too Many Requests; the next call may go at \d\d:\d\d(:\d\d)? UTC \(in 1[78] s\)/);
		expect(error?.message).not.toMatch(/quota of 500 calls used up/);
		const named = /at (\d\d):(\d\d):(\d\d) UTC/.exec(error!.message)!;
		const at = new Date(before);
		at.setUTCHours(Number(named[1]), Number(named[2]), Number(named[3]));
		expect(Math.abs(at.getTime() - (before + 18_000))).toBeLessThan(3_000);
		expect(standin.apiCalls()).toHaveLength(1);
	});

	it('a 429 with Retry-After under Wait waits that long, sends once more and succeeds', async () => {
		standin.routes['GET /api/doctors'] = (_r, hit) =>
			hit === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { body: { results: [{ id: 1 }], next: null } };
		const t = Date.now();
		const { items, error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: credentials() });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual([1]);
		expect(Date.now() - t).toBeGreaterThanOrEqual(900);
		expect(standin.apiCalls()).toHaveLength(2);
	});

	it('reads the wait from Django REST framework’s throttle text when no Retry-After is sent', async () => {
		standin.routes['GET /api/doctors'] = { status: 429, body: { detail: 'Request was throttled. Expected available in 42 seconds.' } };
		const { error } = await runDrChrono(
			{ resource: 'doctor', operation: 'getAll', returnAll: true, options: { onQuotaExhausted: 'fail' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toMatch(/429 Too Many Requests; the next call may go at .* \(in 4[12] s\)/);
	});

	it('Retry-After as seconds, as an HTTP date, 0 and a past date', () => {
		const now = Date.parse('2026-12-01T13:00:00Z');
		const at = (h: Record<string, string>, body?: unknown) => retryAfterMs({ headers: h, body }, now);
		expect(at({ 'Retry-After': '18' })).toBe(18_000);
		expect(at({ 'retry-after': 'Tue, 01 Dec 2026 13:00:30 GMT' })).toBe(30_000);
		expect(at({ 'Retry-After': '0' })).toBe(0);
		expect(at({ 'Retry-After': 'Tue, 01 Dec 2026 12:59:00 GMT' })).toBe(0);
		expect(at({}, '{"detail":"Request was throttled. Expected available in 7 seconds."}')).toBe(7_000);
		expect(at({})).toBeUndefined();
	});

	it('an array-body 400 reaches the user as DrChrono’s own sentence', async () => {
		standin.routes['POST /api/offices/3/add_exam_room'] = { status: 400, body: ['Office already has the maximum number of exam rooms'] };
		const { error } = await runDrChrono(
			{ resource: 'office', operation: 'addExamRoom', id: { __rl: true, mode: 'id', value: '3' }, examRoomName: 'Exam 9' },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('DrChrono rejected the request (400): Office already has the maximum number of exam rooms.');
		expect(error?.description).not.toMatch(/fields it names/);
	});

	it('a text/html 401 is refreshed once through n8n, each call counted, and its text reaches the user', async () => {
		standin.routes['GET /api/doctors'] = {
			status: 401,
			headers: { 'Content-Type': 'text/html' },
			body: '<html><head><title>401</title></head><body><h1>Authorization failed.</h1></body></html>',
		};
		const creds = credentials();
		const { error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: creds });
		expect(error?.message).toBe('DrChrono refused the credential (401): Authorization failed.');
		expect(standin.refreshes).toBe(1);
		expect(creds.updates).toHaveLength(1);
		const calls = standin.apiCalls();
		expect(calls).toHaveLength(2);
		// The second call went out with the refreshed token, and the guard counted both.
		expect(calls[1].authorization).not.toBe(calls[0].authorization);
		expect(guardOf().snapshot().granted).toBe(calls.length);
	});

	it('an expired token costs two counted calls and one refresh, then works', async () => {
		let valid = '';
		standin.routes['GET /api/doctors'] = (r) =>
			r.authorization === `Bearer ${valid}` ? { body: { results: [{ id: 1 }], next: null } } : { status: 401, body: { detail: 'Invalid token.' } };
		const creds = credentials();
		// Only a token the refresh issues is valid: the imported one has expired.
		const issue = standin.issueToken.bind(standin);
		standin.issueToken = () => {
			const token = issue();
			valid = token.access_token;
			return token;
		};
		const { items, error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: creds });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(standin.refreshes).toBe(1);
		expect(standin.apiCalls()).toHaveLength(2);
		expect(guardOf().snapshot().granted).toBe(2);
	});
});

describe('redirects never re-send a POST body unsafely', () => {
	it.each([301, 302, 303])('a POST answered %i is sent once and stops with a clear error', async (status) => {
		standin.routes['POST /api/patients'] = { status, headers: { Location: '/api/patients/' } };
		const { error } = await runDrChrono(custom('POST', '/api/patients', { body: '{"first_name":"Once"}' }), { credentials: credentials() });
		expect(error?.message).toBe(`DrChrono answered POST /api/patients with a ${status} redirect to /api/patients/; the request was not sent again`);
		expect(standin.apiCalls()).toHaveLength(1);
	});

	it('a POST answered 307 to the same origin is sent there once, with its body', async () => {
		standin.routes['POST /api/patients'] = { status: 307, headers: { Location: '/api/patients_v2' } };
		standin.routes['POST /api/patients_v2'] = (r) => ({ status: 201, body: { id: 9, got: JSON.parse(r.body) } });
		const { items, error } = await runDrChrono(custom('POST', '/api/patients', { body: '{"first_name":"Once"}' }), { credentials: credentials() });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ id: 9, got: { first_name: 'Once' } });
		expect(standin.apiCalls().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/patients', 'POST /api/patients_v2']);
	});

	it('a POST answered 308 to another host is not sent there', async () => {
		const other = await startStandin();
		try {
			standin.routes['POST /api/patients'] = { status: 308, headers: { Location: `${other.url}/api/patients` } };
			const { error } = await runDrChrono(custom('POST', '/api/patients', { body: '{"first_name":"Once"}' }), { credentials: credentials() });
			expect(error?.message).toMatch(/redirected POST \/api\/patients to another host .*not sent there/);
			expect(other.requests).toHaveLength(0);
		} finally {
			await other.close();
		}
	});
});

describe('a DELETE cut off on the way back', () => {
	it('is reported as deleted when the re-sent DELETE finds the object gone', async () => {
		standin.routes['DELETE /api/appointments/5'] = (_r, hit) => (hit === 0 ? { drop: true } : { status: 404, body: { detail: 'Not found.' } });
		const { items, error } = await runDrChrono(
			{ resource: 'appointment', operation: 'delete', id: { __rl: true, mode: 'id', value: '5' } },
			{ credentials: credentials() },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: 5, deleted: true, alreadyGone: true });
		expect(String(items[0].json.note)).toMatch(/already gone/);
		expect(standin.apiCalls()).toHaveLength(2);
	});

	it('a plain 404 on the first DELETE is still an error', async () => {
		standin.routes['DELETE /api/appointments/5'] = { status: 404, body: { detail: 'Not found.' } };
		const { error } = await runDrChrono(
			{ resource: 'appointment', operation: 'delete', id: { __rl: true, mode: 'id', value: '5' } },
			{ credentials: credentials() },
		);
		expect(error?.message).toBe('Not found in DrChrono (404): Not found.');
	});
});

describe('request timeout', () => {
	it('a POST with no answer in the node’s timeout may have been created and is not sent again', async () => {
		standin.routes['POST /api/patients'] = { delayMs: 4_000, status: 201, body: { id: 1 } };
		const t = Date.now();
		const { error } = await runDrChrono(
			custom('POST', '/api/patients', { body: '{"first_name":"Slow"}', options: { requestTimeoutSeconds: 1 } }),
			{ credentials: credentials() },
		);
		expect(Date.now() - t).toBeLessThan(3_500);
		expect(error?.message).toBe(
			'DrChrono did not answer POST /api/patients within 1 s: the object may have been created, and the request was not sent again',
		);
		expect(standin.apiCalls()).toHaveLength(1);
	});

	it('the node offers the timeout with a sensible default', async () => {
		const { DrChrono } = await import('../../nodes/DrChrono/DrChrono.node');
		const options = new DrChrono().description.properties.find((p) => p.name === 'options');
		const timeout = options?.options?.find((o) => 'name' in o && o.name === 'requestTimeoutSeconds') as { default: number } | undefined;
		expect(timeout?.default).toBe(120);
	});
});

describe('pagination never loops', () => {
	it('a next link that points back stops with an error naming it', async () => {
		const page = (n: number) => `${standin.url}/api/doctors?page=${n}`;
		standin.routes['GET /api/doctors'] = (r) => {
			const n = Number(new URL(r.url, standin.url).searchParams.get('page') ?? 1);
			return { body: { results: [{ id: n }], next: n === 3 ? page(2) : page(n + 1) } };
		};
		const { error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: credentials() });
		expect(error?.message).toBe(`DrChrono's list /api/doctors links back to a page already read: ${page(2)}`);
		expect(standin.apiCalls()).toHaveLength(3);
	});

	it('a page that names itself as next is read once', async () => {
		standin.routes['GET /api/doctors'] = () => ({ body: { results: [{ id: 1 }], next: `${standin.url}/api/doctors?cursor=a` } });
		const { error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: credentials() });
		expect(error?.message).toMatch(/links back to a page already read: .*cursor=a/);
		expect(standin.apiCalls()).toHaveLength(2);
	});

	it('the same page under another spelling of the host counts as read', async () => {
		let served = 0;
		standin.routes['GET /api/doctors'] = () => {
			served++;
			const scheme = served % 2 === 1 ? 'https' : 'http';
			return { body: { results: [{ id: served }], next: `${scheme}://127.0.0.1:${standin.port}/api/doctors?page=2` } };
		};
		const { error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: credentials() });
		expect(error?.message).toMatch(/links back to a page already read: http:\/\/127\.0\.0\.1:\d+\/api\/doctors\?page=2/);
		expect(standin.apiCalls()).toHaveLength(2);
	});
});

describe('Custom API Call normalises the path before checking it', () => {
	it.each(['/api/../o/token/', '/api/%2e%2e/o/token/', '/api/..\\o/token/', '//evil.example/api/x', 'api/patients'])(
		'%s is refused before any call',
		async (path) => {
			const { error } = await runDrChrono(custom('GET', path), { credentials: credentials() });
			expect(error?.message).toMatch(/^The path must lie under \/api\//);
			expect(standin.requests).toHaveLength(0);
		},
	);

	it('a path with dot segments is refused even when it stays inside /api/: a front end may resolve it differently', async () => {
		standin.routes['GET /api/doctors'] = { body: { id: 1 } };
		const { error } = await runDrChrono(custom('GET', '/api/patients/../doctors'), { credentials: credentials() });
		expect(error?.message).toMatch(/\. or \.\. segment/);
		expect(standin.apiCalls()).toHaveLength(0);
	});
});

describe('a file download redirected to another host', () => {
	it('is followed without the token', async () => {
		const bytes = Buffer.from('%PDF-1.4 stored elsewhere');
		const seenAuth: Array<string | undefined> = [];
		const storage = http.createServer((req, res) => {
			seenAuth.push(req.headers.authorization);
			res.setHeader('Content-Type', 'application/pdf');
			res.end(bytes);
		});
		await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
		const storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
		standin.routes['GET /api/documents/5'] = { body: { id: 5, document: `${standin.url}/api/documents/5/file` } };
		standin.routes['GET /api/documents/5/file'] = { status: 302, headers: { Location: `${storageUrl}/bucket/scan.pdf?sig=1` } };
		try {
			const { items, error } = await runDrChrono(
				{ resource: 'document', operation: 'download', id: { mode: 'id', value: '5' }, binaryPropertyName: 'data' },
				{ credentials: credentials() },
			);
			expect(error).toBeUndefined();
			expect(Buffer.from(items[0].binary!.data.data, 'base64').equals(bytes)).toBe(true);
			expect(seenAuth).toEqual([undefined]);
			expect(standin.apiCalls().every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
		} finally {
			storage.close();
		}
	});
});

describe('next links on another spelling of the API host', () => {
	it('an https:// link on the API’s host and port is followed on the configured origin', async () => {
		standin.routes['GET /api/doctors'] = (r) =>
			r.url.includes('cursor=2')
				? { body: { results: [{ id: 2 }], next: null } }
				: { body: { results: [{ id: 1 }], next: `https://127.0.0.1:${standin.port}/api/doctors?cursor=2` } };
		const { items, error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: credentials() });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual([1, 2]);
	});

	it('a link to another host is refused and that host never sees the token', async () => {
		const other = await startStandin();
		try {
			standin.routes['GET /api/doctors'] = { body: { results: [{ id: 1 }], next: `http://localhost:${other.port}/api/doctors?cursor=2` } };
			const { error } = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials: credentials() });
			expect(error?.message).toMatch(/Refusing to send the DrChrono token to http:\/\/localhost:\d+/);
			expect(other.requests).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	it('which hosts count as the API', () => {
		const api = new URL('https://app.drchrono.com');
		expect(isApiHost(api, new URL('http://app.drchrono.com/api/x'))).toBe(true);
		expect(isApiHost(api, new URL('https://drchrono.com/api/x'))).toBe(true);
		expect(isApiHost(api, new URL('http://drchrono.com/api/x'))).toBe(true);
		expect(isApiHost(api, new URL('https://evil.drchrono.com/api/x'))).toBe(false);
		expect(isApiHost(api, new URL('https://app.drchrono.com.evil.example/api/x'))).toBe(false);
		expect(isApiHost(api, new URL('https://app.drchrono.com:8443/api/x'))).toBe(false);
		expect(isApiHost(api, new URL('ftp://app.drchrono.com/api/x'))).toBe(false);
		expect(isApiHost(new URL('http://127.0.0.1:4000'), new URL('https://127.0.0.1:4000/api'))).toBe(true);
		expect(isApiHost(new URL('http://127.0.0.1:4000'), new URL('http://127.0.0.1:4001/api'))).toBe(false);
	});
});

describe('Stop: a call waiting for quota is never sent after the execution is stopped', () => {
	it('the second item, queued for the next window, is not sent', async () => {
		const WINDOW_MS = 3_000;
		let stop: () => void = () => {};
		const stopped = new Promise<void>((resolve) => {
			standin.routes['GET /api/doctors/1'] = () => {
				setTimeout(() => {
					stop();
					resolve();
				}, 100);
				return { body: { id: 1 } };
			};
		});
		// Start early in a quota window, so the second call must wait well past the Stop.
		while (Date.now() % WINDOW_MS > 300) await new Promise((r) => setTimeout(r, 20));
		const run = runDrChrono(
			{ resource: 'doctor', operation: 'get', id: { __rl: true, mode: 'id', value: '1' } },
			{
				credentials: credentials({ quotaPerHour: 1, quotaWindowSeconds: WINDOW_MS / 1000 }),
				items: [{ json: {} }, { json: {} }],
				onStarted: (s) => (stop = s),
			},
		);
		await stopped;
		await run;
		// The stopped caller left the queue at once: nobody waits, and its slot was never granted.
		expect(guardOf().snapshot()).toMatchObject({ queued: 0, granted: 1 });
		// Past the next window's start, when the guard would have granted the second call.
		await new Promise((r) => setTimeout(r, WINDOW_MS));
		expect(standin.apiCalls()).toHaveLength(1);
		expect(guardOf().snapshot().granted).toBe(1);
	});
});
