import { randomUUID } from 'node:crypto';

import { QUOTA_SCRIPT, RedisHttpClient, StoreFault, StoreWait, parseStoreAnswer, quotaKey } from '../store';
import type { HttpHelper, StoreAnswer, StoreSettings } from '../store';
import type { Clock } from './clock';
import { QuotaGuard } from './QuotaGuard';
import type { StartEstimate } from './schedule';
import type { QuotaSettings } from './types';

/** While the store is away, it is asked again this often (when calls are waiting). */
export const STORE_RETRY_MS = 5_000;
/** The log says that the store is away at most this often. */
export const FALLBACK_NOTICE_MS = 60_000;

/** The credential's choice "All n8n processes (Redis over HTTP)". */
export interface QuotaSharing {
	store: StoreSettings;
	/** How many n8n processes run DrChrono nodes: the fallback share is the limit divided by it. */
	processes: number;
}

/** What a guard needs from the n8n context that uses it: n8n's HTTP helper and n8n's log. */
export interface StoreAccess {
	http: HttpHelper;
	warn?: (message: string) => void;
	info?: (message: string) => void;
}

/** How the guard of an app grants: for Quota > Get Status and the log. */
export interface SharingStatus {
	seenBy: string;
	store: 'none' | 'connected' | 'unreachable';
	storeProblem: string | null;
	storeUnreachableSince: number | null;
}

/**
 * The quota guard of an app whose budget all n8n processes share through a Redis-over-HTTP store.
 * Waiting stays local (the queue, Max Wait, Fail, Stop are QuotaGuard's own); granting is shared:
 * the head of the queue asks the store's script for a slot (one round trip per DrChrono call), and
 * the store's answer (calls counted, 429 hold, probe) is mirrored here so that newcomers are judged
 * against it. A 429 seen here is told to the store, so it pauses every process.
 *
 * When the store cannot be reached, answers with an error or is slower than STORE_TIMEOUT_MS, the
 * guard falls back to its own share (limit ÷ processes, per second at least 1): in the window in
 * which the store went away it grants nothing more (it cannot know what the others used), in
 * later windows its share; it asks the store again every STORE_RETRY_MS and, once the store answers,
 * adds the calls it granted itself in that window to the store's count.
 */
export class SharedQuotaGuard extends QuotaGuard {
	private client: RedisHttpClient;
	private sharing: QuotaSharing;
	private access: StoreAccess | undefined;
	private readonly key: string;
	private readonly processId = randomUUID();
	/** Redis's clock minus this process's, from the latest answer. */
	private offset = 0;
	private fallback: { since: number; problem: string; noticeAt: number } | undefined;
	private fallbackUsed = { windowStart: 0, used: 0 };
	private nextStoreTry = 0;
	/** 429s reported here; an answer asked for before the latest one must not lift its hold. */
	private reports = 0;

	constructor(appKey: string, settings: QuotaSettings, sharing: QuotaSharing, clock: Clock) {
		super(settings, clock);
		this.key = quotaKey(appKey);
		this.sharing = sharing;
		this.client = this.newClient();
	}

	/** The latest n8n context's helper and log: every caller hands its own. */
	use(access: StoreAccess): void {
		this.access = access;
	}

	configureSharing(sharing: QuotaSharing): void {
		const old = this.sharing;
		this.sharing = sharing;
		if (old.store.url !== sharing.store.url || old.store.token !== sharing.store.token) {
			this.client = this.newClient();
			this.nextStoreTry = 0;
		}
	}

	override get limit(): number {
		const limit = Math.max(0, this.settings.quota - this.settings.reserve);
		return this.fallback ? Math.floor(limit / Math.max(1, this.sharing.processes)) : limit;
	}

	protected override get perSecond(): number {
		const { perSecond } = this.settings;
		if (!this.fallback || perSecond <= 0) return perSecond;
		return Math.max(1, Math.floor(perSecond / Math.max(1, this.sharing.processes)));
	}

	override reportRateLimited(retryAfterMs?: number): void {
		const ownProbe = this.rate.probe === 'in-flight';
		super.reportRateLimited(retryAfterMs);
		this.reports++;
		if (this.fallback) return;
		const retry = retryAfterMs === undefined ? -1 : Math.max(0, Math.round(retryAfterMs));
		void this.ask('429', retry, ownProbe).then(
			(answer) => this.mirror(answer, this.reports),
			(error) => this.enterFallback(error),
		);
	}

	/** Reads the store's view of the window (no slot taken), for Quota > Get Status. */
	async refresh(): Promise<void> {
		if (this.fallback && this.clock.now() < this.nextStoreTry) return;
		const reports = this.reports;
		try {
			const answer = await this.ask('status');
			this.leaveFallback();
			this.mirror(answer, reports);
		} catch (error) {
			this.enterFallback(error);
		}
	}

	sharingStatus(): SharingStatus {
		return this.fallback
			? {
					seenBy: `this n8n process, on its own share of ${this.limit} calls: the shared quota store cannot be reached`,
					store: 'unreachable',
					storeProblem: this.fallback.problem,
					storeUnreachableSince: this.fallback.since,
				}
			: { seenBy: 'all n8n processes (shared quota store)', store: 'connected', storeProblem: null, storeUnreachableSince: null };
	}

	protected override refusalNote(): string {
		if (!this.fallback) return '';
		return `. The shared quota store cannot be reached, so this n8n process keeps to its own share of ${this.limit} calls per window until it answers`;
	}

	protected override onProbeAnswered(): void {
		if (this.fallback) return;
		void this.ask('probe-ok').then(
			() => {},
			(error) => this.enterFallback(error),
		);
	}

