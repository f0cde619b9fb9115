/**
 * n8n's queue mode for real (both lines): PostgreSQL, Redis (Bull), a main process, two workers
 * (`n8n worker`) and a webhook process (`n8n webhook`), and the DrChrono quota in a 20-second window
 * of 100 calls. Six workflows keep both workers busy for several windows:
 * - with Quota Sharing "This n8n process" each worker grants 100 per window, and DrChrono (the
 *   sandbox) answers 429 beyond the app's 100;
 * - with "All n8n processes (Redis over HTTP)" no 429 at all, and every window used to ≥ 95 %, while
 *   deliveries to a DrChrono Trigger with Fetch Current Object make the main and the webhook
 *   process call DrChrono on the same quota, and a Poll Trigger polls on the main process;
 * - the store stopped for a window and started again: the workers fall back to their shares (no
 *   429), then use the store again;
 * - a worker killed (SIGKILL) while it holds slots: the other worker uses the next window in full;
 * - a delivery sent to the main and the webhook process (and again to each) runs once when the
 *   trigger's DrChrono Account shares the store, once per process without it.
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js --runInBand test/e2e/queue-mode.e2e.test.ts
 *
 * Needs redis-server and PostgreSQL from Debian's packages (scripts/queue/install.sh; as root the
 * suite installs them itself).
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { startRedisHttpServer } from '../store/redisHttpServer';
import type { RedisHttpServer } from '../store/redisHttpServer';
import { startPostgres, startRedis } from '../queue/services';
import type { Postgres, Service } from '../queue/services';
import { chain, codeNode, drChronoNode, NODE, OAUTH2_TYPE, requireBuiltNode, sandboxOAuth2Data, WEBHOOK_TYPE, webhookNode } from './lib/drchrono';
import { startInstalledN8n } from './lib/install';
import { ensureN8nInstalled, freePort, N8nInstance, n8nEnv, nodeOutput } from './lib/n8n';
import { until } from './lib/wait';
import type { N8nLine } from './lib/n8n';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean) as N8nLine[];

const WINDOW_S = 20;
const QUOTA = 100;
const WORKFLOWS = 6;
/** Calls one execution makes: one patient list per item. */
const CALLS_PER_EXECUTION = 12;
const SHARED = 'queue-shared-client';
const PER_PROCESS = 'queue-process-client';
const KILLED = 'queue-kill-client';
const SECRET = 'queue-secret';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

