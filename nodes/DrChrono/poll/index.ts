export { COST_SUBTITLE, describeCost, pollCost } from './cost';
export type { PollCost } from './cost';
export { LOOKBACK_MS, baselineCursor, readCursor, selectChanges, sinceFor } from './cursor';
export type { CursorState } from './cursor';
export { POLL_EVENTS, POLL_EVENT_BY_VALUE } from './events';
export type { PollEvent, PollFilter } from './events';
export { pollDrChrono } from './execute';
export { pollProperties } from './properties';
