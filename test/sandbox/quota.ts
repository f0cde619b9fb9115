/**
 * DrChrono's hourly quota: per API application, a fixed window that resets "at the top of each
 * hour" (windows aligned to multiples of hourMs since the epoch), 500 calls by default.
 */
import type { QuotaState, SandboxClock } from './types';

interface Window {
	start: number;
	used: number;
}

export class QuotaTracker {
	private readonly windows = new Map<string, Window>();

	constructor(
		private readonly clock: SandboxClock,
		private readonly hourMs: number,
		private readonly limitOf: (clientId: string) => number,
	) {}

	private window(clientId: string): Window {
		const start = Math.floor(this.clock.now() / this.hourMs) * this.hourMs;
		let w = this.windows.get(clientId);
		if (!w || w.start !== start) {
			w = { start, used: 0 };
			this.windows.set(clientId, w);
		}
		return w;
	}

	/** Counts one call; false when the window is already spent (answer 429, not counted). */
	take(clientId: string): boolean {
		const w = this.window(clientId);
		if (w.used >= this.limitOf(clientId)) return false;
		w.used++;
		return true;
	}

	/** Marks the current window spent (a 429 told us so, or a fault asks for it). */
	exhaust(clientId: string): void {
		const w = this.window(clientId);
		w.used = Math.max(w.used, this.limitOf(clientId));
	}

	/** Whole seconds until the next window, at least 1 (for Retry-After). */
	secondsToReset(clientId: string): number {
		const w = this.window(clientId);
		return Math.max(1, Math.ceil((w.start + this.hourMs - this.clock.now()) / 1000));
	}

	resetWindow(clientId?: string): void {
		if (clientId) this.windows.delete(clientId);
		else this.windows.clear();
	}

	state(clientId: string): QuotaState {
		const w = this.window(clientId);
		return { limit: this.limitOf(clientId), used: w.used, windowStart: w.start, resetsAt: w.start + this.hourMs };
	}
}
