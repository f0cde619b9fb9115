/**
 * The request path in real n8n on each pinned line, against a scripted DrChrono stand-in
 * (test/standins): answers whose status, headers or body n8n's own error handling would hide, and
 * Stop on a workflow that waits for quota. One n8n per line for the whole file.
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js --runInBand test/e2e/request-path.e2e.test.ts
 */

import { startStandin } from '../standins/drchrono-standin';
import type { Standin } from '../standins/drchrono-standin';
import { CredRef, chain, codeNode, drChronoNode, OAUTH2_TYPE, rl, sandboxOAuth2Data, webhookNode, requireBuiltNode } from './lib/drchrono';
import { sharedN8n } from './lib/shared';
import { ensureN8nInstalled, N8nExecution, N8nInstance, N8nLine } from './lib/n8n';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean) as N8nLine[];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poll<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v !== undefined && v !== null && (v as unknown) !== false) return v as T;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

async function post(url: string, timeoutMs = 180_000): Promise<{ status: number; text: string }> {
	const ctl = new AbortController();
	const t = setTimeout(() => ctl.abort(), timeoutMs);
	try {
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: ctl.signal });
		return { status: res.status, text: await res.text() };
	} finally {
		clearTimeout(t);
	}
}

function failure(e: N8nExecution | undefined): string {
	const err = e?.data?.resultData?.error;
	return err ? `${err.message}${err.description ? ` (${err.description})` : ''}` : '';
}

