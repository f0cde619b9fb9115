/**
 * Proof that the real-n8n harness works, for both pinned lines (scripts/n8n/versions.json):
 * install (cached), load a custom node package from N8N_CUSTOM_EXTENSIONS, import an OAuth2
 * credential and workflows with the CLI, execute a Manual Trigger workflow with the CLI, then start
 * n8n with an activated webhook workflow (n8n's Webhook node + a custom webhook trigger), POST to
 * the production URLs and read the executions back; also activate and execute while n8n runs.
 *
 * Slow (a cold install is minutes per line; warm, ~1.5 min per line). Step timings are printed.
 * N8N_E2E_LINES=1 or =2 restricts the lines.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import {
	ensureN8nInstalled,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	activateWorkflow,
	makeTempDir,
	N8nInstance,
	N8nLine,
	N8nProcessOptions,
	nodeOutput,
} from './lib/n8n';
import { writeHelloPackage } from './lib/hello-fixture';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()) as N8nLine[];

const timings: string[] = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		const msg = `${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`;
		timings.push(msg);
		process.stderr.write(`[n8n-smoke] ${msg}\n`);
	}
}
afterAll(() => {
	process.stderr.write(`[n8n-smoke] timings:\n  ${timings.join('\n  ')}\n`);
});

/** A local API that records the Authorization header it gets. */
function startEchoServer(): Promise<{ url: string; close: () => Promise<void> }> {
	return new Promise((resolve) => {
		const srv = http.createServer((req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ path: req.url, authorization: req.headers.authorization ?? null }));
		});
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => srv.close(() => r())) });
		});
	});
}

const CRED = {
	id: 'helloCred0000001',
	name: 'Hello OAuth2',
	type: 'helloApi',
	data: {
		clientId: 'client-id',
		clientSecret: 'client-secret',
		oauthTokenData: { access_token: 'e2e-access-token', refresh_token: 'e2e-refresh', expires_in: 172800, token_type: 'Bearer' },
	},
};

function manualWorkflow(id: string, url: string) {
	return {
		id,
		name: `Manual hello ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { 'When clicking Execute': { main: [[{ node: 'Hello', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'a1', name: 'When clicking Execute', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a2',
				name: 'Hello',
				type: 'CUSTOM.hello',
				typeVersion: 1,
				position: [200, 0],
				parameters: { url },
				credentials: { helloApi: { id: CRED.id, name: CRED.name } },
			},
		],
	};
}

function webhookWorkflow(id: string, tag: string) {
	return {
		id,
		name: `Webhooks ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: 'w1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `00000000-0000-4000-8000-${tag}00000001`,
				parameters: { httpMethod: 'POST', path: `smoke-${tag}`, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'w2',
				name: 'Hello Trigger',
				type: 'CUSTOM.helloTrigger',
				typeVersion: 1,
				position: [0, 200],
				webhookId: `00000000-0000-4000-8000-${tag}00000002`,
				parameters: {},
			},
		],
	};
}

