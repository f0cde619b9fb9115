/**
 * Warnings about refused requests, at most one line per source and interval.
 *
 * A trigger's URL is public: anyone can send it thousands of forged requests a minute. Each refusal
 * is worth a warning (the user should know someone is knocking), but one line per request would let
 * a stranger flood n8n's log and hide everything else in it. So the first refusal is logged at once,
 * later ones within the interval are counted, and the next line logged says how many were folded in.
 */

export const REFUSAL_LOG_INTERVAL_MS = 60_000;

/** Sources remembered at most; a source past this is logged as if new (the log stays bounded either way). */
const MAX_SOURCES = 1000;

interface SourceState {
	lastLoggedAt: number;
	suppressed: number;
}

export interface WarnLogger {
	warn(message: string): void;
}

export class RefusalLog {
	private readonly sources = new Map<string, SourceState>();

	constructor(
		private readonly intervalMs = REFUSAL_LOG_INTERVAL_MS,
		private readonly now: () => number = () => Date.now(),
	) {}

	/** Logs `message` for `source` unless a line for it went out within the interval; then counts it. */
	warn(logger: WarnLogger, source: string, message: string): void {
		const now = this.now();
		const state = this.sources.get(source);
		if (state && now - state.lastLoggedAt < this.intervalMs) {
			state.suppressed++;
			return;
		}
		const folded = state?.suppressed ?? 0;
		logger.warn(folded > 0 ? `${message} (and ${folded} more since the previous such line, not logged one by one)` : message);
		this.sources.delete(source);
		this.sources.set(source, { lastLoggedAt: now, suppressed: 0 });
		if (this.sources.size > MAX_SOURCES) {
			const oldest = this.sources.keys().next().value as string;
			this.sources.delete(oldest);
		}
	}

	/** Forgets every source; for tests. */
	reset(): void {
		this.sources.clear();
	}
}

/** The one log the package's triggers share. */
export const refusalLog = new RefusalLog();
