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
export { MIN_QUEUE_BOUND, QuotaGuard } from './QuotaGuard';
export { FALLBACK_NOTICE_MS, STORE_RETRY_MS, SharedQuotaGuard } from './SharedQuotaGuard';
export type { QuotaSharing, SharingStatus, StoreAccess } from './SharedQuotaGuard';
export { CLOCK_SKEW_GRACE_MS, PROBE_BACKOFF_MS } from './rateLimit';
export { findQuotaGuard, getQuotaGuard, resetQuotaGuards } from './registry';
export { DEFAULT_SHARING_PROCESSES, quotaSharingFromCredentials, storeAccess } from './sharing';
export { DEFAULT_MAX_WAIT_MINUTES, DEFAULT_WAIT_POLICY, NO_WAIT_POLICY } from './policies';
