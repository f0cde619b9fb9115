import type { Clock } from '../../nodes/DrChrono/quota';

/**
 * Virtual time for the quota guard: sleeping advances the clock at once, so an hour of quota
 * windows runs in milliseconds. The guard's pump is the only sleeper, which keeps this exact.
 */
export class FakeClock implements Clock {
	slept = 0;

	constructor(public time: number) {}

	now(): number {
		return this.time;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		// Let the callers that were just granted a slot run at the current time first.
		await new Promise((resolve) => setImmediate(resolve));
		// Woken early (a caller left, a probe was answered): no time has passed.
		if (signal?.aborted) return;
		this.time += ms;
		this.slept += ms;
	}
}

/** 2026-11-28 14:48:00 UTC: twelve minutes before a top of the hour. */
export const T0 = Date.UTC(2026, 10, 28, 14, 48, 0);
export const HOUR = 3_600_000;
