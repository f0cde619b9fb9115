/**
 * Benchmark 3, the quota guard under contention. E concurrent executions of the DrChrono node (each
 * `runDrChrono` with `keepQuota: true`, after one `resetQuotaGuards()`) share one DrChrono app whose
 * quota window is scaled down: the sandbox counts 100 calls per 2-second window (its "hour" is 2 s)
 * and the credential says the same (quotaWindowSeconds 2, quotaPerHour 100, maxCallsPerSecond 0).
 * Each execution gets I items and does Get Patient for each (I calls, one after another, as the node
 * processes items).
 *
 * A counting proxy in front of the sandbox records when each call arrived and how the sandbox
 * answered; arrivals are bucketed by the sandbox's window (floor(t / 2000 ms); both processes read
 * the same system clock). Per window: calls that reached the sandbox (must be <= 100), 429s (must
 * be 0), and, in every window in which the guard held work back (its count spent and calls queued,
 * seen by a 5 ms sampler of the guard's snapshot), use >= 98 %. The guard's grant times are
 * recorded too (a wrapper around QuotaGuard.acquire), to compare "granted in" with "arrived in".
 *
 * The same workload is then sent with no guard, as n8n's HTTP Request node would send it: per
 * execution, all I requests at once (undici), no retry; its 429s are counted the same way.
 *
 *   npx tsx bench/quota-contention.ts [--executions 1,5,20] [--items 120] [--no-baseline]
 *                                     [--start-offset-ms N] [--edge-ms N]
 *
 * Guarded runs start 20 ms after a window boundary; --start-offset-ms -150 starts them 150 ms
 * before one instead (a burst that arrives at the end of a window: the case for --edge-ms).
 *
 * --edge-ms N is an experiment, not the package's behaviour: it patches the QuotaGuard in this
 * process so that a slot granted in the last N ms of a window also counts in the next one (see
 * bench/README.md, section 3), to show what such a rule does to the 429s at window boundaries.
 */
import './lib/prefer-ts';

import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { Agent, request } from 'undici';

import { TestCredentialsHelper } from '../test/harness/credentials';
import { runDrChrono } from '../test/harness/drchrono';
import { QuotaGuard, findQuotaGuard, resetQuotaGuards } from '../nodes/DrChrono/quota';
import { fmt, load, log, machine, sandboxCredentialData, sleep, spawnSandbox, table, SANDBOX_CLIENT_ID, runIfMain } from './lib/common';
import type { RemoteSandbox } from './lib/common';

const WINDOW_MS = 2000;
const LIMIT = 100;

interface Arrival {
	at: number;
	status: number;
}

