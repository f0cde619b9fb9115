export { COST_SUBTITLE, pollCost } from './cost';
export { POLL_EVENTS } from './events';
export { pollDrChrono } from './execute';
export { pollProperties } from './properties';
