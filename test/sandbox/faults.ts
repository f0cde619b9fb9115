/**
 * Fault injection for /api/ requests: errors, dropped connections, latency, forced 429s and
 * "stored but the gateway failed" POSTs. The dice are seeded so a run is reproducible.
 */
import { Random } from './random';
import type { FaultConfig } from './types';

export type FaultDecision = { kind: 'none' } | { kind: 'reset' } | { kind: 'error'; status: number };

export class FaultInjector {
	/** The live configuration; mutate it directly or replace it with configure(). */
	readonly config: FaultConfig = {};
	private random: Random;
	private filter: RegExp | null = null;
	private filterSource: string | undefined;
	injected = 0;
	readonly byKind: Record<string, number> = {};

	constructor(private readonly defaultSeed: number) {
		this.random = new Random(defaultSeed);
	}

	/** Replaces the whole configuration ({} turns every fault off) and re-seeds the dice. */
	configure(next: FaultConfig): void {
		for (const key of Object.keys(this.config)) delete (this.config as Record<string, unknown>)[key];
		Object.assign(this.config, next);
		this.random = new Random(next.seed ?? this.defaultSeed);
	}

	applies(path: string): boolean {
		const source = this.config.pathFilter;
		if (!source) return true;
		if (source !== this.filterSource) {
			this.filter = new RegExp(source);
			this.filterSource = source;
		}
		return (this.filter as RegExp).test(path);
	}

	count(kind: string): void {
		this.injected++;
		this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
	}

	/** Latency, then dropped connection or error status, decided before the request is handled. */
	before(path: string): { latencyMs: number; decision: FaultDecision } {
		if (!this.applies(path)) return { latencyMs: 0, decision: { kind: 'none' } };
		const latencyMs = Math.max(0, this.config.latencyMs ?? 0);
		if (latencyMs > 0) this.count('latency');
		if ((this.config.resetRate ?? 0) > 0 && this.random.next() < (this.config.resetRate as number)) {
			this.count('reset');
			return { latencyMs, decision: { kind: 'reset' } };
		}
		if ((this.config.errorRate ?? 0) > 0 && this.random.next() < (this.config.errorRate as number)) {
			this.count('error');
			return { latencyMs, decision: { kind: 'error', status: this.config.errorStatus ?? 503 } };
		}
		return { latencyMs, decision: { kind: 'none' } };
	}

	/** True (and one used up) when this authenticated request must get a forced 429. */
	takeRateLimit(path: string): boolean {
		if (!this.config.rateLimitNext || this.config.rateLimitNext <= 0 || !this.applies(path)) return false;
		this.config.rateLimitNext--;
		this.count('rateLimit');
		return true;
	}

	/** For a POST that was stored: how to fail it, or null to answer normally. */
	takeFailAfterStore(path: string): FaultDecision | null {
		if (!this.config.failAfterStoreNext || this.config.failAfterStoreNext <= 0 || !this.applies(path)) return null;
		this.config.failAfterStoreNext--;
		this.count('failAfterStore');
		const how = this.config.failAfterStoreWith ?? 502;
		return how === 'reset' ? { kind: 'reset' } : { kind: 'error', status: how };
	}

	resetCounters(): void {
		this.injected = 0;
		for (const key of Object.keys(this.byKind)) delete this.byKind[key];
	}
}
