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
	/**
	 * `wait` queues until a slot frees up (at most `maxWaitMs`); `fail` refuses any wait for a reset,
	 * a back-off or a Retry-After (a wait of a second or so for the burst cap is not refused).
	 */
	onExhausted: 'wait' | 'fail';
	maxWaitMs: number;
	/**
	 * n8n's execution cancel signal (`this.getExecutionCancelSignal()`: Stop, workflow timeout). When
	 * it aborts, a waiting caller leaves the queue at once and `acquire` rejects with a
	 * QuotaCancelledError; an already-aborted signal is refused before it takes a slot.
	 */
	signal?: AbortSignal;
}

/**
 * What the guard is doing, for the Quota > Get Status operation and the README:
 * - `normal`: calls start at once;
 * - `burst-spaced`: the per-second cap is reached, the next call starts within a second;
 * - `exhausted`: the window's calls are used (or a 429 late in the window said so) until the reset;
 * - `backoff-probe`: a 429 came early in the window (clocks differ): after a short back-off one probe
 *   call goes out and the others wait for its answer;
 * - `retry-after`: DrChrono's Retry-After holds every call until the time it named.
 */
export type QuotaState = 'normal' | 'burst-spaced' | 'exhausted' | 'backoff-probe' | 'retry-after';

export interface QuotaSnapshot {
	/** When the snapshot was taken, on the guard's clock. */
	at: number;
	quota: number;
	reserve: number;
	perSecond: number;
	limit: number;
	used: number;
	remaining: number;
	windowStart: number;
	resetsAt: number;
	/** Until when a 429 holds calls back (0 or a past time when nothing does). */
	blockedUntil: number;
	queued: number;
	/** The most callers that may wait at once (see QuotaGuard.maxQueue). */
	maxQueue: number;
	state: QuotaState;
	granted: number;
	rateLimited: number;
}

/** Hands a slot back once DrChrono has answered the call it was for. */
export type ReleaseSlot = () => void;