/** Hello Trigger -> Hello (calls the echo server with the credential's token). */
function triggerToHelloWorkflow(credId: string, url: string, tag: string) {
	return {
		name: `Trigger to hello ${tag}`,
		connections: { 'Hello Trigger': { main: [[{ node: 'Hello', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: 't1',
				name: 'Hello Trigger',
				type: 'CUSTOM.helloTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: `00000000-0000-4000-8000-${tag}00000002`,
				parameters: {},
			},
			{
				id: 't2',
				name: 'Hello',
				type: 'CUSTOM.hello',
				typeVersion: 1,
				position: [200, 0],
				parameters: { url },
				credentials: { helloApi: { id: credId, name: 'REST cred' } },
			},
		],
	};
}

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: res.status, text: await res.text() };
}

describe.each(lines)('real n8n, line %s', (line) => {
	let ext: string;
	let opts: N8nProcessOptions;
	let echo: Awaited<ReturnType<typeof startEchoServer>>;
	let n8n: N8nInstance | undefined;
	const tmp = makeTempDir(`n8n-smoke-${line}-`);

	beforeAll(async () => {
		const inst = await timed(`line ${line}: ensureN8nInstalled`, () => ensureN8nInstalled(line));
		expect(fs.existsSync(inst.bin)).toBe(true);
		ext = writeHelloPackage(path.join(tmp, 'ext'));
		opts = { line, userFolder: path.join(tmp, 'user'), customExtensions: [ext] };
		fs.mkdirSync(opts.userFolder, { recursive: true });
		echo = await startEchoServer();
	}, 60 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await echo?.close();
		if (!process.env.N8N_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
	}, 60_000);

	it('imports a credential and workflows, executes CUSTOM.hello with the OAuth2 token', async () => {
		await timed(`line ${line}: import:credentials`, () => importCredentials(opts, [CRED]));
		await timed(`line ${line}: import:workflow (2)`, () =>
			importWorkflow(opts, [manualWorkflow('helloManual00001', `${echo.url}/api/users/current`), webhookWorkflow('helloWebhook0001', 'aaaa')]),
		);
		const run = await timed(`line ${line}: execute (CLI, stopped)`, () => executeWorkflow(opts, 'helloManual00001'));
		const out = nodeOutput(run, 'Hello');
		expect(out).toEqual([
			{ hello: 'world', response: { path: '/api/users/current', authorization: 'Bearer e2e-access-token' } },
		]);
	}, 10 * 60_000);

	it('reports a failing execution with n8n error text', async () => {
		// The Hello node's URL points to a closed port: the execution fails, and executeWorkflow throws.
		await importWorkflow(opts, manualWorkflow('helloFailing0001', 'http://127.0.0.1:9/nothing'));
		await expect(executeWorkflow(opts, 'helloFailing0001')).rejects.toThrow(/ECONNREFUSED|connect|refused/i);
	}, 5 * 60_000);

	it('activates a webhook workflow before start; production webhooks run executions', async () => {
		await timed(`line ${line}: activate (CLI, stopped)`, () => activateWorkflow(opts, 'helloWebhook0001'));
		n8n = await timed(`line ${line}: start to ready`, () => N8nInstance.start({ ...opts, customExtensions: [ext] }));

		const builtin = await post(n8n.webhookUrl(null, 'smoke-aaaa'), { via: 'n8n-nodes-base.webhook' });
		expect(builtin.status).toBe(200);
		const custom = await post(n8n.webhookUrl('00000000-0000-4000-8000-aaaa00000002', 'hello'), { via: 'CUSTOM.helloTrigger' });
		expect(custom.status).toBe(200);

		const execs = await timed(`line ${line}: 2 webhook executions visible`, () => n8n!.waitForExecutions('helloWebhook0001', 2));
		const outputs = execs.map((e) => {
			const rd = e.data!.resultData.runData;
			const name = Object.keys(rd)[0];
			return { name, json: nodeOutput(e.data!, name)[0] };
		});
		expect(outputs.find((o) => o.name === 'Hello Trigger')?.json).toEqual({ hello: 'webhook', body: { via: 'CUSTOM.helloTrigger' } });
		expect(outputs.find((o) => o.name === 'Webhook')?.json.body).toEqual({ via: 'n8n-nodes-base.webhook' });
	}, 10 * 60_000);

	it('while running: CLI import + API activation, and CLI execute', async () => {
		const running = n8n!;
		await timed(`line ${line}: import:workflow (CLI, running)`, () => running.importWorkflow(webhookWorkflow('helloWebhook0002', 'bbbb')));
		await timed(`line ${line}: activate (public API, running)`, () => running.activateWorkflow('helloWebhook0002'));
		const res = await post(running.webhookUrl('00000000-0000-4000-8000-bbbb00000002', 'hello'), { n: 2 });
		expect(res.status).toBe(200);
		const execs = await running.waitForExecutions('helloWebhook0002', 1);
		expect(nodeOutput(execs[0].data!, 'Hello Trigger')[0]).toEqual({ hello: 'webhook', body: { n: 2 } });

		const run = await timed(`line ${line}: execute (CLI, running)`, () => running.executeWorkflow('helloManual00001'));
		expect(nodeOutput(run, 'Hello')[0].hello).toBe('world');
	}, 10 * 60_000);

	it('while running: REST-created credential and workflow (fast path), activated, run by a webhook', async () => {
		const running = n8n!;
		const credId = await timed(`line ${line}: createCredential (REST)`, () =>
			running.createCredential({
				name: 'REST cred',
				type: 'helloApi',
				data: { ...CRED.data, oauthTokenData: { access_token: 'rest-token', token_type: 'Bearer' } },
			}),
		);
		const wfId = await timed(`line ${line}: createWorkflow (REST)`, () =>
			running.createWorkflow(triggerToHelloWorkflow(credId, `${echo.url}/rest-path`, 'cccc')),
		);
		await timed(`line ${line}: activate (public API, running)`, () => running.activateWorkflow(wfId));
		const res = await post(running.webhookUrl('00000000-0000-4000-8000-cccc00000002', 'hello'), { n: 3 });
		expect(res.status).toBe(200);
		const [exec] = await running.waitForExecutions(wfId, 1);
		expect(exec.status).toBe('success');
		expect(nodeOutput(exec.data!, 'Hello')[0]).toEqual({
			hello: 'world',
			response: { path: '/rest-path', authorization: 'Bearer rest-token' },
		});
	}, 5 * 60_000);

	it('reports a trigger whose activation fails', async () => {
		const running = n8n!;
		const wf = webhookWorkflow('unused', 'dddd');
		const trigger = wf.nodes[1];
		const id = await running.createWorkflow({
			name: 'Failing activation',
			connections: {},
			nodes: [{ ...trigger, parameters: { failActivation: true } }],
		});
		await expect(timed(`line ${line}: failed activation reported`, () => running.activateWorkflow(id, 30_000))).rejects.toThrow(
			/activation refused/,
		);
	}, 2 * 60_000);

	it('stops cleanly', async () => {
		await timed(`line ${line}: stop`, () => n8n!.stop());
		expect(n8n!.running).toBe(false);
		n8n = undefined;
	}, 60_000);
});
