import { sleep } from 'n8n-workflow';

/**
 * Time as the quota guard sees it. Injected so that tests can run an hour of quota windows in
 * milliseconds; the real one reads the wall clock and sleeps with n8n's `sleep` (timers are not
 * allowed in community nodes).
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms: number) => await sleep(ms),
};
