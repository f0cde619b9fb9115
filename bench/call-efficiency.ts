/**
 * Benchmark 1, call efficiency: Return All of N patients through the DrChrono node (Get Many, Return
 * All) in n8n-core's WorkflowExecute: calls made (the sandbox's own count) against the ideal
 * ceil(N / 250), wall time, and memory.
 *
 *   npx tsx bench/call-efficiency.ts [--sizes 1000,10000,50000] [--repeats 3]
 *
 * Each measured run is a fresh Node process (so its peak RSS is its own), against a sandbox in
 * another process seeded with N patients. Memory method, per run:
 *   - baseline: after a warm-up Return All of 1,000 patients (modules loaded, code JIT-compiled),
 *     then a full GC: `process.memoryUsage()` rss / heapUsed.
 *   - peak: `process.memoryUsage()` sampled every 5 ms during the run (heapUsed, rss), and the
 *     kernel's high-water mark `process.resourceUsage().maxRSS` at the end (covers the whole process).
 *   - retained: heapUsed after the run and a full GC while the output items are still referenced,
 *     minus the baseline: what holding the result costs.
 *   - output: the output's size as JSON (sum of JSON.stringify(item.json) lengths), for scale.
 */
import './lib/prefer-ts';

import { TestCredentialsHelper } from '../test/harness/credentials';
import { runDrChrono } from '../test/harness/drchrono';
import { fmt, gc, log, machine, median, runWorker, sandboxCredentialData, spawnSandbox, table, withMemorySampling, runIfMain } from './lib/common';

export interface CallEfficiencyRun {
	n: number;
	items: number;
	uniqueIds: number;
	calls: number;
	ideal: number;
	wallMs: number;
	baselineRss: number;
	baselineHeap: number;
	peakRss: number;
	maxRss: number;
	peakHeap: number;
	retainedHeap: number;
	outputJsonBytes: number;
	error?: string;
}

export interface CallEfficiencyRow {
	n: number;
	calls: number;
	ideal: number;
	items: number;
	uniqueIds: number;
	wallMs: number;
	wallMsRuns: number[];
	baselineRssMb: number;
	peakRssMb: number;
	peakHeapGrowthMb: number;
	retainedMb: number;
	outputMb: number;
}

/** Worker: one measured Return All in this process. */
async function worker(url: string, accessToken: string, refreshToken: string, n: number): Promise<CallEfficiencyRun> {
	const credentials = () =>
		new TestCredentialsHelper({ drChronoOAuth2Api: sandboxCredentialData(url, accessToken, refreshToken) });
	const listCalls = async () => {
		const stats = (await (await fetch(`${url}/_sandbox/stats`)).json()) as { callsByPath: Record<string, number> };
		return stats.callsByPath['GET /api/patients'] ?? 0;
	};

	// Warm-up: load n8n-core and the node, JIT the page walk (4 pages of 250).
	for (let i = 0; i < 2; i++) {
		const warm = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: false, limit: Math.min(1000, n) },
			{ credentials: credentials() },
		);
		if (warm.error) throw warm.error;
	}
	gc();
	const base = process.memoryUsage();

	const before = await listCalls();
	const started = performance.now();
	const sampled = await withMemorySampling(() =>
		runDrChrono({ resource: 'patient', operation: 'getAll', returnAll: true }, { credentials: credentials() }),
	);
	const wallMs = performance.now() - started;
	const calls = (await listCalls()) - before;
	const { items, error } = sampled.result;

	gc();
	const after = process.memoryUsage();
	let outputJsonBytes = 0;
	const ids = new Set<unknown>();
	for (const item of items) {
		outputJsonBytes += JSON.stringify(item.json).length;
		ids.add(item.json.id);
	}
	return {
		n,
		items: items.length,
		uniqueIds: ids.size,
		calls,
		ideal: Math.ceil(n / 250),
		wallMs,
		baselineRss: base.rss,
		baselineHeap: base.heapUsed,
		peakRss: sampled.peakRss,
		maxRss: process.resourceUsage().maxRSS * 1024,
		peakHeap: sampled.peakHeapUsed,
		retainedHeap: after.heapUsed - base.heapUsed,
		outputJsonBytes,
		error: error?.message,
	};
}

