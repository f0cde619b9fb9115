/**
 * Benchmark 4, trigger throughput through real n8n: signed DrChrono deliveries per second accepted
 * by the DrChrono Trigger, against n8n's generic Webhook node under the same load, in the same n8n
 * process. Target: DrChrono Trigger / Webhook >= 0.95.
 *
 *   npx tsx bench/trigger-throughput.ts [--line 1|2] [--deliveries 500] [--concurrency 10]
 *                                       [--repeats 5] [--warmup 200] [--package <built dir>]
 *                                       [--no-header-auth] [--profile-n8n <deliveries>]
 *                                       [--n8n-env KEY=VALUE]... [--trigger-version 1.1]
 *
 * What it does:
 *   1. compiles the package with tsc into a temporary folder (icons copied), unless --package
 *      names a built one (a folder with nodes/DrChrono/*.node.js), so the repo's dist/ is untouched;
 *   2. installs (cached) and prepares real n8n (test/e2e/lib/n8n.ts): imports the credentials and
 *      one-node workflows, activates them, starts n8n with the package in N8N_CUSTOM_EXTENSIONS
 *      (node type CUSTOM.drChronoTrigger):
 *        - DrChrono Trigger, all events, default options (signature check, repeated-id drop);
 *        - n8n's Webhook node (n8n-nodes-base.webhook v2, POST, Respond Immediately, no auth): the target;
 *        - the same with Header Auth on X-drchrono-signature (it reads a credential per call, as the
 *          trigger must for its secret): for reference, unless --no-header-auth;
 *   3. for each measurement sends D POSTs with C connections (undici Pool), the same body and
 *      headers to each (X-drchrono-event PATIENT_CREATE, X-drchrono-signature = the secret,
 *      a fresh X-drchrono-delivery id each), and counts 200s per second of wall time; between
 *      measurements it waits until n8n's CPU is idle (its executions have drained);
 *   4. warm-up of each, then R rotating repeats; medians; finally counts the executions of each
 *      workflow through n8n's public API (every accepted delivery must be one execution).
 *
 * n8n 'Respond Immediately' answers when the execution has been started, so the rate is what n8n
 * accepts; the drain wait keeps one measurement's backlog out of the next.
 *
 * --profile-n8n N starts n8n with --inspect (127.0.0.1) and, after the measurements, records a V8
 * CPU profile of the n8n process for N deliveries to the trigger and N to the Webhook node, and
 * prints n8n's CPU per delivery by area (profiles also saved to $TMPDIR/drchrono-bench-profiles/).
 * On --line 2 without --n8n-env it runs twice: n8n's default settings, then the documented setting
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, and prints both ratios. --trigger-version 1 measures a saved v1 trigger.
 */
import './lib/prefer-ts';
import { randomBytes } from 'crypto';

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { Pool, WebSocket } from 'undici';

import {
	activateWorkflow,
	ensureN8nInstalled,
	importCredentials,
	importWorkflow,
	makeTempDir,
	N8nInstance,
	type N8nLine,
} from '../test/e2e/lib/n8n';
import { REPO_ROOT, fmt, load, log, machine, median, sleep, table, runIfMain } from './lib/common';
import { selfTimes, type CpuProfile } from './lib/profile';

// Generated, as the trigger requires (hand-made secrets are guessable offline).
const SECRET = randomBytes(32).toString('hex');
const TRIGGER_WORKFLOW = 'benchDrcTrigger1';
const GENERIC_WORKFLOW = 'benchGenericHook';
const TRIGGER_WEBHOOK_ID = '6b1f0c2e-0000-4000-8000-00000000b001';
const GENERIC_WEBHOOK_ID = '6b1f0c2e-0000-4000-8000-00000000b002';
const GENERIC_PATH = 'bench-generic';
const GENERIC_AUTH_WORKFLOW = 'benchGenericAuth';
const GENERIC_AUTH_WEBHOOK_ID = '6b1f0c2e-0000-4000-8000-00000000b003';
const GENERIC_AUTH_PATH = 'bench-generic-auth';

