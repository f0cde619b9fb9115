import { HOUR_MS } from './clock';

/**
 * What DrChrono's 429s have told the guard: until when calls are held back, and whether one probe
 * call must be answered before the others may go.
 */

/**
 * n8n's clock and DrChrono's differ by seconds: a 429 without Retry-After in the first minute of an
 * hour is most likely DrChrono still counting the previous hour, not a spent window. A minute is
 * far more than NTP-synced clocks drift, and short enough that a truly spent window is not probed
 * for long.
 */
export const CLOCK_SKEW_GRACE_MS = 60_000;
/** The first back-off after such a 429; it doubles for each probe DrChrono answers with 429 again. */
export const PROBE_BACKOFF_MS = 5_000;

export type ProbeState = 'none' | 'due' | 'in-flight';

export class RateLimitState {
	/** A 429 holds every call back until this time. */
	blockedUntil = 0;
	/** What set `blockedUntil`: DrChrono's Retry-After, a clock-skew back-off, or a spent window. */
	cause: 'retry-after' | 'backoff' | 'window' = 'window';
	/** `due`: the next call granted is the probe; `in-flight`: nobody else starts until it is answered. */
	probe: ProbeState = 'none';
	private backoffMs = 0;

	/**
	 * Records a 429 at `now`. Returns `true` when it means the window is spent (no Retry-After, and
	 * too late in the window for clock skew): the caller then counts the window as used up.
	 */
	report(now: number, windowStart: number, windowEnd: number, retryAfterMs: number | undefined): boolean {
		// Shorter windows (a sandbox's scaled "hour") shrink the grace and the back-off alike.
		const scale = Math.min(1, (windowEnd - windowStart) / HOUR_MS);
		if (retryAfterMs !== undefined) {
			this.block(now, now + Math.max(0, retryAfterMs), 'retry-after');
			return false;
		}
		if (now - windowStart < CLOCK_SKEW_GRACE_MS * scale) {
			// Only a probe's own 429 lengthens the back-off; the 429s of calls sent with it do not.
			if (this.probe === 'in-flight') this.backoffMs *= 2;
			else if (this.probe === 'none') this.backoffMs = PROBE_BACKOFF_MS * scale;
			this.probe = 'due';
			this.block(now, now + this.backoffMs, 'backoff');
			return false;
		}
		this.probe = 'none';
		this.block(now, windowEnd, 'window');
		return true;
	}

	/** The probe was answered without a 429: calls flow again. */
	probeAnswered(): void {
		this.probe = 'none';
		this.backoffMs = 0;
	}

	/** A longer hold always wins; a shorter one only replaces a hold that is over. */
	private block(now: number, until: number, cause: RateLimitState['cause']): void {
		if (until >= this.blockedUntil || this.blockedUntil <= now) {
			this.blockedUntil = Math.max(this.blockedUntil, until);
			this.cause = cause;
		}
	}
}
