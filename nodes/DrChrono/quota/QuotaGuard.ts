import type { Clock } from './clock';
import { QuotaExhaustedError, formatDuration, formatUtcTime } from './QuotaError';

const HOUR_MS = 3_600_000;

export interface QuotaSettings {
	/** The app's DrChrono quota per window (500 by default). */
	quota: number;
	/** Calls per window left unused for other systems that share the app. */
	reserve: number;
	/** Burst cap: at most this many calls start in any one second (0 = no cap). */
	perSecond: number;
	/** Window length; DrChrono's is one hour, aligned to the top of the hour. */
	windowMs: number;
}

export interface AcquirePolicy {
	/** `wait` queues until a slot frees up (at most `maxWaitMs`); `fail` refuses to wait for a reset. */
	onExhausted: 'wait' | 'fail';
	maxWaitMs: number;
}

export interface QuotaSnapshot {
	quota: number;
	limit: number;
	used: number;
	remaining: number;
	windowStart: number;
	resetsAt: number;
	blockedUntil: number;
	queued: number;
	granted: number;
	rateLimited: number;
}

/** Hands a slot back once DrChrono has answered the call it was for. */
export type ReleaseSlot = () => void;

interface Waiter {
	policy: AcquirePolicy;
	enqueuedAt: number;
	resolve: (release: ReleaseSlot) => void;
	reject: (error: Error) => void;
}

/**
 * The budget of one DrChrono API application in this process: a fixed window aligned to the top of
 * the hour, a burst cap per second, and a first-come-first-served queue. No call starts without a
 * slot, so concurrent executions that share an app can never exceed its quota between them; a 429
 * from DrChrono (another system may use the same app) marks the window spent whatever the count says.
 */
export class QuotaGuard {
	private settings: QuotaSettings;
	private windowStart = 0;
	private used = 0;
	private blockedUntil = 0;
	private recentStarts: number[] = [];
	private readonly queue: Waiter[] = [];
	private pumping = false;
	private granted = 0;
	private rateLimited = 0;
	/** Calls still awaiting DrChrono's answer, by the window they were granted in. */
	private readonly inFlight = new Map<number, number>();

	constructor(
		settings: QuotaSettings,
		private readonly clock: Clock,
	) {
		this.settings = { ...settings };
		this.roll(clock.now());
	}

	/** Settings come from the credential on every call, so edits take effect without a restart. */
	configure(settings: QuotaSettings): void {
		const windowChanged = settings.windowMs !== this.settings.windowMs;
		this.settings = { ...settings };
		if (windowChanged) this.windowStart = -1;
	}

	get limit(): number {
		return Math.max(0, this.settings.quota - this.settings.reserve);
	}

	/**
	 * Resolves when the caller may send one request, with the function to call once DrChrono has
	 * answered it; rejects with a QuotaExhaustedError otherwise.
	 */
	async acquire(policy: AcquirePolicy): Promise<ReleaseSlot> {
		return await new Promise<ReleaseSlot>((resolve, reject) => {
			this.queue.push({ policy, enqueuedAt: this.clock.now(), resolve, reject });
			void this.pump();
		});
	}

