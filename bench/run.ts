/**
 * All benchmarks, or the ones named:
 *
 *   npx tsx bench/run.ts                 # calls, overhead, quota, trigger, bulk (in that order)
 *   npx tsx bench/run.ts calls quota     # only those
 *   npx tsx bench/run.ts trigger --line 2
 *
 * Names: calls (1, call efficiency), overhead (2, against raw HTTP), quota (3, the quota guard
 * under contention), trigger (4, trigger throughput through real n8n), bulk (bulk exports against
 * standard pages, bench/bulk-export.ts). Each prints a plain table;
 * the machine line and the load average come first and last, since the machine may be shared.
 * Options: --quick (smaller sizes, for a smoke run), --line 1|2 (n8n line for trigger).
 */
import './lib/prefer-ts';

import { benchBulkExport } from './bulk-export';
import { benchCallEfficiency } from './call-efficiency';
import { load, log, machine } from './lib/common';
import { benchOverhead } from './overhead';
import { benchQuotaContention } from './quota-contention';
import { benchTriggerThroughput } from './trigger-throughput';
import type { N8nLine } from '../test/e2e/lib/n8n';

const ALL = ['calls', 'overhead', 'quota', 'trigger', 'bulk'] as const;
type Name = (typeof ALL)[number];

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const quick = argv.includes('--quick');
	const lineAt = argv.indexOf('--line');
	const line = (lineAt >= 0 ? argv[lineAt + 1] : '1') as N8nLine;
	const names = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--line');
	const unknown = names.filter((n) => !(ALL as readonly string[]).includes(n));
	if (unknown.length) throw new Error(`Unknown benchmark ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
	const chosen: Name[] = names.length ? (names as Name[]) : [...ALL];

	const started = Date.now();
	process.stdout.write(`# DrChrono node benchmarks\n\nMachine: ${machine()}\nAt start: ${load()}\nCommand: npx tsx bench/run.ts ${argv.join(' ')}\n\n`);
	const failures: string[] = [];
	for (const name of chosen) {
		const t0 = Date.now();
		log(`== ${name}`);
		try {
			let report: string;
			if (name === 'calls') {
				report = (await benchCallEfficiency(quick ? { sizes: [1000, 10_000], repeats: 1 } : {})).report;
			} else if (name === 'overhead') {
				report = (await benchOverhead(quick ? { sizes: [10_000], repeats: 3, warmup: 1 } : { profile: true })).report;
			} else if (name === 'quota') {
				report = (await benchQuotaContention(quick ? { executions: [1, 5], items: 60 } : {})).report;
			} else if (name === 'bulk') {
				report = (await benchBulkExport(quick ? { sizes: [1000, 10_000] } : {})).report;
			} else {
				report = (await benchTriggerThroughput(quick ? { line, deliveries: 200, repeats: 1, warmup: 50 } : { line })).report;
			}
			process.stdout.write(`${report}\n(${((Date.now() - t0) / 1000).toFixed(0)} s; ${load()})\n\n`);
		} catch (error) {
			const message = `${name} failed: ${(error as Error).stack ?? String(error)}`;
			failures.push(message);
			process.stdout.write(`## ${name}: FAILED\n${message}\n\n`);
		}
	}
	process.stdout.write(`Total ${((Date.now() - started) / 1000).toFixed(0)} s. At the end: ${load()}\n`);
	if (failures.length) process.exitCode = 1;
}

main().then(
	() => process.exit(process.exitCode ?? 0),
	(error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