/** tsc into `out`, then the icons, as `npm run build` does into dist/. */
async function buildPackage(out: string): Promise<void> {
	const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const args = [tsc, '-p', 'tsconfig.json', '--outDir', out];
	const code = await new Promise<number | null>((resolve) => {
		const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
		child.once('exit', resolve);
	});
	if (code !== 0) throw new Error(`tsc exited with ${code}`);
	for (const dir of ['nodes/DrChrono']) {
		for (const file of fs.readdirSync(path.join(REPO_ROOT, dir))) {
			if (file.endsWith('.svg') || file.endsWith('.png')) fs.copyFileSync(path.join(REPO_ROOT, dir, file), path.join(out, dir, file));
		}
	}
}

/** What a new DrChrono Trigger is in the editor (DrChronoTrigger.node.ts defaultVersion). */
const DEFAULT_TRIGGER_VERSION = 1.1;

/** The setting the README documents for high-volume webhooks on n8n 2.x. */
const DOCUMENTED_SETTING = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

function triggerWorkflow(typeVersion: number) {
	return {
		id: TRIGGER_WORKFLOW,
		name: 'Bench: DrChrono Trigger',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: 'b1',
				name: 'DrChrono Trigger',
				type: 'CUSTOM.drChronoTrigger',
				typeVersion,
				position: [0, 0],
				webhookId: TRIGGER_WEBHOOK_ID,
				parameters: { events: ['*'], fetchCurrentObject: false, options: {} },
				credentials: { drChronoWebhookApi: { id: 'benchDrcWebhook1', name: 'DrChrono Webhook (bench)' } },
			},
		],
	};
}

function genericWorkflow() {
	return {
		id: GENERIC_WORKFLOW,
		name: 'Bench: Webhook',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: 'g1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: GENERIC_WEBHOOK_ID,
				parameters: { httpMethod: 'POST', path: GENERIC_PATH, responseMode: 'onReceived', options: {} },
			},
		],
	};
}

function genericAuthWorkflow() {
	return {
		id: GENERIC_AUTH_WORKFLOW,
		name: 'Bench: Webhook with Header Auth',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: 'h1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: GENERIC_AUTH_WEBHOOK_ID,
				parameters: { httpMethod: 'POST', path: GENERIC_AUTH_PATH, responseMode: 'onReceived', authentication: 'headerAuth', options: {} },
				credentials: { httpHeaderAuth: { id: 'benchHeaderAuth1', name: 'Header Auth (bench)' } },
			},
		],
	};
}

let deliverySeq = 0;
function delivery(): { headers: Record<string, string>; body: string } {
	deliverySeq++;
	const body = JSON.stringify({
		receiver: { id: 1, name: 'n8n', events: ['PATIENT_CREATE'] },
		object: { id: 100000 + deliverySeq, first_name: 'Bench', last_name: `Patient ${deliverySeq}`, gender: 'Female', doctor: 1 },
	});
	return {
		headers: {
			'content-type': 'application/json',
			'x-drchrono-event': 'PATIENT_CREATE',
			'x-drchrono-signature': SECRET,
			'x-drchrono-delivery': `bench-${process.pid}-${deliverySeq}`,
		},
		body,
	};
}

interface LoadResult {
	sent: number;
	ok: number;
	statuses: Record<string, number>;
	ms: number;
	perSecond: number;
	/** Until n8n was idle again (its executions done): sending time + drain time. */
	endToEndMs?: number;
	endToEndPerSecond?: number;
}

/** D POSTs over C keep-alive connections, as fast as n8n answers. */
async function sendLoad(url: string, deliveries: number, concurrency: number): Promise<LoadResult> {
	const target = new URL(url);
	const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1 });
	const statuses: Record<string, number> = {};
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < deliveries) {
				next++;
				const { headers, body } = delivery();
				try {
					const res = await pool.request({ method: 'POST', path: target.pathname, headers, body });
					await res.body.dump();
					statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
				} catch (error) {
					const code = (error as { code?: string }).code ?? 'error';
					statuses[code] = (statuses[code] ?? 0) + 1;
				}
			}
		}),
	);
	const ms = performance.now() - started;
	await pool.close();
	const ok = statuses['200'] ?? 0;
	return { sent: deliveries, ok, statuses, ms, perSecond: ok / (ms / 1000) };
}