	/** DrChrono answered 429: the window is spent until its end, or for Retry-After when sent. */
	reportRateLimited(retryAfterMs?: number): void {
		const now = this.clock.now();
		this.roll(now);
		this.rateLimited++;
		if (retryAfterMs !== undefined && retryAfterMs > 0) {
			this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterMs);
		} else {
			this.used = Math.max(this.used, this.limit);
			this.blockedUntil = Math.max(this.blockedUntil, this.windowStart + this.settings.windowMs);
		}
	}

	snapshot(): QuotaSnapshot {
		const now = this.clock.now();
		this.roll(now);
		const limit = this.limit;
		return {
			quota: this.settings.quota,
			limit,
			used: this.used,
			remaining: Math.max(0, limit - this.used),
			windowStart: this.windowStart,
			resetsAt: this.windowStart + this.settings.windowMs,
			blockedUntil: this.blockedUntil,
			queued: this.queue.length,
			granted: this.granted,
			rateLimited: this.rateLimited,
		};
	}

	/** The error a caller sees when the budget is gone; also used for a 429 under the Fail policy. */
	exhaustedError(resetsAt: number, maxWaitMs?: number): QuotaExhaustedError {
		const now = this.clock.now();
		const { quota, reserve, windowMs } = this.settings;
		const period = windowMs === HOUR_MS ? 'hourly quota' : `quota per ${formatDuration(windowMs)} window`;
		const kept = reserve > 0 ? ` (${reserve} kept in reserve for other systems)` : '';
		let message = `DrChrono ${period} of ${quota} calls used up${kept}; it resets at ${formatUtcTime(resetsAt)} (in ${formatDuration(resetsAt - now)})`;
		if (maxWaitMs !== undefined) {
			message += `, later than the maximum wait of ${formatDuration(maxWaitMs)}`;
		}
		return new QuotaExhaustedError(message, resetsAt, quota);
	}

	/**
	 * Moves to the window `now` falls in. DrChrono counts a call when it arrives, the guard when it
	 * grants the slot: a call granted just before the top of the hour may arrive just after it. So
	 * calls of the previous window that are still unanswered count in the new window too.
	 */
	private roll(now: number): void {
		const start = Math.floor(now / this.settings.windowMs) * this.settings.windowMs;
		if (start !== this.windowStart) {
			const previous = this.windowStart;
			const carried = start === previous + this.settings.windowMs ? (this.inFlight.get(previous) ?? 0) : 0;
			for (const window of [...this.inFlight.keys()]) if (window < previous) this.inFlight.delete(window);
			this.windowStart = start;
			this.used = carried;
		}
	}

	/** The earliest time the next call may start, and whether that time is a quota reset. */
	private nextStart(now: number): { at: number; reset: boolean } {
		const limit = this.limit;
		let at = now;
		let reset = false;
		if (this.blockedUntil > now) {
			at = this.blockedUntil;
			reset = true;
		}
		if (this.used >= limit) {
			const nextWindow = this.windowStart + this.settings.windowMs;
			if (nextWindow > at) at = nextWindow;
			reset = true;
		}
		const { perSecond } = this.settings;
		if (perSecond > 0 && this.recentStarts.length >= perSecond) {
			const burstFree = this.recentStarts[this.recentStarts.length - perSecond] + 1000;
			if (burstFree > at) at = burstFree;
		}
		return { at, reset };
	}

	private grant(now: number): void {
		const waiter = this.queue.shift()!;
		this.used++;
		this.granted++;
		const window = this.windowStart;
		this.inFlight.set(window, (this.inFlight.get(window) ?? 0) + 1);
		let released = false;
		const release: ReleaseSlot = () => {
			if (released) return;
			released = true;
			const left = (this.inFlight.get(window) ?? 1) - 1;
			if (left > 0) this.inFlight.set(window, left);
			else this.inFlight.delete(window);
		};
		this.recentStarts.push(now);
		const keep = Math.max(1, this.settings.perSecond);
		if (this.recentStarts.length > keep) this.recentStarts.splice(0, this.recentStarts.length - keep);
		waiter.resolve(release);
	}

	/**
	 * One loop per guard hands out slots in arrival order and is the only thing that sleeps. Before
	 * sleeping through a reset it rejects every waiter whose policy forbids that wait, so nobody waits
	 * longer than asked and nothing waits behind someone who will give up.
	 */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				const now = this.clock.now();
				this.roll(now);
				if (this.limit <= 0) {
					this.rejectAll(this.exhaustedError(this.windowStart + this.settings.windowMs));
					break;
				}
				const next = this.nextStart(now);
				if (next.at <= now) {
					this.grant(now);
					continue;
				}
				if (next.reset) this.rejectThoseWhoCannotWait(next.at);
				if (this.queue.length === 0) break;
				await this.clock.sleep(next.at - now);
			}
		} finally {
			this.pumping = false;
		}
	}

	private rejectThoseWhoCannotWait(resetAt: number): void {
		const limit = this.limit;
		const keep: Waiter[] = [];
		this.queue.forEach((waiter) => {
			// Waiters behind the first `limit` ones need further windows after this reset.
			const position = keep.length;
			const startAt = resetAt + Math.floor(position / limit) * this.settings.windowMs;
			if (waiter.policy.onExhausted === 'fail') {
				waiter.reject(this.exhaustedError(resetAt));
			} else if (startAt - waiter.enqueuedAt > waiter.policy.maxWaitMs) {
				waiter.reject(this.exhaustedError(startAt, waiter.policy.maxWaitMs));
			} else {
				keep.push(waiter);
			}
		});
		this.queue.splice(0, this.queue.length, ...keep);
	}

	private rejectAll(error: Error): void {
		this.queue.splice(0).forEach((waiter) => waiter.reject(error));
	}
}
