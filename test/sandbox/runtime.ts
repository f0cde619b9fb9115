/** Everything one running sandbox holds, wired together once and shared by the HTTP handlers. */
import { AuthRegistry, DEFAULT_APP } from './auth';
import { BulkJobs } from './bulk';
import { FaultInjector } from './faults';
import type { OperationContext } from './operations';
import { QuotaTracker } from './quota';
import type { ResourceSpec } from './resources';
import { RESOURCES } from './resources';
import { seedPractice } from './seed';
import { StatsCollector } from './stats';
import { SandboxStore } from './store';
import { isoTimestamp } from './time';
import type { SandboxClock, SandboxOptions, SandboxStats } from './types';
import { WebhookDispatcher } from './webhooks';

export interface ResolvedOptions {
	seed: number;
	patients: number;
	hourMs: number;
	tokenTtlSeconds: number;
	retryAfterHeader: boolean;
	signatureMode: 'secret' | 'hmac';
	flagModifyEvent: 'PATIENT_FLAG_MODIFY' | 'PATIENT_FLAG_CMODIFY';
	deliverUnverified: boolean;
	webhookTimeoutMs: number;
	scopeAreas: 'all' | 'any';
	maxExamRooms: number;
	quiet: boolean;
}

export class SandboxRuntime {
	/** Set once the server listens. */
	url = '';
	readonly options: ResolvedOptions;
	readonly clock: SandboxClock;
	readonly store: SandboxStore;
	readonly auth: AuthRegistry;
	readonly quota: QuotaTracker;
	readonly faults: FaultInjector;
	readonly stats = new StatsCollector();
	readonly webhooks: WebhookDispatcher;
	/** The asynchronous `*_list` jobs (bulk.ts). */
	readonly bulk: BulkJobs;

	constructor(opts: SandboxOptions) {
		this.options = {
			seed: opts.seed ?? 42,
			patients: opts.patients ?? 50,
			hourMs: opts.hourMs ?? 3_600_000,
			tokenTtlSeconds: opts.tokenTtlSeconds ?? 172_800,
			retryAfterHeader: opts.retryAfterHeader ?? false,
			signatureMode: opts.signatureMode ?? 'secret',
			flagModifyEvent: opts.flagModifyEvent ?? 'PATIENT_FLAG_MODIFY',
			deliverUnverified: opts.deliverUnverified ?? false,
			webhookTimeoutMs: opts.webhookTimeoutMs ?? 10_000,
			scopeAreas: opts.scopeAreas ?? 'all',
			// Recorded: DrChrono refused a fifth room.
			maxExamRooms: opts.maxExamRooms ?? 4,
			quiet: opts.quiet ?? false,
		};
		if (!(this.options.hourMs > 0)) throw new Error('hourMs must be positive');
		this.clock = opts.clock ?? { now: () => Date.now() };
		this.store = new SandboxStore(Object.fromEntries(RESOURCES.map((r) => [r.path, r.firstId])));
		this.auth = new AuthRegistry(this.clock, this.options.tokenTtlSeconds, opts.apps ?? [DEFAULT_APP], () => this.store.meta.primaryUserId);
		this.quota = new QuotaTracker(this.clock, this.options.hourMs, (id) => this.auth.quotaLimit(id));
		this.faults = new FaultInjector(this.options.seed);
		this.bulk = new BulkJobs(this.clock, opts.bulk);
		this.webhooks = new WebhookDispatcher({
			hourMs: this.options.hourMs,
			clock: this.clock,
			signatureMode: this.options.signatureMode,
			timeoutMs: this.options.webhookTimeoutMs,
			deliverUnverified: this.options.deliverUnverified,
			onAttempt: (a) => this.stats.recordDelivery(a),
		});
	}

	nowTimestamp(): string {
		return isoTimestamp(this.clock.now());
	}

	fileUrlPrefix(base = this.url): string {
		return `${base}/_sandbox/files/`;
	}

	reseed(opts: { patients?: number; seed?: number } = {}): void {
		if (opts.patients !== undefined) this.options.patients = opts.patients;
		if (opts.seed !== undefined) this.options.seed = opts.seed;
		this.bulk.clear();
		seedPractice(this.store, { seed: this.options.seed, patients: this.options.patients, now: this.clock.now(), fileUrlPrefix: this.fileUrlPrefix() });
	}

	operationContext(spec: ResourceSpec, query: URLSearchParams, base: string, userId = this.store.meta.primaryUserId): OperationContext {
		const user = this.store.collection('users').get(userId);
		return {
			spec,
			store: this.store,
			now: this.nowTimestamp(),
			query,
			userId,
			doctorId: (user?.doctor as number | undefined) ?? this.store.meta.primaryDoctorId,
			flagModifyEvent: this.options.flagModifyEvent,
			fileUrlPrefix: this.fileUrlPrefix(base),
			emit: (event, object) => this.webhooks.emit(event, object),
			countCreated: (resource, n) => this.stats.countCreated(resource, n),
		};
	}

	snapshotStats(): SandboxStats {
		const s = this.stats;
		const apps = new Set([...this.auth.apps.keys(), ...Object.keys(s.callsByApp)]);
		return {
			calls: s.calls,
			callsByApp: { ...s.callsByApp },
			callsByPath: { ...s.callsByPath },
			rateLimited: s.rateLimited,
			unauthorized: s.unauthorized,
			created: { ...s.created },
			responsesByStatus: { ...s.responsesByStatus },
			deliveries: s.deliveries.map((d) => ({ ...d })),
			faultsInjected: this.faults.injected,
			faultsByKind: { ...this.faults.byKind },
			quota: Object.fromEntries([...apps].map((id) => [id, this.quota.state(id)])),
		};
	}

	resetStats(): void {
		this.stats.reset();
		this.faults.resetCounters();
	}
}
