export { LuaScript, RedisHttpClient, STORE_TIMEOUT_MS, StoreFault } from './client';
export type { HttpHelper, RedisCommand, StoreFaultKind, StoreSettings } from './client';
export { QUOTA_SCRIPT, StoreWait, parseStoreAnswer, quotaKey } from './quotaScript';
export type { StoreAnswer } from './quotaScript';
export { KEY_PREFIX, StoreSeenMemory, TURN_TIMES, forgetStoreNotices, inStoreTurn, triggerMemory } from './memory';
export type { StoreUse, TurnTimes } from './memory';
