import type { AcquirePolicy } from './types';

/** Max Wait when the node's options do not set one. */
export const DEFAULT_MAX_WAIT_MINUTES = 60;

/** What a call does without a node option saying otherwise: wait for quota, up to an hour. */
export const DEFAULT_WAIT_POLICY: AcquirePolicy = { onExhausted: 'wait', maxWaitMs: DEFAULT_MAX_WAIT_MINUTES * 60_000 };

/**
 * For calls someone is waiting on right now and that must never stall: editor look-ups (a dropdown
 * that hangs for an hour helps nobody) and the trigger's Fetch Current Object (DrChrono waits for the
 * webhook's answer and retries anything slow). No slot now means a refusal at once.
 */
export const NO_WAIT_POLICY: AcquirePolicy = { onExhausted: 'fail', maxWaitMs: 0 };
