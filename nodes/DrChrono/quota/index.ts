export type { Clock } from './clock';
export { systemClock } from './clock';
export { QuotaExhaustedError, formatDuration, formatUtcTime } from './QuotaError';
export type { AcquirePolicy, QuotaSettings, QuotaSnapshot, ReleaseSlot } from './QuotaGuard';
export { QuotaGuard } from './QuotaGuard';
export { findQuotaGuard, getQuotaGuard, resetQuotaGuards } from './registry';