export async function benchCallEfficiency(options: { sizes?: number[]; repeats?: number } = {}): Promise<{
	rows: CallEfficiencyRow[];
	report: string;
}> {
	const sizes = options.sizes ?? [1000, 10_000, 50_000];
	const repeats = options.repeats ?? 3;
	const rows: CallEfficiencyRow[] = [];
	for (const n of sizes) {
		const sandbox = await spawnSandbox({ patients: n });
		try {
			const runs: CallEfficiencyRun[] = [];
			for (let r = 0; r < repeats; r++) {
				log(`[call-efficiency] N=${n} run ${r + 1}/${repeats}`);
				const run = await runWorker<CallEfficiencyRun>(__filename, [
					'--worker',
					sandbox.url,
					sandbox.accessToken,
					sandbox.refreshToken,
					String(n),
				]);
				if (run.error) throw new Error(`N=${n}: the node failed: ${run.error}`);
				runs.push(run);
			}
			const m = (f: (r: CallEfficiencyRun) => number) => median(runs.map(f));
			rows.push({
				n,
				calls: Math.max(...runs.map((r) => r.calls)),
				ideal: Math.ceil(n / 250),
				items: Math.min(...runs.map((r) => r.items)),
				uniqueIds: Math.min(...runs.map((r) => r.uniqueIds)),
				wallMs: m((r) => r.wallMs),
				wallMsRuns: runs.map((r) => Math.round(r.wallMs)),
				baselineRssMb: m((r) => r.baselineRss) / 1024 ** 2,
				peakRssMb: m((r) => r.maxRss) / 1024 ** 2,
				peakHeapGrowthMb: m((r) => r.peakHeap - r.baselineHeap) / 1024 ** 2,
				retainedMb: m((r) => r.retainedHeap) / 1024 ** 2,
				outputMb: m((r) => r.outputJsonBytes) / 1024 ** 2,
			});
		} finally {
			await sandbox.close();
		}
	}
	const first = rows[0];
	const report = [
		'## 1. Call efficiency: Return All through the DrChrono node (Get Many, Return All, patients)',
		`${repeats} runs per N, each in a fresh process; wall time and memory are medians.`,
		'',
		table(
			['N', 'calls', 'ideal', 'items', 'unique ids', 'wall ms', 'ms/1k rec', 'RSS before MB', 'peak RSS MB', 'peak heap +MB', 'retained MB', 'output JSON MB', 'retained/output'],
			rows.map((r) => [
				fmt.int(r.n),
				r.calls,
				r.ideal,
				fmt.int(r.items),
				fmt.int(r.uniqueIds),
				fmt.ms(r.wallMs),
				(r.wallMs / (r.n / 1000)).toFixed(1),
				r.baselineRssMb.toFixed(0),
				r.peakRssMb.toFixed(0),
				r.peakHeapGrowthMb.toFixed(1),
				r.retainedMb.toFixed(1),
				r.outputMb.toFixed(1),
				(r.retainedMb / r.outputMb).toFixed(2),
			]),
		),
		'',
		'Growth relative to the smallest N:',
		table(
			['N', 'N ×', 'calls ×', 'wall ×', 'peak heap ×', 'retained ×'],
			rows.map((r) => [
				fmt.int(r.n),
				(r.n / first.n).toFixed(1),
				(r.calls / first.calls).toFixed(1),
				(r.wallMs / first.wallMs).toFixed(1),
				(r.peakHeapGrowthMb / first.peakHeapGrowthMb).toFixed(1),
				(r.retainedMb / first.retainedMb).toFixed(1),
			]),
		),
		'',
		`wall ms of each run: ${rows.map((r) => `N=${r.n}: ${r.wallMsRuns.join(', ')}`).join('; ')}`,
		'RSS before = after a warm-up and a full GC; peak RSS = the process\'s kernel high-water mark (resourceUsage().maxRSS);',
		'peak heap + = highest heapUsed sampled every 5 ms during the run, minus heapUsed before; retained = heapUsed after the run',
		'and a full GC with the output still referenced, minus before; output JSON = the output items\' JSON size.',
	].join('\n');
	return { rows, report };
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	if (argv[0] === '--worker') {
		const [url, accessToken, refreshToken, n] = argv.slice(1);
		const run = await worker(url, accessToken, refreshToken, Number(n));
		process.stdout.write(`${JSON.stringify(run)}\n`);
		return;
	}
	const arg = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const sizes = arg('sizes')?.split(',').map(Number);
	const repeats = arg('repeats') ? Number(arg('repeats')) : undefined;
	const { report } = await benchCallEfficiency({ sizes, repeats });
	process.stdout.write(`Machine: ${machine()}\n\n${report}\n`);
}

runIfMain(module, main);
