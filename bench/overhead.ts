/**
 * Benchmark 2, overhead against raw HTTP: the same page walk (GET /api/patients?page_size=250 with
 * a Bearer token, following `next`) done by
 *   - node: the DrChrono node (Get Many, Return All) run by n8n-core's WorkflowExecute, through the
 *     package's one request path (quota slot, n8n's httpRequestWithAuthentication, retries), and
 *   - raw:  a plain undici loop (request() + body.json(), rows collected into one array),
 * in the same process, interleaved, against one sandbox in another process.
 *
 *   npx tsx bench/overhead.ts [--sizes 10000,50000] [--repeats 7] [--warmup 2] [--profile]
 *
 * Reports the median wall time of each and the ratio node / raw (target <= 1.3). --profile also
 * writes a V8 CPU profile of node-path runs (to $TMPDIR/drchrono-bench-profiles/) and prints where their time went.
 */
import './lib/prefer-ts';

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Session } from 'node:inspector';

import { request } from 'undici';

import { TestCredentialsHelper } from '../test/harness/credentials';
import { runDrChrono } from '../test/harness/drchrono';
import { fmt, load, log, machine, median, sandboxCredentialData, spawnSandbox, table, runIfMain } from './lib/common';
import { selfTimes, type CpuProfile } from './lib/profile';
import type { RemoteSandbox } from './lib/common';

export interface OverheadRow {
	n: number;
	pages: number;
	nodeMs: number[];
	rawMs: number[];
	nodeMedian: number;
	rawMedian: number;
	ratio: number;
	ratioOfMins: number;
}

async function nodeWalk(sandbox: RemoteSandbox): Promise<{ ms: number; rows: number }> {
	const credentials = new TestCredentialsHelper({
		drChronoOAuth2Api: sandboxCredentialData(sandbox.url, sandbox.accessToken, sandbox.refreshToken),
	});
	const started = performance.now();
	const { items, error } = await runDrChrono(
		{ resource: 'patient', operation: 'getAll', returnAll: true },
		{ credentials },
	);
	const ms = performance.now() - started;
	if (error) throw error;
	return { ms, rows: items.length };
}

async function rawWalk(sandbox: RemoteSandbox): Promise<{ ms: number; rows: number }> {
	const started = performance.now();
	const rows: unknown[] = [];
	let next: string | null = `${sandbox.url}/api/patients?page_size=250`;
	while (next) {
		const response = await request(next, { headers: { authorization: `Bearer ${sandbox.accessToken}` } });
		if (response.statusCode !== 200) throw new Error(`raw walk: ${response.statusCode}`);
		const page = (await response.body.json()) as { results: unknown[]; next: string | null };
		for (const row of page.results) rows.push(row);
		next = page.next;
	}
	return { ms: performance.now() - started, rows: rows.length };
}

/** Node path against raw path, per run: where the node's extra time goes. */
function compareProfiles(node: CpuProfile, raw: CpuProfile, runs: number): string {
	const n = selfTimes(node);
	const r = selfTimes(raw);
	const names = new Set([...n.areas.keys(), ...r.areas.keys()]);
	const rows = [...names]
		.map((name) => ({ name, node: (n.areas.get(name) ?? 0) / 1000 / runs, raw: (r.areas.get(name) ?? 0) / 1000 / runs }))
		.sort((a, b) => Math.max(b.node, b.raw) - Math.max(a.node, a.raw))
		.slice(0, 14);
	const topNode = [...n.functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
	return [
		'Self time by area, ms per run (V8 sampling profiler, 200 µs):',
		table(
			['area', 'node path', 'raw path', 'node - raw'],
			[
				...rows.map((x) => [x.name, x.node.toFixed(0), x.raw.toFixed(0), (x.node - x.raw).toFixed(0)]),
				['(total sampled)', (n.total / 1000 / runs).toFixed(0), (r.total / 1000 / runs).toFixed(0), ((n.total - r.total) / 1000 / runs).toFixed(0)],
			],
		),
		'',
		'Node path, top functions by self time, ms per run:',
		table(['function', 'ms', 'share'], topNode.map(([name, us]) => [name, (us / 1000 / runs).toFixed(0), fmt.pct(us / n.total)])),
	].join('\n');
}

async function profileWalks(sandbox: RemoteSandbox, walk: (s: RemoteSandbox) => Promise<unknown>, runs: number, file: string): Promise<CpuProfile> {
	const session = new Session();
	session.connect();
	const post = <T>(method: string, params?: object) =>
		new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 200 });
	await post('Profiler.start');
	for (let i = 0; i < runs; i++) await walk(sandbox);
	const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
	session.disconnect();
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(profile));
	return profile;
}

