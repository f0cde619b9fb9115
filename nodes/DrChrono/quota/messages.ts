import { QuotaExhaustedError, QuotaQueueFullError, formatDuration, formatUtcTime } from './QuotaError';
import { HOUR_MS } from './clock';
import type { QuotaSettings } from './types';

/** The guard's refusals, worded for the user: what ran out, when it comes back, what was asked. */
export class QuotaMessages {
	constructor(
		private readonly settings: () => QuotaSettings,
		private readonly now: () => number,
		private readonly note: () => string = () => '',
	) {}

	/** "DrChrono hourly quota of 500 calls used up; it resets at 15:00 UTC (in 12 min)". */
	exhausted(resetsAt: number, maxWaitMs?: number): QuotaExhaustedError {
		const { quota, reserve } = this.settings();
		const kept = reserve > 0 ? ` (${reserve} kept in reserve for other systems)` : '';
		const message = `${this.quota()} used up${kept}; it resets at ${this.time(resetsAt)}`;
		return new QuotaExhaustedError(message + this.beyond(maxWaitMs), resetsAt, quota);
	}

	/** A caller held back by a 429 (Retry-After, or the back-off before a probe). */
	rateLimited(until: number, maxWaitMs?: number): QuotaExhaustedError {
		const message = `DrChrono answered 429 Too Many Requests; the next call may go at ${this.time(until)}`;
		return new QuotaExhaustedError(message + this.beyond(maxWaitMs), until, this.settings().quota);
	}

	queueFull(waiting: number, resetsAt: number): QuotaQueueFullError {
		const message = `${waiting} calls are already waiting for this DrChrono app's quota, the most that may wait at once; the ${this.quota()} resets at ${this.time(resetsAt)}`;
		return new QuotaQueueFullError(message, resetsAt, this.settings().quota, waiting);
	}

	private quota(): string {
		const { quota, windowMs } = this.settings();
		const period = windowMs === HOUR_MS ? 'hourly quota' : `quota per ${formatDuration(windowMs)} window`;
		return `DrChrono ${period} of ${quota} calls`;
	}

	private time(at: number): string {
		return `${formatUtcTime(at)} (in ${formatDuration(at - this.now())})`;
	}

	private beyond(maxWaitMs: number | undefined): string {
		const beyond = maxWaitMs === undefined ? '' : `, later than the maximum wait of ${formatDuration(maxWaitMs)}`;
		return beyond + this.note();
	}
}