function nodeVersion(binary: string): string {
	return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** CPU seconds used so far by a process (utime + stime from /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return ticks / 100;
}

const IDLE_WINDOW_MS = 300;

/**
 * Waits until n8n used at most one clock tick (10 ms) of CPU over 300 ms, i.e. its queued
 * executions are done; at most 120 s. Returns the time until the idle window began.
 */
async function drain(pid: number): Promise<number> {
	const started = Date.now();
	let last = cpuSeconds(pid);
	while (Date.now() - started < 120_000) {
		await sleep(IDLE_WINDOW_MS);
		const now = cpuSeconds(pid);
		if (now - last <= 0.01) break;
		last = now;
	}
	return Math.max(0, Date.now() - started - IDLE_WINDOW_MS);
}

/** Executions of a workflow, counted through the public API (paginated). */
async function countExecutions(n8n: N8nInstance, workflowId: string): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	let cursor: string | undefined;
	do {
		const q = new URLSearchParams({ workflowId, includeData: 'false', limit: '250' });
		if (cursor) q.set('cursor', cursor);
		const page = await n8n.api<{ data: Array<{ status?: string; finished?: boolean }>; nextCursor?: string | null }>(
			'GET',
			`/executions?${q}`,
		);
		for (const e of page.data) {
			const s = e.status ?? (e.finished ? 'success' : 'unknown');
			counts[s] = (counts[s] ?? 0) + 1;
		}
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return counts;
}

type VariantKey = 'trigger' | 'generic' | 'genericAuth';

interface Variant {
	key: VariantKey;
	label: string;
	workflowId: string;
	url: string;
	runs: LoadResult[];
}

export interface TriggerThroughputResult {
	line: N8nLine;
	n8nVersion: string;
	variants: Array<{ key: VariantKey; label: string; acceptedMedian: number; endToEndMedian: number; runs: LoadResult[]; executions: Record<string, number>; expected: number }>;
	ratio: number;
	endToEndRatio: number;
}

/** The CPU profile of n8n (a V8 inspector session over its --inspect port) while `fn` runs. */
async function profileN8n(inspectPort: number, fn: () => Promise<void>): Promise<CpuProfile> {
	const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
	const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
	await new Promise<void>((resolve, reject) => {
		ws.addEventListener('open', () => resolve());
		ws.addEventListener('error', () => reject(new Error('inspector connection failed')));
	});
	let id = 0;
	const pending = new Map<number, (result: unknown) => void>();
	ws.addEventListener('message', (event) => {
		const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
		if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
	});
	const send = <T>(method: string, params: object = {}) =>
		new Promise<T>((resolve) => {
			const n = ++id;
			pending.set(n, (r) => resolve(r as T));
			ws.send(JSON.stringify({ id: n, method, params }));
		});
	await send('Profiler.enable');
	await send('Profiler.setSamplingInterval', { interval: 500 });
	await send('Profiler.start');
	await fn();
	const { profile } = await send<{ profile: CpuProfile }>('Profiler.stop');
	ws.close();
	return profile;
}

function compareN8nProfiles(a: { label: string; profile: CpuProfile; deliveries: number }, b: { label: string; profile: CpuProfile; deliveries: number }): string {
	const pa = selfTimes(a.profile);
	const pb = selfTimes(b.profile);
	const per = (us: number, n: number) => (us / 1000 / n).toFixed(2);
	const names = [...new Set([...pa.areas.keys(), ...pb.areas.keys()])]
		.filter((name) => !name.startsWith('idle'))
		.sort((x, y) => (pa.areas.get(y) ?? 0) / a.deliveries - (pa.areas.get(x) ?? 0) / a.deliveries)
		.slice(0, 14);
	const busy = (p: ReturnType<typeof selfTimes>) => p.total - [...p.areas.entries()].filter(([k]) => k.startsWith('idle')).reduce((s, [, v]) => s + v, 0);
	const topA = [...pa.functions.entries()].filter(([k]) => !k.startsWith('(idle)')).sort((x, y) => y[1] - x[1]).slice(0, 12);
	return [
		`n8n CPU per delivery (ms), V8 sampling profiler over the n8n process: ${a.label} (${a.deliveries} deliveries) vs ${b.label} (${b.deliveries})`,
		table(
			['area', a.label, b.label],
			[...names.map((name) => [name, per(pa.areas.get(name) ?? 0, a.deliveries), per(pb.areas.get(name) ?? 0, b.deliveries)]), ['(busy total)', per(busy(pa), a.deliveries), per(busy(pb), b.deliveries)]],
		),
		'',
		`${a.label}: top functions by self time (ms per delivery)`,
		table(['function', 'ms'], topA.map(([name, us]) => [name.slice(0, 110), per(us, a.deliveries)])),
	].join('\n');
}

export async function benchTriggerThroughput(
	options: {
		line?: N8nLine;
		deliveries?: number;
		concurrency?: number;
		repeats?: number;
		warmup?: number;
		packageDir?: string;
		/** Also measure n8n's Webhook node with Header Auth (it reads a credential per call, as the trigger does). */
		headerAuth?: boolean;
		/** Profile n8n's CPU for this many deliveries to the trigger and to the Webhook node, after the measurements. */
		profileDeliveries?: number;
		/** Extra environment for n8n (e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true), for experiments. */
		n8nEnv?: Record<string, string>;
		/** The trigger's typeVersion in the workflow: the node's default (1.1) unless set, e.g. 1 for a saved workflow. */
		triggerVersion?: number;
	} = {},
): Promise<{ result: TriggerThroughputResult; report: string }> {
	const line = options.line ?? '1';
	const deliveries = options.deliveries ?? 500;
	const concurrency = options.concurrency ?? 10;
	const repeats = options.repeats ?? 5;
	const warmup = options.warmup ?? 200;
	const headerAuth = options.headerAuth ?? true;

	const tmp = makeTempDir('drchrono-bench-trigger-');
	let n8n: N8nInstance | undefined;
	try {
		let pkg = options.packageDir ? path.resolve(options.packageDir) : path.join(tmp, 'pkg');
		if (!options.packageDir) {
			log(`[trigger] compiling the package into ${pkg}`);
			await buildPackage(pkg);
		}
		if (!fs.existsSync(path.join(pkg, 'nodes', 'DrChrono', 'DrChronoTrigger.node.js'))) {
			throw new Error(`${pkg} holds no nodes/DrChrono/DrChronoTrigger.node.js`);
		}
		pkg = path.resolve(pkg);
		const installation = await ensureN8nInstalled(line);
		log(`[trigger] n8n ${installation.n8nVersion} (line ${line})`);
		const opts = {
			line,
			userFolder: path.join(tmp, 'user'),
			customExtensions: [pkg],
			// Log level stays 'info': N8nInstance.start waits for n8n's "Editor is now accessible" line.
		};
		fs.mkdirSync(opts.userFolder, { recursive: true });
		await importCredentials(opts, [
			{ id: 'benchDrcWebhook1', name: 'DrChrono Webhook (bench)', type: 'drChronoWebhookApi', data: { secretToken: SECRET } },
			{ id: 'benchHeaderAuth1', name: 'Header Auth (bench)', type: 'httpHeaderAuth', data: { name: 'X-drchrono-signature', value: SECRET } },
		]);
		await importWorkflow(opts, [triggerWorkflow(options.triggerVersion ?? DEFAULT_TRIGGER_VERSION), genericWorkflow(), genericAuthWorkflow()]);
		const workflowIds = [TRIGGER_WORKFLOW, GENERIC_WORKFLOW, ...(headerAuth ? [GENERIC_AUTH_WORKFLOW] : [])];
		for (const id of workflowIds) await activateWorkflow(opts, id);
		log('[trigger] starting n8n');
		const inspectPort = options.profileDeliveries ? 9329 + Math.floor(Math.random() * 500) : undefined;
		n8n = await N8nInstance.start({
			...opts,
			logFile: path.join(tmp, 'n8n.log'),
			env: { ...(options.n8nEnv ?? {}), ...(inspectPort ? { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` } : {}) },
		});
		const pid = n8n.pid!;
		const variants: Variant[] = [
			{ key: 'trigger', label: 'DrChrono Trigger', workflowId: TRIGGER_WORKFLOW, url: n8n.webhookUrl(TRIGGER_WEBHOOK_ID, 'drchrono'), runs: [] },
			{ key: 'generic', label: 'n8n Webhook', workflowId: GENERIC_WORKFLOW, url: n8n.webhookUrl(null, GENERIC_PATH), runs: [] },
		];
		if (headerAuth) {
			variants.push({ key: 'genericAuth', label: 'n8n Webhook + Header Auth', workflowId: GENERIC_AUTH_WORKFLOW, url: n8n.webhookUrl(null, GENERIC_AUTH_PATH), runs: [] });
		}

		// Each answers, and the signature / header is really checked.
		for (const v of variants) {
			const r = await sendLoad(v.url, 1, 1);
			if (r.ok !== 1) throw new Error(`${v.label} at ${v.url} answered ${JSON.stringify(r.statuses)}; n8n log: ${n8n.logFile}`);
		}
		for (const v of variants.filter((x) => x.key !== 'generic')) {
			const forged = await fetch(v.url, { method: 'POST', headers: { ...delivery().headers, 'x-drchrono-signature': 'forged' }, body: '{}' });
			await forged.arrayBuffer();
			if (forged.status !== 401 && forged.status !== 403) throw new Error(`${v.label} answered a forged signature with ${forged.status}`);
		}

		log(`[trigger] warm-up: ${warmup} deliveries each`);
		for (const v of variants) {
			await sendLoad(v.url, warmup, concurrency);
			await drain(pid);
		}

		for (let i = 0; i < repeats; i++) {
			// Rotate the order so that no variant always follows the same one.
			const order = variants.map((_, k) => variants[(k + i) % variants.length]);
			for (const v of order) {
				const r = await sendLoad(v.url, deliveries, concurrency);
				const drainMs = await drain(pid);
				r.endToEndMs = r.ms + drainMs;
				r.endToEndPerSecond = r.ok / (r.endToEndMs / 1000);
				v.runs.push(r);
				log(`[trigger] repeat ${i + 1}/${repeats} ${v.label}: ${r.perSecond.toFixed(0)}/s accepted (${JSON.stringify(r.statuses)}), executions done after ${drainMs} ms more: ${r.endToEndPerSecond.toFixed(1)}/s end to end`);
			}
		}

		let profileReport = '';
		if (options.profileDeliveries && inspectPort) {
			const n = options.profileDeliveries;
			const profiles: Array<{ label: string; profile: CpuProfile; deliveries: number }> = [];
			for (const v of variants.slice(0, 2)) {
				log(`[trigger] profiling n8n: ${n} deliveries to ${v.label}`);
				const profile = await profileN8n(inspectPort, async () => {
					await sendLoad(v.url, n, concurrency);
					await drain(pid);
				});
				profiles.push({ label: v.label, profile, deliveries: n });
				const file = path.join(os.tmpdir(), 'drchrono-bench-profiles', `n8n-${installation.n8nVersion}-${v.key}.cpuprofile`);
				fs.mkdirSync(path.dirname(file), { recursive: true });
				fs.writeFileSync(file, JSON.stringify(profile));
				log(`[trigger] wrote ${file}`);
			}
			profileReport = compareN8nProfiles(profiles[0], profiles[1]);
		}

		await sleep(1000);
		const profiled = options.profileDeliveries ?? 0;
		const summaries = [];
		for (const v of variants) {
			const executions = await countExecutions(n8n, v.workflowId);
			summaries.push({
				key: v.key,
				label: v.label,
				acceptedMedian: median(v.runs.map((r) => r.perSecond)),
				endToEndMedian: median(v.runs.map((r) => r.endToEndPerSecond ?? 0)),
				runs: v.runs,
				executions,
				expected: 1 + warmup + v.runs.reduce((s, r) => s + r.ok, 0) + (v.key === 'genericAuth' ? 0 : profiled),
			});
		}
		const trig = summaries[0];
		const gen = summaries[1];
		const result: TriggerThroughputResult = {
			line,
			n8nVersion: installation.n8nVersion,
			variants: summaries,
			ratio: trig.acceptedMedian / gen.acceptedMedian,
			endToEndRatio: trig.endToEndMedian / gen.endToEndMedian,
		};
		const sum = (c: Record<string, number>) => Object.values(c).reduce((s, v) => s + v, 0);
		const auth = summaries.find((x) => x.key === 'genericAuth');
		const report = [
			`## 4. Trigger throughput through real n8n ${installation.n8nVersion} (line ${line}, Node ${nodeVersion(installation.node)})`,
			`The DrChrono Trigger at typeVersion ${options.triggerVersion ?? DEFAULT_TRIGGER_VERSION}${Object.keys(options.n8nEnv ?? {}).length ? `; n8n env ${JSON.stringify(options.n8nEnv)}` : '; n8n default settings'}.`,
			...(options.n8nEnv && Object.keys(options.n8nEnv).length ? [`n8n started with ${Object.entries(options.n8nEnv).map(([k, v]) => `${k}=${v}`).join(' ')}`] : []),
			`${deliveries} signed deliveries per measurement over ${concurrency} keep-alive connections (undici); warm-up ${warmup} each; ${repeats} rotating repeats; medians. Target: trigger / webhook >= 0.95.`,
			'',
			table(
				['node', 'accepted/s (median)', 'runs', 'end-to-end/s (median)', 'runs', 'non-200', 'executions recorded', 'deliveries accepted'],
				summaries.map((x) => [
					x.label,
					x.acceptedMedian.toFixed(0),
					x.runs.map((r) => r.perSecond.toFixed(0)).join(', '),
					x.endToEndMedian.toFixed(1),
					x.runs.map((r) => (r.endToEndPerSecond ?? 0).toFixed(1)).join(', '),
					x.runs.reduce((s, r) => s + (r.sent - r.ok), 0),
					`${sum(x.executions)} ${JSON.stringify(x.executions)}`,
					x.expected,
				]),
			),
			'',
			`Ratio DrChrono Trigger / Webhook: accepted ${fmt.ratio(result.ratio)}, end to end ${fmt.ratio(result.endToEndRatio)}` +
				(auth ? `; DrChrono Trigger / Webhook + Header Auth: accepted ${fmt.ratio(trig.acceptedMedian / auth.acceptedMedian)}, end to end ${fmt.ratio(trig.endToEndMedian / auth.endToEndMedian)}` : ''),
			'accepted/s = 200 answers per second of sending (n8n answers once the execution is started);',
			'end-to-end/s = deliveries per second until n8n was idle again (every execution finished and saved).',
			...(profileReport ? ['', profileReport] : []),
		].join('\n');
		return { result, report };
	} finally {
		await n8n?.stop();
		if (!process.env.BENCH_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
		else log(`[trigger] kept ${tmp}`);
	}
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const arg = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const line = (arg('line') as N8nLine | undefined) ?? '1';
	const n8nEnv = Object.fromEntries(
		argv.flatMap((a, i) => (a === '--n8n-env' ? [argv[i + 1]] : [])).map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]),
	);
	const common = {
		line,
		deliveries: arg('deliveries') ? Number(arg('deliveries')) : undefined,
		concurrency: arg('concurrency') ? Number(arg('concurrency')) : undefined,
		repeats: arg('repeats') ? Number(arg('repeats')) : undefined,
		warmup: arg('warmup') ? Number(arg('warmup')) : undefined,
		packageDir: arg('package'),
		headerAuth: !argv.includes('--no-header-auth'),
		profileDeliveries: arg('profile-n8n') ? Number(arg('profile-n8n')) : undefined,
		triggerVersion: arg('trigger-version') ? Number(arg('trigger-version')) : undefined,
	};
	// On n8n 2.x, without an explicit --n8n-env, measure n8n's defaults and the documented setting.
	const settings: Array<Record<string, string>> =
		Object.keys(n8nEnv).length > 0 || line !== '2' ? [n8nEnv] : [{}, DOCUMENTED_SETTING];
	const summary: string[] = [];
	for (const env of settings) {
		const { result, report } = await benchTriggerThroughput({ ...common, n8nEnv: env });
		process.stdout.write(`Machine: ${machine()}\nLoad at the end: ${load()}\n\n${report}\n\n`);
		const label = Object.keys(env).length ? Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ') : 'n8n default settings';
		summary.push(`${label}: trigger / Webhook = ${result.ratio.toFixed(2)} accepted, ${result.endToEndRatio.toFixed(2)} end to end`);
	}
	process.stdout.write(`Summary (line ${line}):\n  ${summary.join('\n  ')}\n`);
}

runIfMain(module, main);

