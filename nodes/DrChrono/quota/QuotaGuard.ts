import type { Clock } from './clock';
import { QuotaMessages } from './messages';
import { QuotaCancelledError } from './QuotaError';
import type { QuotaExhaustedError } from './QuotaError';
import { RateLimitState } from './rateLimit';
import { estimateStart } from './schedule';
import { WindowCount } from './window';
import type { ScheduleView, StartEstimate } from './schedule';
import type { AcquirePolicy, QuotaSettings, QuotaSnapshot, QuotaState, ReleaseSlot } from './types';

/** A probe's answer is awaited this long at most, so a lost answer cannot stall the queue for good. */
const PROBE_ANSWER_TIMEOUT_MS = 60_000;
/**
 * The fewest callers that may wait at once. Each waiter is a paused n8n execution holding its items
 * in memory; 1,000 is two hours' worth at the default 500 calls per hour, longer than the default
 * maximum wait, so a longer queue only grows memory. Apps with a higher quota may queue two windows'
 * worth of calls.
 */
export const MIN_QUEUE_BOUND = 1000;

interface Waiter {
	policy: AcquirePolicy;
	enqueuedAt: number;
	resolve: (release: ReleaseSlot) => void;
	reject: (error: Error) => void;
	/** Detaches the cancel listener; called once the waiter has its answer. */
	detach: () => void;
}

/**
 * The budget of one DrChrono API application in this process: a fixed window aligned to the top of
 * the hour, a burst cap per second, and a first-come-first-served queue. No call starts without a
 * slot, so concurrent executions that share an app can never exceed its quota between them; a 429
 * from DrChrono (another system may use the same app) holds calls back whatever the count says.
 * Every caller is judged against its policy when it arrives and again whenever a 429 changes its
 * prospects, so nobody waits longer than its policy allows.
 */
export class QuotaGuard {
	protected settings: QuotaSettings;
	protected readonly window: WindowCount;
	protected readonly rate = new RateLimitState();
	protected readonly messages = new QuotaMessages(
		() => this.settings,
		() => this.clock.now(),
		() => this.refusalNote(),
	);
	protected recentStarts: number[] = [];
	protected readonly queue: Waiter[] = [];
	private pumping = false;
	/** Ends the pump's current sleep early: something changed that may let a caller start sooner. */
	private restController: AbortController | undefined;
	private granted = 0;
	private rateLimited = 0;

	constructor(
		settings: QuotaSettings,
		protected readonly clock: Clock,
	) {
		this.settings = { ...settings };
		this.window = new WindowCount(clock.now(), settings.windowMs);
	}

	/**
	 * Settings come from the credential on every call, so edits take effect without a restart. Two
	 * credentials of one app may differ (another window length): a setting never lowers the count of
	 * calls already made, only time does, so neither can reset the other's budget.
	 */
	configure(settings: QuotaSettings): void {
		const old = this.settings;
		const same = (Object.keys(settings) as Array<keyof QuotaSettings>).every((key) => settings[key] === old[key]);
		if (same) return;
		this.settings = { ...settings };
		this.window.realign(this.clock.now(), settings.windowMs);
		this.wake();
	}

	get limit(): number {
		return Math.max(0, this.settings.quota - this.settings.reserve);
	}

	/** The burst cap in force (SharedQuotaGuard lowers it to its share while the store is away). */
	protected get perSecond(): number {
		return this.settings.perSecond;
	}

	/** How many callers may wait at once: two windows' worth, and at least MIN_QUEUE_BOUND. */
	get maxQueue(): number {
		return Math.max(MIN_QUEUE_BOUND, 2 * this.limit);
	}

	/**
	 * Resolves when the caller may send one request, with the function to call once DrChrono has
	 * answered it. Rejects at once with a QuotaExhaustedError when the policy does not allow the wait
	 * (a QuotaQueueFullError when too many already wait), or with a QuotaCancelledError when the
	 * policy's signal aborts before a slot is granted.
	 */
	async acquire(policy: AcquirePolicy): Promise<ReleaseSlot> {
		return await new Promise<ReleaseSlot>((resolve, reject) => {
			const { signal } = policy;
			if (signal?.aborted) {
				reject(new QuotaCancelledError());
				return;
			}
			const now = this.clock.now();
			this.roll(now);
			const refusal = this.judgeArrival(policy, now);
			if (refusal) {
				reject(refusal);
				return;
			}
			const waiter: Waiter = { policy, enqueuedAt: now, resolve, reject, detach: () => {} };
			if (signal) {
				const onAbort = () => this.cancel(waiter);
				signal.addEventListener('abort', onAbort, { once: true });
				waiter.detach = () => signal.removeEventListener('abort', onAbort);
			}
			this.queue.push(waiter);
			void this.pump();
		});
	}

