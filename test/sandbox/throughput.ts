/**
 * Measures list throughput on loopback: walks all patients with Node's global fetch, following
 * `next`, as a client would. Run: npx tsx test/sandbox/throughput.ts [patients] [rounds]
 */
import { startSandbox } from './index';

async function walk(url: string, token: string): Promise<{ pages: number; records: number; ms: number }> {
	const started = performance.now();
	let next: string | null = url;
	let pages = 0;
	let records = 0;
	while (next) {
		const res = await fetch(next, { headers: { Authorization: `Bearer ${token}` } });
		const body = (await res.json()) as { results: unknown[]; next: string | null };
		pages++;
		records += body.results.length;
		next = body.next;
	}
	return { pages, records, ms: performance.now() - started };
}

async function main(): Promise<void> {
	const patients = Number(process.argv[2] ?? 10_000);
	const rounds = Number(process.argv[3] ?? 5);
	const seedStarted = performance.now();
	const sandbox = await startSandbox({ quiet: true, patients, apps: [{ clientId: 'bench', clientSecret: 's', redirectUris: ['*'], quotaLimit: 1e9 }] });
	const seedMs = performance.now() - seedStarted;
	const token = sandbox.issueToken('bench').access_token;
	try {
		for (const [label, query] of [['page_size=250', 'page_size=250'], ['verbose=true (50)', 'verbose=true']] as const) {
			const results = [];
			for (let i = 0; i < rounds; i++) results.push(await walk(`${sandbox.url}/api/patients?${query}`, token));
			results.sort((a, b) => a.ms - b.ms);
			const median = results[Math.floor(results.length / 2)];
			const best = results[0];
			const fmt = (r: typeof best) => `${r.ms.toFixed(0)} ms, ${(r.pages / r.ms * 1000).toFixed(0)} pages/s, ${(r.records / r.ms * 1000).toFixed(0)} records/s`;
			process.stdout.write(`${label}: ${median.pages} pages, ${median.records} records; median ${fmt(median)}; best ${fmt(best)}\n`);
		}
		process.stdout.write(`start-up with ${patients} patients: ${seedMs.toFixed(0)} ms\n`);
	} finally {
		await sandbox.close();
	}
}

void main();