interface QueueProcess {
	child: ChildProcess;
	/** Where a webhook process serves production webhooks. */
	baseUrl: string;
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `n8n worker`, or `n8n webhook` (a process that receives production webhooks beside the main
 * one), with the main process's env (same database, queue, encryption key and user folder).
 */
async function startProcess(main: N8nInstance, command: 'worker' | 'webhook', logFile: string): Promise<QueueProcess> {
	const port = await freePort();
	const env = n8nEnv(main.installation, main.cliOptions, {
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
		N8N_PORT: String(port),
	});
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	const args = command === 'worker' ? ['worker', '--concurrency=10'] : ['webhook'];
	const child = spawn(main.installation.node, [main.installation.bin, ...args], {
		env,
		cwd: main.userFolder,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const ready = new Promise<void>((resolve, reject) => {
		const onData = (b: Buffer) => {
			log.write(b);
			output = (output + b.toString()).slice(-20_000);
			if (/worker is now ready|Worker started|Webhook listener waiting for requests/i.test(output)) resolve();
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => reject(new Error(`n8n ${command} exited (${code}) during start-up:\n${output.slice(-3000)}`)));
	});
	await Promise.race([ready, sleep(180_000).then(() => Promise.reject(new Error(`n8n ${command} not ready:\n${output.slice(-3000)}`)))]);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		child,
		baseUrl: `http://127.0.0.1:${port}`,
		async stop(signal: NodeJS.Signals = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return;
			try {
				process.kill(-child.pid!, signal);
			} catch {
				// already gone
			}
			await Promise.race([exited, sleep(20_000)]);
			if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
			log.end();
		},
	};
}

/** Keeps `WORKFLOWS` executions running (each webhook answers when its execution ends) until `until`. */
async function drive(n8n: N8nInstance, paths: string[], until: number, answerWithinMs = 3 * WINDOW_S * 1000): Promise<{ executions: number; failed: string[] }> {
	let executions = 0;
	const failed: string[] = [];
	await Promise.all(
		paths.map(async (p) => {
			while (Date.now() < until) {
				executions++;
				try {
					const res = await fetch(n8n.webhookUrl(null, p), {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: '{}',
						// An execution lost with a killed worker may never answer.
						signal: AbortSignal.timeout(answerWithinMs),
					});
					const text = await res.text();
					if (res.status !== 200) failed.push(`${res.status} ${text.slice(0, 300)}`);
				} catch (error) {
					failed.push((error as Error).message);
				}
			}
		}),
	);
	return { executions, failed };
}

/** The sandbox's count of the app's current window, sampled; the highest seen per window. */
function sampleWindows(sandbox: Sandbox, clientId: string): { stop(): Map<number, number> } {
	const seen = new Map<number, number>();
	const timer = setInterval(() => {
		const q = sandbox.stats().quota[clientId];
		if (q) seen.set(q.windowStart, Math.max(seen.get(q.windowStart) ?? 0, q.used));
	}, 200);
	return {
		stop() {
			clearInterval(timer);
			return seen;
		},
	};
}

describe.each(lines)('n8n queue mode with a shared DrChrono quota, line %s', (line) => {
	let sandbox: Sandbox;
	let redis: Service;
	let postgres: Postgres;
	let store: RedisHttpServer;
	let main: N8nInstance;
	const workers: QueueProcess[] = [];
	let webhookProcess: QueueProcess;
	const rateLimitedOf = () => sandbox.stats().responsesByStatus['429'] ?? 0;

	beforeAll(async () => {
		requireBuiltNode();
		await ensureN8nInstalled(line);
		[redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
		store = await startRedisHttpServer(redis.port);
		sandbox = await startSandbox({
			patients: 20,
			quiet: true,
			hourMs: WINDOW_S * 1000,
			apps: [SHARED, PER_PROCESS, KILLED].map((clientId) => ({ clientId, clientSecret: SECRET, redirectUris: ['*'], quotaLimit: QUOTA })),
		});
		const env = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_DATABASE: postgres.database,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: 'queue-mode-e2e-encryption-key',
			N8N_LOG_LEVEL: 'info',
		};
		// The package installed in the user folder main and workers share, as n8n's docs tell queue mode to.
		main = await startInstalledN8n({ line, method: 'npm-install', startTimeoutMs: 300_000, env });
		for (let i = 0; i < 2; i++) workers.push(await startProcess(main, 'worker', path.join(main.userFolder, `worker-${i + 1}.log`)));
		webhookProcess = await startProcess(main, 'webhook', path.join(main.userFolder, 'webhook-1.log'));
	}, 15 * 60_000);

	afterAll(async () => {
		for (const worker of workers) await worker.stop();
		await webhookProcess?.stop();
		await main?.stop();
		await store?.close();
		await sandbox?.close();
		await redis?.stop();
		await postgres?.stop();
	}, 180_000);

	/** The credential's Quota Sharing set to the store, with the main process and two workers. */
	const sharedQuota = () => ({ quotaSharing: 'store', storeUrl: store.url, storeToken: store.token, storeProcesses: 3 });

	async function credentialFor(clientId: string, sharing: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const id = await main.createCredential({
			name: `DrChrono ${clientId}`,
			type: OAUTH2_TYPE,
			data: {
				...sandboxOAuth2Data(sandbox, sandbox.issueToken(clientId), {
					clientId,
					clientSecret: SECRET,
					quotaPerHour: QUOTA,
					quotaWindowSeconds: WINDOW_S,
					maxCallsPerSecond: 10,
				}),
				...sharing,
			},
		});
		return { id, name: `DrChrono ${clientId}` };
	}

	async function workflowsFor(clientId: string, sharing: Record<string, unknown>): Promise<string[]> {
		const cred = await credentialFor(clientId, sharing);
		const paths: string[] = [];
		for (let i = 0; i < WORKFLOWS; i++) {
			const p = `queue-${clientId}-${line}-${i}`;
			const wf = chain(`${clientId} ${i} (line ${line})`, [
				webhookNode(p),
				codeNode('Items', `return Array.from({ length: ${CALLS_PER_EXECUTION} }, (_, i) => ({ json: { i } }));`, [200, 0]),
				drChronoNode('Patients', cred, { resource: 'patient', operation: 'getAll', limit: 1 }, [400, 0]),
				codeNode('Done', 'return [{ json: { calls: $input.all().length } }];', [600, 0]),
			]);
			const workflowId = await main.createWorkflow(wf);
			await main.activateWorkflow(workflowId, 120_000);
			paths.push(p);
		}
		return paths;
	}

	/**
	 * A DrChrono Trigger workflow: with the account `cred` (Fetch Current Object, so the process that
	 * receives a delivery calls DrChrono, and the account's store for the delivery memory) or without
	 * one. Its URL on the main process and on the webhook process.
	 */
	async function activateTrigger(name: string, cred: { id: string; name: string } | undefined): Promise<{ workflowId: string; urls: string[]; secret: string }> {
		const secret = randomBytes(32).toString('hex');
		const whCred = await main.createCredential({ name: `Webhook ${name}`, type: WEBHOOK_TYPE, data: { secretToken: secret } });
		const webhookId = randomUUID();
		const workflowId = await main.createWorkflow({
			name: `${name} (line ${line})`,
			connections: {},
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: randomUUID(),
					name: 'DrChrono Trigger',
					type: NODE.trigger,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { events: ['PATIENT_MODIFY'], fetchCurrentObject: cred !== undefined, options: {} },
					credentials: { [WEBHOOK_TYPE]: { id: whCred, name: `Webhook ${name}` }, ...(cred ? { [OAUTH2_TYPE]: cred } : {}) },
				},
			],
		});
		await main.activateWorkflow(workflowId, 120_000);
		const onMain = main.webhookUrl(webhookId, 'drchrono');
		const onWebhookProcess = webhookProcess.baseUrl + new URL(onMain).pathname;
		return { workflowId, urls: [onMain, onWebhookProcess], secret };
	}

	/** One delivery as DrChrono sends it. */
	async function deliver(url: string, secret: string, deliveryId: string, patientId: number): Promise<number> {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-drchrono-event': 'PATIENT_MODIFY', 'x-drchrono-signature': secret, 'x-drchrono-delivery': deliveryId },
			body: JSON.stringify({ receiver: { id: 1 }, object: { id: patientId } }),
			signal: AbortSignal.timeout(60_000),
		});
		await res.text();
		return res.status;
	}

	/** Runs the load from the next window start for `windows` windows; the sandbox's count per full window. */
	async function load(clientId: string, paths: string[], windows: number, alongside?: (stopAt: number) => Promise<unknown>) {
		const windowMs = WINDOW_S * 1000;
		await sleep(windowMs - (Date.now() % windowMs) + 100);
		const from = Date.now() - (Date.now() % windowMs);
		const sampler = sampleWindows(sandbox, clientId);
		const before = rateLimitedOf();
		const until = from + windows * windowMs - 2_000;
		const [result] = await Promise.all([drive(main, paths, until), alongside?.(until)]);
		await sleep(2_500);
		const seen = sampler.stop();
		const perWindow = [...seen.entries()].filter(([start]) => start >= from && start < from + windows * windowMs).map(([, used]) => used);
		return { ...result, perWindow, rateLimited: rateLimitedOf() - before };
	}

	it('This n8n process: each worker grants the whole quota, and DrChrono answers 429', async () => {
		const paths = await workflowsFor(PER_PROCESS, {});
		const run = await load(PER_PROCESS, paths, 1);
		console.log(`line ${line} per process: ${run.executions} executions, windows used ${run.perWindow.join(', ')} of ${QUOTA}, ${run.rateLimited} × 429`);
		expect(run.rateLimited).toBeGreaterThan(0);
	}, 10 * 60_000);

	it('All n8n processes: no 429 and every window used to at least 95 %, with the main and webhook processes calling too; the store away for a window and back', async () => {
		const paths = await workflowsFor(SHARED, sharedQuota());
		// Deliveries to a trigger with Fetch Current Object, on the main and the webhook process in
		// turn: those processes call DrChrono on the same quota as the workers.
		const account = await credentialFor(SHARED, sharedQuota());
		const trigger = await activateTrigger('Shared fetch', account);
		// And a Poll Trigger, which n8n runs on the main process, on the same app.
		const pollWorkflow = await main.createWorkflow({
			name: `Shared poll (line ${line})`,
			connections: {},
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: randomUUID(),
					name: 'New Lab Result',
					type: NODE.poll,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newLabResult', filters: {}, options: {} },
					credentials: { [OAUTH2_TYPE]: account },
				},
			],
		});
		await main.activateWorkflow(pollWorkflow, 120_000);
		const polls = () => sandbox.stats().callsByPath['GET /api/patient_lab_results'] ?? 0;
		const polledBefore = polls();
		const patientId = sandbox.store.collection('patients').all()[0].id as number;
		const deliveries: number[] = [];
		const deliverLoop = async (stopAt: number) => {
			for (let i = 0; Date.now() < stopAt; i++) {
				deliveries.push(await deliver(trigger.urls[i % 2], trigger.secret, `load-${line}-${i}`, patientId));
				await sleep(1_000);
			}
		};
		const rateLimitedBefore = rateLimitedOf();
		const run = await load(SHARED, paths, 3, deliverLoop);
		const fetched = (await main.listExecutions(trigger.workflowId, { limit: 250 })).flatMap((e) => (e.data ? nodeOutput(e.data, 'DrChrono Trigger') : [])).filter((j) => j.fetched === true).length;
		// A poll waits for a slot for at most its interval; under the workers' full load it may get
		// none (and say so), so the poll that reaches DrChrono may be the first one after the load.
		await until('a Poll Trigger call during or right after the load', () => polls() > polledBefore || undefined, 90_000);
		const polled = polls() - polledBefore;
		await main.deactivateWorkflow(pollWorkflow);
		expect(rateLimitedOf() - rateLimitedBefore).toBe(0);
		console.log(`line ${line} shared: ${run.executions} executions, ${deliveries.length} deliveries to main and webhook process (${fetched} fetched in time), ${polled} Poll Trigger calls, windows used ${run.perWindow.join(', ')} of ${QUOTA}, ${run.rateLimited} × 429, store round trips ${store.requests}`);
		expect(deliveries.filter((status) => status !== 200)).toEqual([]);
		expect(fetched).toBeGreaterThan(0);
		expect(polled).toBeGreaterThan(0);
		expect(run.failed).toEqual([]);
		expect(run.rateLimited).toBe(0);
		expect(run.perWindow).toHaveLength(3);
		for (const used of run.perWindow) expect(used).toBeGreaterThanOrEqual(0.95 * QUOTA);

		// The store goes away for a window: the workers keep to their shares (⌊100 ÷ 3⌋ each), no 429.
		const windowMs = WINDOW_S * 1000;
		await sleep(windowMs - (Date.now() % windowMs) + 2_000);
		await store.stop();
		const before = rateLimitedOf();
		const away = drive(main, paths, Date.now() + windowMs + 10_000);
		await sleep(windowMs);
		await store.restart();
		const result = await away;
		expect(rateLimitedOf() - before).toBe(0);
		const logs = fs.readdirSync(main.userFolder).filter((f) => /^worker-\d\.log$/.test(f));
		const warned = logs.some((f) => /shared quota store at .* cannot be used/.test(fs.readFileSync(path.join(main.userFolder, f), 'utf8')));
		expect(warned).toBe(true);
		console.log(`line ${line} store away: ${result.executions} executions, ${rateLimitedOf() - before} × 429`);
	}, 10 * 60_000);

	it('a worker killed while it holds slots: the other worker uses the next window in full, no 429', async () => {
		const paths = await workflowsFor(KILLED, sharedQuota());
		const windowMs = WINDOW_S * 1000;
		await sleep(windowMs - (Date.now() % windowMs) + 100);
		const from = Date.now();
		const sampler = sampleWindows(sandbox, KILLED);
		const before = rateLimitedOf();
		// Executions lost with the worker never answer: their loops move on after 5 s, so the load
		// (and not a lost execution) decides how much of the next window is used.
		const running = drive(main, paths, from - (from % windowMs) + 2 * windowMs - 2_000, 5_000);
		await sleep(3_000);
		await workers[1].stop('SIGKILL');
		const result = await running;
		await sleep(2_500);
		const next = sampler.stop().get(from - (from % windowMs) + windowMs) ?? 0;
		console.log(`line ${line} worker killed: ${result.executions} executions (${result.failed.length} not answered within 5 s, those lost with the worker among them), next window used ${next} of ${QUOTA}, ${rateLimitedOf() - before} × 429`);
		expect(rateLimitedOf() - before).toBe(0);
		expect(next).toBeGreaterThanOrEqual(0.95 * QUOTA);
	}, 10 * 60_000);

	it('a delivery redelivered to the main and the webhook process runs once with the account store, twice without', async () => {
		const patientId = sandbox.store.collection('patients').all()[1].id as number;
		const shared = await activateTrigger('Redelivery shared', await credentialFor(SHARED, sharedQuota()));
		const alone = await activateTrigger('Redelivery per process', undefined);
		for (const trigger of [shared, alone]) {
			// The same delivery at once on both processes, then again on each (DrChrono's Redeliver).
			const statuses = await Promise.all(trigger.urls.map(async (url) => await deliver(url, trigger.secret, `redelivered-${line}`, patientId)));
			for (const url of trigger.urls) statuses.push(await deliver(url, trigger.secret, `redelivered-${line}`, patientId));
			expect(statuses).toEqual([200, 200, 200, 200]);
		}
		// The executions wait in the queue for the remaining worker; then a few seconds for any extra one.
		await main.waitForExecutions(shared.workflowId, 1, 120_000);
		await main.waitForExecutions(alone.workflowId, 2, 120_000);
		await sleep(5_000);
		const runs = async (workflowId: string) => (await main.listExecutions(workflowId, { includeData: false })).length;
		const [once, perProcess] = [await runs(shared.workflowId), await runs(alone.workflowId)];
		console.log(`line ${line} redelivery: ${once} execution with the store, ${perProcess} without`);
		expect(once).toBe(1);
		// Without a store each process remembers its own: one execution per process, as docs/trigger.md says.
		expect(perProcess).toBe(2);
	}, 5 * 60_000);
});