	/**
	 * DrChrono answered 429. `retryAfterMs` is how long DrChrono asked us to wait, counted from now:
	 * the transport's reading of a Retry-After header (seconds or an HTTP date) or of Django REST
	 * framework's "Expected available in N seconds". 0 or less (Retry-After: 0, a date in the past)
	 * means "now". `undefined` means DrChrono named no time: early in a window (CLOCK_SKEW_GRACE_MS in
	 * rateLimit.ts) the guard backs off briefly and sends one probe call; later, the window is spent
	 * until its reset. Report the 429 in the same tick as releasing the call's slot (before or after), so a probe's 429
	 * is not taken for a good answer.
	 */
	reportRateLimited(retryAfterMs?: number): void {
		const now = this.clock.now();
		this.roll(now);
		this.rateLimited++;
		const { window } = this;
		if (this.rate.report(now, window.start, window.end, retryAfterMs)) window.used = Math.max(window.used, this.limit);
		this.wake();
	}

	snapshot(): QuotaSnapshot {
		const now = this.clock.now();
		this.roll(now);
		const limit = this.limit;
		return {
			at: now,
			quota: this.settings.quota,
			reserve: this.settings.reserve,
			perSecond: this.perSecond,
			limit,
			used: this.window.used,
			remaining: Math.max(0, limit - this.window.used),
			windowStart: this.window.start,
			resetsAt: this.window.end,
			blockedUntil: this.rate.blockedUntil,
			queued: this.queue.length,
			maxQueue: this.maxQueue,
			state: this.state(now),
			granted: this.granted,
			rateLimited: this.rateLimited,
		};
	}

	/** The error a caller sees when the budget is gone; also used for a 429 under the Fail policy. */
	exhaustedError(resetsAt: number, maxWaitMs?: number): QuotaExhaustedError {
		return this.messages.exhausted(resetsAt, maxWaitMs);
	}

	/** The error for a caller held back by a 429 (Retry-After, or the back-off before a probe). */
	rateLimitedError(until: number, maxWaitMs?: number): QuotaExhaustedError {
		return this.messages.rateLimited(until, maxWaitMs);
	}

	/**
	 * The error a Fail caller would get now, with the right reason and time (the quota's reset, or
	 * the end of a Retry-After or back-off); `undefined` when a call could start now. For a 429 the
	 * transport does not retry: report it first, then throw this.
	 */
	refusalNow(): QuotaExhaustedError | undefined {
		const now = this.clock.now();
		this.roll(now);
		if (this.limit <= 0) return this.exhaustedError(this.window.end);
		return this.refusal({ onExhausted: 'fail', maxWaitMs: 0 }, now, estimateStart(this.view(now), 0));
	}

	private state(now: number): QuotaState {
		if (this.rate.probe !== 'none') return 'backoff-probe';
		if (this.rate.blockedUntil > now) return this.rate.cause === 'retry-after' ? 'retry-after' : 'exhausted';
		if (this.window.used >= this.limit) return 'exhausted';
		const { perSecond } = this;
		const lastSecond = this.recentStarts.filter((t) => t > now - 1000).length;
		return perSecond > 0 && lastSecond >= perSecond ? 'burst-spaced' : 'normal';
	}

	protected roll(now: number): void {
		this.window.roll(now);
	}

	protected view(now: number): ScheduleView {
		return {
			now,
			windowStart: this.window.start,
			windowMs: this.settings.windowMs,
			used: this.window.used,
			limit: this.limit,
			blockedUntil: this.rate.blockedUntil,
			blockedToReset: this.rate.cause === 'window',
			probe: this.rate.probe,
			perSecond: this.perSecond,
			recentStarts: this.recentStarts,
		};
	}

	/** Why a newcomer may not join the queue, if it may not: its policy, or the queue's bound. */
	private judgeArrival(policy: AcquirePolicy, now: number): Error | undefined {
		if (this.limit <= 0) return this.exhaustedError(this.window.end);
		if (this.queue.length >= this.maxQueue) {
			return this.messages.queueFull(this.queue.length, this.window.end);
		}
		return this.refusal(policy, now, estimateStart(this.view(now), this.queue.length));
	}

	/** A waiter may wait through the burst cap; through a reset or a 429 only as far as its policy says. */
	private refusal(policy: AcquirePolicy, enqueuedAt: number, start: StartEstimate): QuotaExhaustedError | undefined {
		if (start.cause !== 'quota' && start.cause !== 'rate-limited') return undefined;
		const error = (maxWaitMs?: number) =>
			start.cause === 'quota' ? this.exhaustedError(start.at, maxWaitMs) : this.rateLimitedError(start.at, maxWaitMs);
		if (policy.onExhausted === 'fail') return error();
		if (start.at - enqueuedAt > policy.maxWaitMs) return error(policy.maxWaitMs);
		return undefined;
	}

