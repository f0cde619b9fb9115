/**
 * The calls counted in the current quota window. DrChrono counts a call when it arrives, the guard
 * when it grants the slot: a call granted just before the top of the hour may arrive just after it.
 * So calls of the previous window that are still unanswered count in the new window too.
 */
export class WindowCount {
	start = 0;
	used = 0;
	/** Calls still awaiting DrChrono's answer, by the window they were granted in. */
	private readonly inFlight = new Map<number, number>();

	constructor(
		now: number,
		private windowMs: number,
	) {
		this.roll(now);
	}

	get end(): number {
		return this.start + this.windowMs;
	}

	/** Moves to the window `now` falls in (never back: a clock that jumps back does not lower the count). */
	roll(now: number): void {
		const start = Math.floor(now / this.windowMs) * this.windowMs;
		if (start <= this.start) return;
		const previous = this.start;
		const carried = start === previous + this.windowMs ? (this.inFlight.get(previous) ?? 0) : 0;
		for (const window of [...this.inFlight.keys()]) if (window < previous) this.inFlight.delete(window);
		this.start = start;
		this.used = carried;
	}

	/**
	 * A credential with another window length re-aligns the window at `now` and keeps the count: a
	 * setting never lowers the count of calls already made, only time does. Calls in flight count in
	 * the re-aligned window, whatever window they were granted in.
	 */
	realign(now: number, windowMs: number): void {
		if (windowMs === this.windowMs) return;
		this.windowMs = windowMs;
		this.start = Math.floor(now / windowMs) * windowMs;
		const inFlight = [...this.inFlight.values()].reduce((sum, n) => sum + n, 0);
		this.inFlight.clear();
		if (inFlight > 0) this.inFlight.set(this.start, inFlight);
	}

	/** Counts one call; returns the function that marks it answered (idempotent). */
	take(): () => void {
		this.used++;
		const window = this.start;
		this.inFlight.set(window, (this.inFlight.get(window) ?? 0) + 1);
		let answered = false;
		return () => {
			if (answered) return;
			answered = true;
			const left = (this.inFlight.get(window) ?? 1) - 1;
			if (left > 0) this.inFlight.set(window, left);
			else this.inFlight.delete(window);
		};
	}
}
