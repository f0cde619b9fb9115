import type { AcquirePolicy } from '../quota';

/** Look-ups in the editor never wait for quota: a dropdown that hangs for an hour helps nobody. */
export const LOOKUP_POLICY: AcquirePolicy = { onExhausted: 'fail', maxWaitMs: 0 };
