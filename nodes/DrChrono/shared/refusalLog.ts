import { sleep } from 'n8n-workflow';

/**
 * Warnings about refused requests, at most one line per source and interval.
 *
 * A trigger's URL is public: anyone can send it thousands of forged requests a minute. Each refusal
 * is worth a warning (the user should know someone is knocking), but one line per request would let
 * a stranger flood n8n's log and hide everything else in it. So the first refusal is logged at once,
 * later ones within the interval are counted, and when the interval ends one line says how many
 * were folded in (also when no later refusal comes to carry the count).
 *
 * Callers pass fixed text and numbers only: nothing a stranger sent is ever written here, so a
 * refusal cannot put arbitrary characters (control, bidi, kilobytes of junk) into n8n's log.
 */

export const REFUSAL_LOG_INTERVAL_MS = 60_000;

/** Sources remembered at most; a source past this is logged as if new (the log stays bounded either way). */
const MAX_SOURCES = 1000;

interface SourceState {
	lastLoggedAt: number;
	suppressed: number;
	/** The line the suppressed count belongs to, and where to write it when the interval ends. */
	message: string;
	logger: WarnLogger;
	/** Set while a write of the count at the end of the interval is pending. */
	flush?: AbortController;
}

export interface WarnLogger {
	warn(message: string): void;
}

/** Runs `run` after `ms` unless `signal` aborts first. */
export type Scheduler = (ms: number, signal: AbortSignal, run: () => void) => void;

/** n8n's `sleep` (nodes may not use timers directly); n8n-workflow 2.x clears its timer on abort and rejects. */
const sleepThenRun: Scheduler = (ms, signal, run) => {
	sleep(ms, signal).then(
		() => {
			if (!signal.aborted) run();
		},
		() => undefined,
	);
};

const foldedNote = (count: number) => `(and ${count} more since the previous such line, not logged one by one)`;

export class RefusalLog {
	private readonly sources = new Map<string, SourceState>();

	constructor(
		private readonly intervalMs = REFUSAL_LOG_INTERVAL_MS,
		private readonly now: () => number = () => Date.now(),
		private readonly schedule: Scheduler = sleepThenRun,
	) {}

	/** Logs `message` for `source` unless a line for it went out within the interval; then counts it. */
	warn(logger: WarnLogger, source: string, message: string): void {
		const now = this.now();
		const state = this.sources.get(source);
		if (state && now - state.lastLoggedAt < this.intervalMs) {
			state.suppressed++;
			state.message = message;
			state.logger = logger;
			if (!state.flush) this.flushAtIntervalEnd(source, state, now);
			return;
		}
		state?.flush?.abort();
		const folded = state?.suppressed ?? 0;
		logger.warn(folded > 0 ? `${message} ${foldedNote(folded)}` : message);
		this.sources.delete(source);
		this.sources.set(source, { lastLoggedAt: now, suppressed: 0, message, logger });
		if (this.sources.size > MAX_SOURCES) {
			const oldest = this.sources.keys().next().value as string;
			this.sources.get(oldest)?.flush?.abort();
			this.sources.delete(oldest);
		}
	}

	/**
	 * When the interval ends, the burst's count is written in one line, and that line opens the next
	 * interval: a flood that never stops leaves one line per interval, each with its count.
	 */
	private flushAtIntervalEnd(source: string, state: SourceState, now: number): void {
		const controller = new AbortController();
		state.flush = controller;
		this.schedule(Math.max(0, state.lastLoggedAt + this.intervalMs - now), controller.signal, () => {
			if (this.sources.get(source) !== state) return;
			state.flush = undefined;
			if (state.suppressed === 0) return;
			state.logger.warn(`${state.message} ${foldedNote(state.suppressed)}`);
			state.suppressed = 0;
			state.lastLoggedAt = this.now();
		});
	}

	/** Forgets every source and drops pending end-of-interval lines; for tests. */
	reset(): void {
		for (const state of this.sources.values()) state.flush?.abort();
		this.sources.clear();
	}
}

/** The one log the package's triggers share. */
export const refusalLog = new RefusalLog();
