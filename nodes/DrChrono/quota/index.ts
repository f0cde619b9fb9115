export type { Clock } from './clock';
export { systemClock } from './clock';
export { QuotaCancelledError, QuotaExhaustedError, QuotaQueueFullError, formatDuration } from './QuotaError';
export type { AcquirePolicy, QuotaSettings, QuotaSnapshot, ReleaseSlot } from './types';
export { QuotaGuard } from './QuotaGuard';
export { PROBE_BACKOFF_MS } from './rateLimit';
export { findQuotaGuard, getQuotaGuard, resetQuotaGuards } from './registry';
export { DEFAULT_MAX_WAIT_MINUTES, DEFAULT_WAIT_POLICY, NO_WAIT_POLICY } from './policies';
