/**
 * The shared quota's cost: store round trips per DrChrono call and the time a slot takes, against a
 * local store (redis-server and the tests' Redis-over-HTTP endpoint on 127.0.0.1).
 *
 *   npx tsx bench/store-round-trips.ts [--calls 400] [--processes 4]
 *
 * Prints: round trips per granted call for one process and for several processes at once (no
 * burst spacing, a quota no run can spend), and the median and 95th percentile of acquire → grant.
 * Local figures: a hosted store (Upstash) adds its network round trip to every call.
 */
import { SharedQuotaGuard, systemClock } from '../nodes/DrChrono/quota';
import { httpHelper, startStore } from '../test/store/helpers';

function option(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function main(): Promise<void> {
	const calls = option('calls', 400);
	const processes = option('processes', 4);
	const store = await startStore();
	try {
		const settings = { quota: 1_000_000, reserve: 0, perSecond: 0, windowMs: 3_600_000 };
		const make = () => {
			const guard = new SharedQuotaGuard(
				`bench|${Date.now()}`,
				settings,
				{ store: { url: store.server.url, token: store.server.token }, processes },
				systemClock,
			);
			guard.use({ http: httpHelper });
			return guard;
		};
		const measure = async (guards: SharedQuotaGuard[], perGuard: number) => {
			for (const guard of guards) (await guard.acquire({ onExhausted: 'wait', maxWaitMs: 60_000 }))();
			store.server.resetCounts();
			const latencies: number[] = [];
			const started = Date.now();
			await Promise.all(
				guards.map(async (guard) => {
					for (let i = 0; i < perGuard; i++) {
						const t = performance.now();
						const release = await guard.acquire({ onExhausted: 'wait', maxWaitMs: 60_000 });
						latencies.push(performance.now() - t);
						release();
					}
				}),
			);
			latencies.sort((a, b) => a - b);
			const granted = guards.length * perGuard;
			return {
				granted,
				roundTrips: store.server.requests,
				perCall: store.server.requests / granted,
				p50: percentile(latencies, 0.5),
				p95: percentile(latencies, 0.95),
				perSecond: granted / ((Date.now() - started) / 1000),
			};
		};
		const rows = [
			['1 process, calls one after another', await measure([make()], calls)],
			[`${processes} processes at once`, await measure(Array.from({ length: processes }, make), Math.ceil(calls / processes))],
		] as const;
		process.stdout.write('| Run | Calls | Store round trips | Per call | Acquire p50 | p95 | Grants/s |\n|---|---|---|---|---|---|---|\n');
		for (const [name, r] of rows) {
			process.stdout.write(
				`| ${name} | ${r.granted} | ${r.roundTrips} | ${r.perCall.toFixed(2)} | ${r.p50.toFixed(2)} ms | ${r.p95.toFixed(2)} ms | ${Math.round(r.perSecond)} |\n`,
			);
		}
	} finally {
		await store.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