	/** Judges every waiter again, in queue order, after something (a 429) pushed their starts back. */
	protected refuseThoseWhoCannotWait(now: number): void {
		const view = this.view(now);
		const keep: Waiter[] = [];
		for (const waiter of this.queue) {
			const refusal = this.refusal(waiter.policy, waiter.enqueuedAt, estimateStart(view, keep.length));
			if (refusal) {
				waiter.detach();
				waiter.reject(refusal);
			} else {
				keep.push(waiter);
			}
		}
		this.queue.splice(0, this.queue.length, ...keep);
	}

	/** The execution of a waiter was stopped: it leaves the queue and is never granted a slot. */
	private cancel(waiter: Waiter): void {
		const index = this.queue.indexOf(waiter);
		if (index === -1) return;
		this.queue.splice(index, 1);
		waiter.reject(new QuotaCancelledError());
		this.wake();
	}

	/** Hands the next waiter its slot; `isProbe`: the call answers a 429's back-off (see RateLimitState). */
	protected grant(now: number, isProbe = this.rate.probe === 'due'): void {
		const waiter = this.queue.shift()!;
		waiter.detach();
		this.granted++;
		const answered = this.window.take();
		if (isProbe) this.rate.probe = 'in-flight';
		let released = false;
		const release: ReleaseSlot = () => {
			if (released) return;
			released = true;
			answered();
			// A probe answered without a 429: back to normal. Judged a tick later, so a 429 reported
			// right after the release (in the same tick) still counts as the probe's answer.
			if (isProbe) {
				void Promise.resolve().then(() => {
					if (this.rate.probe !== 'in-flight') return;
					this.rate.probeAnswered();
					this.onProbeAnswered();
					this.wake();
				});
			}
		};
		this.recentStarts.push(now);
		const keep = Math.max(1, this.perSecond);
		if (this.recentStarts.length > keep) this.recentStarts.splice(0, this.recentStarts.length - keep);
		waiter.resolve(release);
	}

	/** Said after every refusal; SharedQuotaGuard explains a fallback share here. */
	protected refusalNote(): string {
		return '';
	}

	/** A probe call came back without a 429 (SharedQuotaGuard tells the other processes). */
	protected onProbeAnswered(): void {}

	protected wake(): void {
		this.restController?.abort();
	}

	/** Sleeps `ms`, or until `wake()`: then the pump looks again at once. */
	protected async rest(ms: number): Promise<void> {
		const controller = new AbortController();
		this.restController = controller;
		try {
			await this.clock.sleep(ms, controller.signal);
		} finally {
			if (this.restController === controller) this.restController = undefined;
		}
	}

	/**
	 * One loop per guard hands out slots in arrival order and is the only thing that sleeps. Before
	 * sleeping through a reset or a 429 it refuses every waiter whose policy forbids that wait; its
	 * sleep ends early when a caller leaves, a probe is answered, a 429 arrives or settings change.
	 */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				const now = this.clock.now();
				this.roll(now);
				if (this.limit <= 0) {
					const error = this.exhaustedError(this.window.end);
					this.queue.splice(0).forEach((waiter) => {
						waiter.detach();
						waiter.reject(error);
					});
					break;
				}
				const step = this.step(now);
				if ((step instanceof Promise ? await step : step) === 'stop') break;
			}
		} finally {
			this.pumping = false;
		}
	}

	/**
	 * One turn of the pump for the head of the queue: grant it now, or refuse those who cannot wait
	 * and rest until something may change. Synchronous when it grants, so a burst of local grants
	 * takes no extra ticks; SharedQuotaGuard asks the store here instead.
	 */
	protected step(now: number): 'next' | 'stop' | Promise<'next' | 'stop'> {
		const next = estimateStart(this.view(now), 0);
		if (this.rate.probe !== 'in-flight' && next.at <= now) {
			this.grant(now);
			return 'next';
		}
		return this.waitFor(now, next);
	}

	/** The head cannot start before `next`: refuse whoever may not wait that long, then rest. */
	protected waitFor(now: number, next: StartEstimate): 'stop' | Promise<'next' | 'stop'> {
		if (next.cause === 'quota' || next.cause === 'rate-limited') this.refuseThoseWhoCannotWait(now);
		if (this.queue.length === 0) return 'stop';
		if (this.rate.probe === 'in-flight') {
			return this.rest(PROBE_ANSWER_TIMEOUT_MS).then(() => {
				// No answer in time (a lost release): let the next probe go rather than stall.
				if (this.rate.probe === 'in-flight' && this.clock.now() - now >= PROBE_ANSWER_TIMEOUT_MS) {
					this.rate.probe = 'due';
				}
				return 'next' as const;
			});
		}
		return this.rest(next.at - now).then(() => 'next' as const);
	}
}