describe.each(lines)('request path in real n8n, line %s', (line) => {
	let standin: Standin;
	let n8n: N8nInstance;

	/** A credential for the stand-in with its own app (Client ID), so each scenario has its own quota. */
	async function credential(name: string, o: { quotaPerHour?: number; quotaWindowSeconds?: number } = {}): Promise<CredRef> {
		const id = await n8n.createCredential({
			name,
			type: OAUTH2_TYPE,
			data: sandboxOAuth2Data(standin, standin.issueToken() as never, { clientId: `${name}-${line}`, maxCallsPerSecond: 50, ...o }),
		});
		return { id, name };
	}

	async function deploy(name: string, nodes: Array<{ name: string; [k: string]: any }>): Promise<{ id: string; url: string }> {
		const id = await n8n.createWorkflow(chain(`${name} (line ${line})`, nodes));
		await n8n.activateWorkflow(id, 120_000);
		return { id, url: n8n.webhookUrl(null, nodes[0].parameters.path) };
	}

	/** Runs a workflow that must fail and returns the message and description n8n recorded. */
	async function failedRun(wf: { id: string; url: string }): Promise<string> {
		const res = await post(wf.url);
		expect(res.status).toBeGreaterThanOrEqual(400);
		const exec = await poll('the failed execution', async () => {
			const execs = await n8n.listExecutions(wf.id);
			return execs.find((e) => e.status === 'error' || (e.finished === false && e.stoppedAt));
		});
		return failure(exec);
	}

	const calls = (p: string) => standin.apiCalls().filter((r) => `${r.method} ${r.path}` === p);

	beforeAll(async () => {
		requireBuiltNode();
		await ensureN8nInstalled(line);
		standin = await startStandin();
		n8n = await sharedN8n(line);
		process.stderr.write(`[e2e] line ${line}: n8n ${n8n.installation.n8nVersion} at ${n8n.baseUrl}, log ${n8n.logFile}\n`);
	}, 40 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await standin?.close();
	}, 120_000);

	it('User: Get Current follows DrChrono’s 302 to the user', async () => {
		standin.routes['GET /api/users/current'] = { status: 302, headers: { Location: '/api/users/7' } };
		standin.routes['GET /api/users/7'] = { body: { id: 7, username: 'drsmith', is_doctor: true } };
		const cred = await credential('standin-current');
		const wf = await deploy('Get Current', [
			webhookNode(`rp-current-${line}`),
			drChronoNode('Me', cred, { resource: 'user', operation: 'getCurrent', options: {} }, [250, 0]),
		]);
		const res = await post(wf.url);
		expect({ status: res.status, text: res.status === 200 ? '' : res.text.slice(0, 500) }).toEqual({ status: 200, text: '' });
		expect(JSON.parse(res.text)).toEqual({ id: 7, username: 'drsmith', is_doctor: true });
		expect(calls('GET /api/users/current')).toHaveLength(1);
		expect(calls('GET /api/users/7')).toHaveLength(1);
	});

	it('a 429 with Retry-After under Wait waits that long and succeeds', async () => {
		standin.routes['GET /api/doctors'] = (_r, hit) =>
			hit === 0 ? { status: 429, headers: { 'Retry-After': '3' }, body: { detail: 'Request was throttled.' } } : { body: { results: [{ id: 1 }, { id: 2 }], next: null } };
		const cred = await credential('standin-429-wait');
		const wf = await deploy('429 wait', [
			webhookNode(`rp-429-wait-${line}`),
			drChronoNode('Doctors', cred, { resource: 'doctor', operation: 'getAll', returnAll: true, options: { onQuotaExhausted: 'wait' } }, [250, 0]),
			codeNode('Count', 'return [{ json: { count: $input.all().length } }];', [500, 0]),
		]);
		const t = Date.now();
		const res = await post(wf.url);
		expect({ status: res.status, text: res.status === 200 ? '' : res.text.slice(0, 500) }).toEqual({ status: 200, text: '' });
		expect(JSON.parse(res.text)).toEqual({ count: 2 });
		expect(Date.now() - t).toBeGreaterThanOrEqual(2_500);
		expect(calls('GET /api/doctors')).toHaveLength(2);
	});

	it('a 429 with Retry-After under Fail names the 429 and when the next call may go', async () => {
		standin.routes['GET /api/offices'] = { status: 429, headers: { 'Retry-After': '18' }, body: { detail: 'Request was throttled.' } };
		const cred = await credential('standin-429-fail');
		const wf = await deploy('429 fail', [
			webhookNode(`rp-429-fail-${line}`),
			drChronoNode('Offices', cred, { resource: 'office', operation: 'getAll', returnAll: true, options: { onQuotaExhausted: 'fail' } }, [250, 0]),
		]);
		const t = Date.now();
		const message = await failedRun(wf);
		expect(message).toMatch(/DrChrono answered 429 Too Many Requests; the next call may go at \d\d:\d\d:\d\d UTC \(in 1[5-8] s\)/);
		expect(message).not.toMatch(/quota of \d+ calls used up/);
		const [, h, m, s] = /at (\d\d):(\d\d):(\d\d) UTC/.exec(message)!;
		const at = new Date(t);
		at.setUTCHours(Number(h), Number(m), Number(s));
		expect(Math.abs(at.getTime() - (t + 18_000))).toBeLessThan(5_000);
		expect(calls('GET /api/offices')).toHaveLength(1);
	});

	it('an array-body 400 (Office: Add Exam Room) shows DrChrono’s reason as one sentence', async () => {
		standin.routes['POST /api/offices/3/add_exam_room'] = { status: 400, body: ['Office already has the maximum number of exam rooms'] };
		const cred = await credential('standin-400');
		const wf = await deploy('Array 400', [
			webhookNode(`rp-400-${line}`),
			drChronoNode('Add Room', cred, { resource: 'office', operation: 'addExamRoom', id: rl(3), examRoomName: 'Exam 9', options: {} }, [250, 0]),
		]);
		const message = await failedRun(wf);
		expect(message).toMatch(/^DrChrono rejected the request \(400\): Office already has the maximum number of exam rooms\. \(/);
		expect(message).not.toMatch(/item 1|fields it names/);
	});

	it('a text/html 401 is refreshed once through n8n and its text reaches the user', async () => {
		standin.routes['GET /api/users'] = {
			status: 401,
			headers: { 'Content-Type': 'text/html; charset=utf-8' },
			body: '<html><head><title>Unauthorized</title></head><body><p>Authorization failed.</p></body></html>',
		};
		const refreshes = standin.refreshes;
		const cred = await credential('standin-401');
		const wf = await deploy('HTML 401', [
			webhookNode(`rp-401-${line}`),
			drChronoNode('Users', cred, { resource: 'user', operation: 'getAll', returnAll: true, options: {} }, [250, 0]),
		]);
		const message = await failedRun(wf);
		expect(message).toMatch(/^DrChrono refused the credential \(401\): Authorization failed\./);
		expect(standin.refreshes - refreshes).toBe(1);
		// The call and its one re-send with the refreshed token; nothing more.
		const sent = calls('GET /api/users');
		expect(sent).toHaveLength(2);
		expect(sent[1].authorization).not.toBe(sent[0].authorization);
	});

	it('Stop through n8n’s REST API: a workflow waiting for quota sends nothing more', async () => {
		const WINDOW_S = 15;
		standin.routes['GET /api/doctors/1'] = { body: { id: 1 } };
		const cred = await credential('standin-stop', { quotaPerHour: 1, quotaWindowSeconds: WINDOW_S });
		const wf = await deploy('Stop while waiting', [
			webhookNode(`rp-stop-${line}`),
			codeNode('Three', 'return [1, 2, 3].map((n) => ({ json: { n } }));', [250, 0]),
			drChronoNode('Doctor', cred, { resource: 'doctor', operation: 'get', id: rl(1), options: { onQuotaExhausted: 'wait' } }, [500, 0]),
		]);
		const statusWf = await deploy('Quota status', [
			webhookNode(`rp-stop-status-${line}`),
			drChronoNode('Quota', cred, { resource: 'quota', operation: 'getStatus', options: {} }, [250, 0]),
		]);
		// Start early in a quota window, so the second item waits well past the Stop.
		while (Date.now() % (WINDOW_S * 1000) > 2_000) await sleep(100);
		const running = post(wf.url, 120_000).catch(() => undefined);
		await poll('the first call', () => calls('GET /api/doctors/1').length === 1 || undefined, 30_000, 50);
		const execution = await poll('the running execution', async () => {
			const list = await n8n.rest<{ results: Array<{ id: string; status: string }> }>(
				'GET',
				`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: wf.id }))}`,
			);
			return list.results.find((e) => e.status === 'running');
		});
		await n8n.rest('POST', `/executions/${execution.id}/stop`);
		expect(calls('GET /api/doctors/1')).toHaveLength(1);
		// The stopped call left the queue at once (Quota > Get Status costs no API call).
		const status = await post(statusWf.url);
		expect({ status: status.status, text: status.status === 200 ? '' : status.text.slice(0, 500) }).toEqual({ status: 200, text: '' });
		expect(JSON.parse(status.text)).toMatchObject({ used: 1, waiting: 0 });
		// Past the next window's start, when the queued call would have been granted.
		const nextWindow = (Math.floor(Date.now() / (WINDOW_S * 1000)) + 1) * WINDOW_S * 1000;
		await sleep(nextWindow - Date.now() + 3_000);
		await running;
		expect(calls('GET /api/doctors/1')).toHaveLength(1);
		const stopped = await poll('the stopped execution', async () => {
			const list = await n8n.rest<{ results: Array<{ id: string; status: string }> }>(
				'GET',
				`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: wf.id }))}`,
			);
			return list.results.find((e) => e.id === execution.id && e.status !== 'running');
		});
		expect(stopped.status).toMatch(/canceled|cancelled|stopped/);
	});
});