async function profileBoth(sandbox: RemoteSandbox, runs: number, n: number): Promise<string> {
	const dir = path.join(os.tmpdir(), 'drchrono-bench-profiles');
	const nodeFile = path.join(dir, `overhead-node-${n}.cpuprofile`);
	const rawFile = path.join(dir, `overhead-raw-${n}.cpuprofile`);
	const node = await profileWalks(sandbox, nodeWalk, runs, nodeFile);
	const raw = await profileWalks(sandbox, rawWalk, runs, rawFile);
	return `CPU profiles of ${runs} runs of each path, N=${fmt.int(n)} (${nodeFile}, ${rawFile}):\n${compareProfiles(node, raw, runs)}`;
}

export async function benchOverhead(
	options: { sizes?: number[]; repeats?: number; warmup?: number; profile?: boolean } = {},
): Promise<{ rows: OverheadRow[]; report: string }> {
	const sizes = options.sizes ?? [10_000, 50_000];
	const repeats = options.repeats ?? 7;
	const warmup = options.warmup ?? 2;
	const rows: OverheadRow[] = [];
	const profiles: string[] = [];
	for (const n of sizes) {
		const sandbox = await spawnSandbox({ patients: n });
		try {
			log(`[overhead] N=${n}: warm-up x${warmup}`);
			for (let i = 0; i < warmup; i++) {
				await rawWalk(sandbox);
				await nodeWalk(sandbox);
			}
			const nodeMs: number[] = [];
			const rawMs: number[] = [];
			for (let i = 0; i < repeats; i++) {
				// Alternate the order so neither path always runs right after the other.
				const order = i % 2 === 0 ? (['node', 'raw'] as const) : (['raw', 'node'] as const);
				for (const which of order) {
					const r = which === 'node' ? await nodeWalk(sandbox) : await rawWalk(sandbox);
					if (r.rows !== n) throw new Error(`${which} walk returned ${r.rows} rows, expected ${n}`);
					(which === 'node' ? nodeMs : rawMs).push(r.ms);
				}
				log(`[overhead] N=${n} repeat ${i + 1}/${repeats}: node ${nodeMs[i].toFixed(0)} ms, raw ${rawMs[i].toFixed(0)} ms`);
			}
			const nodeMedian = median(nodeMs);
			const rawMedian = median(rawMs);
			rows.push({
				n,
				pages: Math.ceil(n / 250),
				nodeMs,
				rawMs,
				nodeMedian,
				rawMedian,
				ratio: nodeMedian / rawMedian,
				ratioOfMins: Math.min(...nodeMs) / Math.min(...rawMs),
			});
			if (options.profile) profiles.push(await profileBoth(sandbox, 3, n));
		} finally {
			await sandbox.close();
		}
	}
	const report = [
		'## 2. Overhead of the node against a raw undici page walk (same process, interleaved)',
		`${warmup} warm-up runs of each, then ${repeats} repeats; medians. Target: node / raw <= 1.3.`,
		'',
		table(
			['N', 'pages', 'node median ms', 'raw median ms', 'node / raw', 'node min / raw min', 'node ms per page', 'raw ms per page'],
			rows.map((r) => [
				fmt.int(r.n),
				r.pages,
				fmt.ms(r.nodeMedian),
				fmt.ms(r.rawMedian),
				fmt.ratio(r.ratio),
				fmt.ratio(r.ratioOfMins),
				(r.nodeMedian / r.pages).toFixed(1),
				(r.rawMedian / r.pages).toFixed(1),
			]),
		),
		'',
		...rows.map((r) => `N=${r.n}: node ${r.nodeMs.map((x) => x.toFixed(0)).join(', ')}; raw ${r.rawMs.map((x) => x.toFixed(0)).join(', ')}`),
		...(profiles.length ? ['', ...profiles] : []),
	].join('\n');
	return { rows, report };
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const arg = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const { report } = await benchOverhead({
		sizes: arg('sizes')?.split(',').map(Number),
		repeats: arg('repeats') ? Number(arg('repeats')) : undefined,
		warmup: arg('warmup') ? Number(arg('warmup')) : undefined,
		profile: argv.includes('--profile'),
	});
	process.stdout.write(`Machine: ${machine()}\nLoad at the end: ${load()}\n\n${report}\n`);
}

runIfMain(module, main);
