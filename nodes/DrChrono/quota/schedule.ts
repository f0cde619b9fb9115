/**
 * When could a caller start? Pure arithmetic over the guard's state, so the guard can judge every
 * caller against its policy the moment it arrives, and again whenever a 429 changes the picture.
 */

/** The part of the guard's state that decides start times. */
export interface ScheduleView {
	now: number;
	windowStart: number;
	windowMs: number;
	/** Calls counted in the current window. */
	used: number;
	/** Calls allowed per window (quota minus reserve); more than 0. */
	limit: number;
	/** A 429 holds every call back until this time. */
	blockedUntil: number;
	/** Whether that hold is the window's reset (a 429 late in the window) rather than a pause. */
	blockedToReset: boolean;
	/** A 429 early in the window asked for one probe call: nobody else starts before it is answered. */
	probe: 'none' | 'due' | 'in-flight';
	perSecond: number;
	/** Start times of the most recent calls, oldest first (at least `perSecond` of them are kept). */
	recentStarts: number[];
}

/**
 * Why a start lies in the future: `quota` a window reset, `rate-limited` a 429 (Retry-After, back-off
 * or a probe still unanswered), `burst` the per-second cap only (a second or so).
 */
export type WaitCause = 'none' | 'burst' | 'quota' | 'rate-limited';

export interface StartEstimate {
	at: number;
	cause: WaitCause;
}

/**
 * The earliest start of the caller at `position` in the queue (0 = next). Exact for the next caller;
 * for the ones behind it the burst spacing is estimated at one second per `perSecond` callers and a
 * later window is assumed to be empty (calls in flight across the reset may take a slot or two).
 */
export function estimateStart(view: ScheduleView, position: number): StartEstimate {
	const { now, windowMs, limit, perSecond } = view;
	let at = now;
	let cause: WaitCause = 'none';
	if (view.blockedUntil > now) {
		at = view.blockedUntil;
		cause = view.blockedToReset ? 'quota' : 'rate-limited';
	}
	if (view.probe !== 'none') cause = 'rate-limited';

	// The window `at` falls in, and the calls already counted in it.
	let windowStart = view.windowStart;
	let used = view.used;
	if (at >= windowStart + windowMs) {
		windowStart = Math.floor(at / windowMs) * windowMs;
		used = 0;
	}
	const free = Math.max(0, limit - used);
	if (position >= free) {
		const laterWindows = Math.floor((position - free) / limit);
		return { at: Math.max(at, windowStart + windowMs * (laterWindows + 1)), cause: 'quota' };
	}

	if (perSecond > 0) {
		const starts = view.recentStarts;
		let burstAt = at;
		if (starts.length >= perSecond) burstAt = Math.max(burstAt, starts[starts.length - perSecond] + 1000);
		burstAt += Math.floor(position / perSecond) * 1000;
		if (burstAt > at) {
			at = burstAt;
			if (cause === 'none') cause = 'burst';
		}
	}
	return { at, cause };
}
