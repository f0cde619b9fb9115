export type { Clock } from './clock';
export { systemClock } from './clock';
export {
	QuotaCancelledError,
	QuotaExhaustedError,
	QuotaQueueFullError,
	formatDuration,
	formatUtcTime,
} from './QuotaError';
export type { AcquirePolicy, QuotaSettings, QuotaSnapshot, QuotaState, ReleaseSlot } from './types';
export { CLOCK_SKEW_GRACE_MS, MIN_QUEUE_BOUND, PROBE_BACKOFF_MS, QuotaGuard } from './QuotaGuard';
export { findQuotaGuard, getQuotaGuard, resetQuotaGuards } from './registry';