	protected override grant(now: number, isProbe?: boolean): void {
		if (this.fallback) {
			const { start } = this.window;
			if (this.fallbackUsed.windowStart !== start) this.fallbackUsed = { windowStart: start, used: 0 };
			this.fallbackUsed.used++;
		}
		super.grant(now, isProbe);
	}

	/** While the store is away the local pump rests no longer than the next try of the store. */
	protected override async rest(ms: number): Promise<void> {
		const untilTry = this.fallback ? Math.max(0, this.nextStoreTry - this.clock.now()) : ms;
		await super.rest(Math.min(ms, untilTry));
	}

	protected override step(now: number): 'next' | 'stop' | Promise<'next' | 'stop'> {
		if (this.fallback && now < this.nextStoreTry) return super.step(now);
		return this.stepWithStore();
	}

	private async stepWithStore(): Promise<'next' | 'stop'> {
		const reports = this.reports;
		let answer: StoreAnswer;
		try {
			answer = await this.ask('take');
		} catch (error) {
			this.enterFallback(error);
			return 'next';
		}
		this.leaveFallback();
		this.mirror(answer, reports);
		// Everyone left while the store was asked: a slot granted now stays unused (counted, the safe side).
		if (this.queue.length === 0) return 'stop';
		if (!answer.granted) {
			const now = this.clock.now();
			return await this.waitFor(now, { at: this.toLocal(answer.at), cause: causeOf(answer.why) });
		}
		// The store reserved a start for this process (the burst spacing across processes).
		const delay = answer.at - answer.now;
		if (delay > 0) await this.clock.sleep(delay);
		const now = this.clock.now();
		if (this.queue.length === 0) return 'stop';
		// A 429 arrived meanwhile: the reserved slot is dropped rather than sent into the hold.
		if (this.reports !== reports || this.rate.blockedUntil > now) return 'next';
		this.grant(now, answer.probe);
		this.window.used = Math.max(answer.used, this.window.used - 1);
		return 'next';
	}

	private async ask(mode: 'take' | 'status' | '429' | 'probe-ok', retryAfterMs = -1, ownProbe = false): Promise<StoreAnswer> {
		const { start } = this.window;
		const carried = mode === 'take' && this.fallbackUsed.windowStart === start ? this.fallbackUsed.used : 0;
		const sent = this.clock.now();
		const result = await this.client.evalScript(QUOTA_SCRIPT, [this.key], [
			mode,
			Math.max(0, this.settings.quota - this.settings.reserve),
			this.settings.perSecond,
			this.settings.windowMs,
			retryAfterMs,
			ownProbe ? 1 : 0,
			carried,
			this.processId,
		]);
		const answer = parseStoreAnswer(result);
		// Half the round trip is the best guess of when Redis read its clock.
		this.offset = answer.now - Math.round((sent + this.clock.now()) / 2);
		if (carried > 0) this.fallbackUsed = { windowStart: start, used: 0 };
		return answer;
	}

	private toLocal(redisTime: number): number {
		return redisTime - this.offset;
	}

	/** Takes the store's count and hold as this process's view, so newcomers are judged against them. */
	private mirror(answer: StoreAnswer, reportsWhenAsked: number): void {
		const now = this.clock.now();
		this.roll(now);
		this.window.used = answer.used;
		// A 429 reported here after the question was sent is newer than the answer: it stands.
		if (this.reports !== reportsWhenAsked) return;
		if (!answer.granted && answer.why !== StoreWait.Burst && answer.why !== StoreWait.None) {
			this.rate.blockedUntil = this.toLocal(answer.at);
			this.rate.cause = answer.why === StoreWait.RetryAfter ? 'retry-after' : answer.why === StoreWait.Window ? 'window' : 'backoff';
		} else if (this.rate.blockedUntil > now) {
			this.rate.blockedUntil = now;
		}
		if (answer.granted && this.rate.probe === 'due') this.rate.probe = 'none';
	}

	private enterFallback(error: unknown): void {
		const now = this.clock.now();
		const problem = error instanceof Error ? error.message : String(error);
		this.nextStoreTry = now + STORE_RETRY_MS;
		if (!this.fallback) {
			this.fallback = { since: now, problem, noticeAt: 0 };
			// The window in which the store went away: the others' use of it is unknown, so this
			// process grants nothing more in it (this.limit is now its share).
			this.roll(now);
			this.window.used = Math.max(this.window.used, this.limit);
			this.fallbackUsed = { windowStart: this.window.start, used: 0 };
		}
		this.fallback.problem = problem;
		if (now >= this.fallback.noticeAt) {
			this.fallback.noticeAt = now + FALLBACK_NOTICE_MS;
			this.access?.warn?.(
				`DrChrono quota: the shared quota store at ${this.client.url} cannot be used (${problem}). This n8n process keeps to its own share of ${this.limit} calls per window (${this.perSecond > 0 ? `${this.perSecond} per second` : 'no per-second spacing'}) until the store answers again.`,
			);
		}
		this.wake();
	}

	private leaveFallback(): void {
		if (!this.fallback) return;
		const away = this.clock.now() - this.fallback.since;
		this.fallback = undefined;
		this.access?.info?.(
			`DrChrono quota: the shared quota store at ${this.client.url} answers again after ${Math.round(away / 1000)} s; calls are granted for all n8n processes again.`,
		);
	}

	private newClient(): RedisHttpClient {
		return new RedisHttpClient(this.sharing.store, () => {
			if (!this.access) throw new StoreFault('unreachable', 'no n8n HTTP helper was handed to the quota guard');
			return this.access.http;
		});
	}
}

function causeOf(why: StoreWait): StartEstimate['cause'] {
	if (why === StoreWait.Burst) return 'burst';
	if (why === StoreWait.Window) return 'quota';
	return 'rate-limited';
}
