/**
 * Raised when no quota slot can be had in time. The transport turns it into a NodeOperationError;
 * it is a plain class here so the guard has no dependency on a node context.
 */
export class QuotaExhaustedError extends Error {
	constructor(
		message: string,
		readonly resetsAt: number,
		readonly limit: number,
	) {
		super(message);
		this.name = 'QuotaExhaustedError';
	}
}

/**
 * Raised when too many callers already wait for one app's quota. It is a QuotaExhaustedError too, so
 * callers that handle "no slot in time" handle this the same way.
 */
export class QuotaQueueFullError extends QuotaExhaustedError {
	constructor(
		message: string,
		resetsAt: number,
		limit: number,
		readonly waiting: number,
	) {
		super(message, resetsAt, limit);
		this.name = 'QuotaQueueFullError';
	}
}

/**
 * Raised for a caller whose execution was stopped (n8n's Stop, a workflow timeout) before it got a
 * slot: it has left the queue and nothing was sent for it.
 */
export class QuotaCancelledError extends Error {
	constructor() {
		super('The execution was stopped while this call waited for DrChrono quota; nothing was sent for it');
		this.name = 'QuotaCancelledError';
	}
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "15:00 UTC" for a reset on the hour, "15:04:30 UTC" otherwise (scaled windows, Retry-After). */
export function formatUtcTime(ms: number): string {
	const d = new Date(ms);
	const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
	return d.getUTCSeconds() === 0 ? `${hm} UTC` : `${hm}:${pad(d.getUTCSeconds())} UTC`;
}

/** "12 min", "45 s", "1 h 5 min": how long until the reset, rounded up. */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.ceil(ms / 1000));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
