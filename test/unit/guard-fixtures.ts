/** What the quota guard's unit tests share: the two policies, settings with overrides, one quick call. */
import type { AcquirePolicy, QuotaGuard, QuotaSettings } from '../../nodes/DrChrono/quota';
import { HOUR } from './fake-clock';

export const WAIT: AcquirePolicy = { onExhausted: 'wait', maxWaitMs: 3 * HOUR };
export const FAIL: AcquirePolicy = { onExhausted: 'fail', maxWaitMs: 0 };

/** An hourly window of 500 calls, no reserve, no burst cap, unless overridden. */
export const guardSettings = (over: Partial<QuotaSettings> = {}): QuotaSettings => ({
	quota: 500,
	reserve: 0,
	perSecond: 0,
	windowMs: HOUR,
	...over,
});

/** One call that DrChrono answers at once: take a slot and hand it back. */
export async function take(guard: QuotaGuard, policy: AcquirePolicy): Promise<void> {
	const release = await guard.acquire(policy);
	release();
}
