import { sleep } from 'n8n-workflow';

/** One hour: DrChrono's quota window, and the default of the credential's Quota Window. */
export const HOUR_MS = 3_600_000;

/**
 * Time as the quota guard sees it. Injected so that tests can run an hour of quota windows in
 * milliseconds; the real one reads the wall clock and sleeps with n8n's `sleep` (timers are not
 * allowed in community nodes).
 */
export interface Clock {
	now(): number;
	/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * n8n-workflow 2.x's `sleep` takes an abort signal and clears its timer on abort; 1.x's ignores it
 * (its `sleepWithAbort` is gone in 2.x). So the sleep is raced against the signal here: on either
 * line the guard wakes the moment the signal aborts.
 */
async function sleepUntilAborted(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal === undefined) return await sleep(ms);
	if (signal.aborted) return;
	await new Promise<void>((resolve) => {
		const done = () => {
			signal.removeEventListener('abort', done);
			resolve();
		};
		signal.addEventListener('abort', done, { once: true });
		sleep(ms, signal).then(done, done);
	});
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: sleepUntilAborted,
};
