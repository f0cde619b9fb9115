/**
 * Benchmark: bulk exports. Calls and wall time to read N appointments and N patients through the
 * DrChrono node (Get Many, Return All) with Method Standard Pages against Method Bulk Export, side by
 * side in one run, against the sandbox with a job delay (DrChrono prepares each bulk page first).
 *
 *   npx tsx bench/bulk-export.ts [--sizes 1000,10000,50000] [--job-delay 3000]
 *   npx tsx bench/run.ts bulk [--quick]
 *
 * The sandbox runs in this process (its store is filled directly: N patients, and N appointments on
 * one day, read with the Date filter). Calls are the sandbox's own count, by method and path.
 * Wall time includes the sandbox's work and the job delay. Memory is not measured here: the
 * sandbox in this process caches every bulk page for its hour, which would be counted with the
 * node's output (bench/call-efficiency.ts measures the node's memory in a process of its own).
 */
import './lib/prefer-ts';

import { TestCredentialsHelper } from '../test/harness/credentials';
import { runDrChrono } from '../test/harness/drchrono';
import { addAppointmentsOn, startSandbox } from '../test/sandbox';
import type { Sandbox } from '../test/sandbox';
import { fmt, log, machine, runIfMain, sandboxCredentialData, table } from './lib/common';

const DAY = '2031-05-06';
const CLIENT_ID = 'sandbox-client-id';

export interface BulkExportRow {
	resource: 'appointment' | 'patient';
	n: number;
	method: 'standard' | 'bulk';
	items: number;
	uniqueIds: number;
	calls: number;
	posts: number;
	polls: number;
	wallMs: number;
	sameAsStandard?: boolean;
}

async function fill(n: number, jobDelayMs: number): Promise<Sandbox> {
	const sandbox = await startSandbox({ patients: n, quiet: true, bulk: { jobDelayMs } });
	sandbox.upsertApp({ clientId: CLIENT_ID, quotaLimit: 1_000_000_000 });
	addAppointmentsOn(sandbox.store, DAY, n);
	return sandbox;
}

async function measure(sandbox: Sandbox, resource: 'appointment' | 'patient', method: 'standard' | 'bulk') {
	const token = sandbox.issueToken(CLIENT_ID);
	const credentials = new TestCredentialsHelper({
		drChronoOAuth2Api: sandboxCredentialData(sandbox.url, token.access_token, token.refresh_token, { scope: token.scope }),
	});
	const parameters = {
		resource,
		operation: 'getAll',
		returnAll: true,
		listMethod: method,
		...(resource === 'appointment' ? { filters: { date: DAY } } : {}),
	};
	const plural = resource === 'appointment' ? 'appointments' : 'patients';
	const before = sandbox.stats();
	const started = performance.now();
	const result = await runDrChrono(parameters, { credentials });
	const wallMs = performance.now() - started;
	if (result.error) throw new Error(`${resource} ${method}: ${result.error.message}`);
	const after = sandbox.stats();
	const delta = (key: string) => (after.callsByPath[key] ?? 0) - (before.callsByPath[key] ?? 0);
	return {
		result,
		row: {
			resource,
			method,
			items: result.items.length,
			uniqueIds: new Set(result.items.map((i) => i.json.id)).size,
			calls: after.calls - before.calls,
			posts: delta(`POST /api/${plural}_list`),
			polls: delta(`GET /api/${plural}_list`),
			wallMs,
		},
	};
}

export async function benchBulkExport(options: { sizes?: number[]; jobDelayMs?: number } = {}): Promise<{ rows: BulkExportRow[]; report: string }> {
	const sizes = options.sizes ?? [1000, 10_000, 50_000];
	const jobDelayMs = options.jobDelayMs ?? 3000;
	const rows: BulkExportRow[] = [];
	for (const n of sizes) {
		log(`[bulk-export] N=${n}: seeding`);
		const sandbox = await fill(n, jobDelayMs);
		try {
			for (const resource of ['appointment', 'patient'] as const) {
				log(`[bulk-export] N=${n} ${resource}s: standard pages`);
				const standard = await measure(sandbox, resource, 'standard');
				log(`[bulk-export] N=${n} ${resource}s: bulk export`);
				const bulk = await measure(sandbox, resource, 'bulk');
				const same =
					bulk.result.items.length === standard.result.items.length &&
					bulk.result.items.every((item, i) => JSON.stringify(item.json) === JSON.stringify(standard.result.items[i].json));
				rows.push({ n, ...standard.row }, { n, ...bulk.row, sameAsStandard: same });
			}
		} finally {
			await sandbox.close();
		}
	}
	const report = [
		'## Bulk exports: Return All, Standard Pages against Bulk Export',
		`Sandbox in process, bulk job delay ${jobDelayMs} ms per page (POST to Complete); polls back off 1 s, 2 s, 4 s ... 30 s.`,
		'Standard pages: 20 appointments or 250 patients per call. Bulk: up to 1,000 per page, one POST and at least one GET each.',
		'',
		table(
			['resource', 'N', 'method', 'items', 'unique ids', 'calls', 'POST', 'GET polls', 'wall ms', 'same records'],
			rows.map((r) => [
				`${r.resource}s`,
				fmt.int(r.n),
				r.method,
				fmt.int(r.items),
				fmt.int(r.uniqueIds),
				r.calls,
				r.method === 'bulk' ? r.posts : '',
				r.method === 'bulk' ? r.polls : '',
				fmt.ms(r.wallMs),
				r.sameAsStandard === undefined ? '' : r.sameAsStandard ? 'yes' : 'NO',
			]),
		),
		'',
		'Target: 10,000 appointments in at most 40 calls, and bulk never more calls than standard pages for what Automatic sends to bulk.',
	].join('\n');
	return { rows, report };
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const arg = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const sizes = arg('sizes')?.split(',').map(Number);
	const jobDelayMs = arg('job-delay') ? Number(arg('job-delay')) : undefined;
	const { report } = await benchBulkExport({ sizes, jobDelayMs });
	process.stdout.write(`Machine: ${machine()}\n\n${report}\n`);
}

runIfMain(module, main);
