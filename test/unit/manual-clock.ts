import type { Clock } from '../../nodes/DrChrono/quota';

interface Sleeper {
	until: number;
	resolve: () => void;
}

/** Lets every promise chain that can run at the current time run. */
export async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Virtual time that only moves when a test says so, so a caller can arrive while the guard sleeps
 * towards a reset, as in production. (FakeClock jumps ahead the moment anything sleeps.)
 */
export class ManualClock implements Clock {
	private sleepers: Sleeper[] = [];

	constructor(public time: number) {}

	now(): number {
		return this.time;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return;
		await new Promise<void>((resolve) => {
			const sleeper: Sleeper = { until: this.time + ms, resolve };
			this.sleepers.push(sleeper);
			signal?.addEventListener(
				'abort',
				() => {
					this.sleepers = this.sleepers.filter((s) => s !== sleeper);
					resolve();
				},
				{ once: true },
			);
		});
	}

	/** How many sleeps are pending (the guard's pump sleeps at most once at a time). */
	get sleeping(): number {
		return this.sleepers.length;
	}

	/** Moves time forward by `ms`, waking each sleeper at its own due time, in order. */
	async advance(ms: number): Promise<void> {
		const target = this.time + ms;
		for (;;) {
			await settle();
			const due = this.sleepers.filter((s) => s.until <= target).sort((a, b) => a.until - b.until)[0];
			if (!due) break;
			this.sleepers = this.sleepers.filter((s) => s !== due);
			this.time = Math.max(this.time, due.until);
			due.resolve();
		}
		this.time = target;
		await settle();
	}
}

/** The state of a promise after everything that can run now has run. */
export async function stateOf(promise: Promise<unknown>): Promise<'pending' | 'fulfilled' | 'rejected'> {
	let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
	promise.then(
		() => (state = 'fulfilled'),
		() => (state = 'rejected'),
	);
	await settle();
	return state;
}