/** A pass-through HTTP proxy that records each /api/ request's arrival time and the sandbox's status. */
async function startCountingProxy(target: string): Promise<{ url: string; arrivals: Arrival[]; close: () => Promise<void> }> {
	const arrivals: Arrival[] = [];
	const upstream = new URL(target);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
	const server = http.createServer((req, res) => {
		const at = Date.now();
		const forward = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: upstream.host },
				agent,
			},
			(answer) => {
				if (req.url?.startsWith('/api/')) arrivals.push({ at, status: answer.statusCode ?? 0 });
				// Links in bodies (next pages) point at the sandbox; the bench never follows them.
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		forward.on('error', () => {
			if (req.url?.startsWith('/api/')) arrivals.push({ at, status: 0 });
			res.destroy();
		});
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		arrivals,
		close: async () => {
			agent.destroy();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

interface WindowRow {
	window: number;
	arrivals: number;
	accepted: number;
	rateLimited: number;
	/** Slots the guard granted in this window by its own clock (guarded runs only). */
	granted: number;
	/** The guard held work back in this window: its count was spent and calls were queued. */
	heldBack: boolean;
	maxQueued: number;
}

interface ConfigResult {
	label: string;
	executions: number;
	items: number;
	wallMs: number;
	windows: WindowRow[];
	calls: number;
	rateLimited: number;
	maxPerWindow: number;
	minUseWhileWaiting: number | null;
	itemsOk: number;
	itemsFailed: number;
}

interface GuardTrace {
	grants: number[];
	/** Per window: the most calls seen queued while the guard's window was spent. */
	heldQueued: Map<number, number>;
}

function bucket(arrivals: Arrival[], startAt: number, endAt: number, trace?: GuardTrace): WindowRow[] {
	const first = Math.floor(startAt / WINDOW_MS);
	const last = Math.floor(endAt / WINDOW_MS);
	const rows: WindowRow[] = [];
	for (let w = first; w <= last; w++) {
		const inWindow = arrivals.filter((a) => Math.floor(a.at / WINDOW_MS) === w);
		rows.push({
			window: w - first + 1,
			arrivals: inWindow.length,
			accepted: inWindow.filter((a) => a.status >= 200 && a.status < 300).length,
			rateLimited: inWindow.filter((a) => a.status === 429).length,
			granted: trace ? trace.grants.filter((t) => Math.floor(t / WINDOW_MS) === w).length : 0,
			heldBack: (trace?.heldQueued.get(w) ?? 0) > 0,
			maxQueued: trace?.heldQueued.get(w) ?? 0,
		});
	}
	return rows;
}

function summarise(label: string, executions: number, items: number, wallMs: number, windows: WindowRow[], itemsOk: number, itemsFailed: number): ConfigResult {
	const waiting = windows.filter((w) => w.heldBack);
	return {
		label,
		executions,
		items,
		wallMs,
		windows,
		calls: windows.reduce((s, w) => s + w.arrivals, 0),
		rateLimited: windows.reduce((s, w) => s + w.rateLimited, 0),
		maxPerWindow: Math.max(0, ...windows.map((w) => w.arrivals)),
		minUseWhileWaiting: waiting.length ? Math.min(...waiting.map((w) => w.arrivals / LIMIT)) : null,
		itemsOk,
		itemsFailed,
	};
}

/**
 * Waits until `offsetMs` after a window boundary (negative: before it), then empties the sandbox's
 * count, so runs start alike. The default, 20 ms after a boundary, gives the run whole windows.
 */
async function alignToWindow(sandbox: RemoteSandbox, offsetMs = 20): Promise<void> {
	const now = Date.now();
	let target = Math.ceil(now / WINDOW_MS) * WINDOW_MS + offsetMs;
	while (target < now + 100) target += WINDOW_MS;
	await sleep(target - now);
	await sandbox.resetQuota();
}

async function guarded(
	sandbox: RemoteSandbox,
	proxy: { url: string; arrivals: Arrival[] },
	ids: number[],
	executions: number,
	items: number,
	startOffsetMs?: number,
): Promise<ConfigResult> {
	const credentials = () =>
		new TestCredentialsHelper({
			drChronoOAuth2Api: sandboxCredentialData(proxy.url, sandbox.accessToken, sandbox.refreshToken, {
				quotaWindowSeconds: 2,
				quotaPerHour: LIMIT,
				maxCallsPerSecond: 0,
			}),
		});
	const inputs = Array.from({ length: executions }, (_, e) =>
		Array.from({ length: items }, (_, i) => ({ json: { id: ids[(e * items + i) % ids.length] } })),
	);
	await alignToWindow(sandbox, startOffsetMs);
	resetQuotaGuards();
	proxy.arrivals.length = 0;
	const trace: GuardTrace = { grants: [], heldQueued: new Map() };
	const appKey = `${proxy.url}|${SANDBOX_CLIENT_ID}`;
	const sampler = setInterval(() => {
		const snapshot = findQuotaGuard(appKey)?.snapshot();
		if (!snapshot || snapshot.remaining > 0 || snapshot.queued === 0) return;
		const w = Math.floor(snapshot.windowStart / WINDOW_MS);
		trace.heldQueued.set(w, Math.max(trace.heldQueued.get(w) ?? 0, snapshot.queued));
	}, 5);
	// Record when the guard hands out each slot (by wrapping acquire; the guard itself is unchanged).
	const acquire = QuotaGuard.prototype.acquire;
	QuotaGuard.prototype.acquire = async function (this: QuotaGuard, policy) {
		const release = await acquire.call(this, policy);
		trace.grants.push(Date.now());
		return release;
	};
	const startAt = Date.now();
	const runs = await Promise.all(
		inputs.map((input) =>
			runDrChrono(
				{ resource: 'patient', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				{ credentials: credentials(), items: input, keepQuota: true },
			),
		),
	);
	const endAt = Date.now();
	clearInterval(sampler);
	QuotaGuard.prototype.acquire = acquire;
	const failed = runs.filter((r) => r.error).length;
	const ok = runs.reduce((s, r) => s + (r.error ? 0 : r.items.length), 0);
	for (const r of runs) if (r.error) log(`[quota] a guarded execution failed: ${r.error.message}`);
	const windows = bucket(proxy.arrivals, startAt, endAt, trace);
	return summarise(`guard, ${executions} exec`, executions, items, endAt - startAt, windows, ok, failed * items);
}

async function unguarded(
	sandbox: RemoteSandbox,
	proxy: { url: string; arrivals: Arrival[] },
	ids: number[],
	executions: number,
	items: number,
): Promise<ConfigResult> {
	const dispatcher = new Agent({ connections: 256 });
	await alignToWindow(sandbox);
	proxy.arrivals.length = 0;
	const startAt = Date.now();
	const statuses = await Promise.all(
		Array.from({ length: executions }, (_, e) =>
			// n8n's HTTP Request node sends an execution's items at once unless Batching is set.
			Promise.all(
				Array.from({ length: items }, async (_, i) => {
					const id = ids[(e * items + i) % ids.length];
					const res = await request(`${proxy.url}/api/patients/${id}`, {
						headers: { authorization: `Bearer ${sandbox.accessToken}` },
						dispatcher,
					});
					await res.body.dump();
					return res.statusCode;
				}),
			),
		),
	);
	const endAt = Date.now();
	await dispatcher.close();
	const flat = statuses.flat();
	const ok = flat.filter((s) => s === 200).length;
	const windows = bucket(proxy.arrivals, startAt, endAt);
	return summarise(`no guard, ${executions} exec`, executions, items, endAt - startAt, windows, ok, flat.length - ok);
}

/**
 * Experiment: a slot granted less than `edgeMs` before the end of the guard's window also counts in
 * the next window, since the call may reach DrChrono after the boundary. Patches the prototype of
 * this process's QuotaGuard (its private fields are plain properties at run time); returns the undo.
 */
export function installEdgeCarry(edgeMs: number): () => void {
	type Internals = {
		windowStart: number;
		used: number;
		settings: { windowMs: number };
		carry?: number;
		carryFor?: number;
	};
	const proto = QuotaGuard.prototype as unknown as Record<string, (this: Internals, now: number) => void>;
	const grant = proto.grant;
	const roll = proto.roll;
	proto.grant = function (now) {
		grant.call(this, now);
		const end = this.windowStart + this.settings.windowMs;
		if (end - now < edgeMs) {
			if (this.carryFor !== end) this.carry = 0;
			this.carryFor = end;
			this.carry = (this.carry ?? 0) + 1;
		}
	};
	proto.roll = function (now) {
		const before = this.windowStart;
		roll.call(this, now);
		if (this.windowStart !== before) {
			if (this.windowStart === this.carryFor) this.used = this.carry ?? 0;
			this.carry = 0;
			this.carryFor = -1;
		}
	};
	return () => {
		proto.grant = grant;
		proto.roll = roll;
	};
}

export async function benchQuotaContention(
	options: { executions?: number[]; items?: number; baseline?: boolean; edgeMs?: number; startOffsetMs?: number } = {},
): Promise<{
	results: ConfigResult[];
	report: string;
}> {
	const executionCounts = options.executions ?? [1, 5, 20];
	const items = options.items ?? 120;
	const sandbox = await spawnSandbox({ patients: 1000, quota: LIMIT, hourMs: WINDOW_MS });
	const proxy = await startCountingProxy(sandbox.url);
	const results: ConfigResult[] = [];
	const undoEdge = options.edgeMs ? installEdgeCarry(options.edgeMs) : undefined;
	try {
		const listed = (await (await fetch(`${sandbox.url}/_sandbox/objects/patients?limit=1000`)).json()) as Array<{ id: number }>;
		const ids = listed.map((p) => p.id);
		for (const e of executionCounts) {
			log(`[quota] guard: ${e} execution(s) x ${items} items`);
			results.push(await guarded(sandbox, proxy, ids, e, items, options.startOffsetMs));
		}
		for (const e of options.baseline === false ? [] : executionCounts) {
			log(`[quota] no guard: ${e} execution(s) x ${items} items`);
			results.push(await unguarded(sandbox, proxy, ids, e, items));
		}
		const stats = await sandbox.stats();
		log(`[quota] sandbox totals: ${stats.calls} calls counted, ${stats.rateLimited} answered 429`);
	} finally {
		undoEdge?.();
		await proxy.close();
		await sandbox.close();
	}

	const perWindow = results
		.filter((r) => r.label.startsWith('guard'))
		.map((r) =>
			[
				`${r.label} x ${r.items} items, per window: arrived at the sandbox / granted by the guard; [n] = 429s; * = the guard held work back (count spent, calls queued)`,
				'  ' +
					r.windows
						.map((w) => `${w.arrivals}/${w.granted}${w.rateLimited ? `[${w.rateLimited}]` : ''}${w.heldBack ? '*' : ''}`)
						.join('  '),
			].join('\n'),
		);
	const report = [
		`## 3. Quota guard under contention (sandbox window 2 s, limit ${LIMIT} per window; credential the same)${options.edgeMs ? ` [EXPERIMENT: guard patched with a ${options.edgeMs} ms edge carry]` : ''}`,
		`Workload: each execution Get Patient x ${items} items. Target with the guard: <= ${LIMIT} per window, 0 x 429, >= 98 % used in windows where the guard held work back.`,
		'',
		table(
			['run', 'executions', 'calls', 'windows', 'max / window', '429s', 'min use while waiting', 'items ok', 'items failed', 'wall s'],
			results.map((r) => [
				r.label,
				r.executions,
				r.calls,
				r.windows.length,
				r.maxPerWindow,
				r.rateLimited,
				r.minUseWhileWaiting === null || !r.label.startsWith('guard') ? 'n/a' : fmt.pct(r.minUseWhileWaiting),
				r.itemsOk,
				r.itemsFailed,
				(r.wallMs / 1000).toFixed(1),
			]),
		),
		'',
		...perWindow,
	].join('\n');
	return { results, report };
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const arg = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const { report } = await benchQuotaContention({
		executions: arg('executions')?.split(',').map(Number),
		items: arg('items') ? Number(arg('items')) : undefined,
		baseline: !argv.includes('--no-baseline'),
		edgeMs: arg('edge-ms') ? Number(arg('edge-ms')) : undefined,
		startOffsetMs: arg('start-offset-ms') ? Number(arg('start-offset-ms')) : undefined,
	});
	process.stdout.write(`Machine: ${machine()}\nLoad at the end: ${load()}\n\n${report}\n`);
}

runIfMain(module, main);
