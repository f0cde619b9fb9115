import { createHash } from 'node:crypto';

import { LuaScript, StoreFault } from './client';

/**
 * The one script that grants DrChrono calls for every n8n process of an installation. Redis runs a
 * script atomically and the script reads Redis's own clock (TIME), so neither races between
 * processes nor differences between their clocks matter.
 *
 * Keys, all under one hash tag so a cluster keeps them on one node: `<base>:w:<windowStart>` the
 * calls granted in a window (the window aligned like DrChrono's, to the top of the hour),
 * `<base>:s` the start times of the latest grants (per-second spacing), `<base>:h` the 429 hold
 * (until, cause, probe, back-off), `<base>:f:<windowStart>:<process>` a fallback report already added.
 * Every key expires on its own (two windows at most).
 *
 * ARGV: 1 mode (`take`, `429`, `probe-ok`, `status`), 2 limit (quota − reserve), 3 calls per
 * second (0 = no spacing), 4 window ms, 5 Retry-After ms (-1 = none; `429` only), 6 whether the 429
 * answered this process's probe (1/0), 7 calls this process made on its own while the store was
 * unreachable, in the current window (`take` only), 8 the process's id (for that report).
 *
 * Answer, integers: 1 granted (1/0), 2 when (the start granted, or when to ask again; Redis ms),
 * 3 why (0 granted, 1 burst spacing, 2 window spent, 3 429 hold, 4 another process's probe in
 * flight, 5 Retry-After hold), 4 Redis's now, 5 calls counted in the window, 6 window start,
 * 7 whether the grant is the probe after a 429 (1/0).
 */
export const QUOTA_SCRIPT = new LuaScript(`
local base = KEYS[1]
local mode = ARGV[1]
local limit = tonumber(ARGV[2])
local perSecond = tonumber(ARGV[3])
local windowMs = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ws = now - (now % windowMs)
local we = ws + windowMs
local keep = windowMs * 2
local countKey = base .. ':w:' .. ws
local holdKey = base .. ':h'
local count = tonumber(redis.call('GET', countKey) or '0')
local h = redis.call('HMGET', holdKey, 'until', 'cause', 'probe', 'probeUntil', 'backoff')
local blockedUntil = tonumber(h[1] or '0')
local cause = h[2] or 'window'
local probe = h[3] or 'none'
local probeUntil = tonumber(h[4] or '0')
local backoff = tonumber(h[5] or '0')
local scale = math.min(1, windowMs / 3600000)

local function saveHold()
  redis.call('HSET', holdKey, 'until', blockedUntil, 'cause', cause, 'probe', probe, 'probeUntil', probeUntil, 'backoff', backoff)
  redis.call('PEXPIRE', holdKey, keep)
end

local function block(untilMs, why)
  if untilMs >= blockedUntil or blockedUntil <= now then
    blockedUntil = math.max(blockedUntil, untilMs)
    cause = why
  end
end

local function holdAnswer()
  if blockedUntil > now then
    local why = 3
    if cause == 'window' then why = 2 elseif cause == 'retry-after' then why = 5 end
    return {0, blockedUntil, why, now, count, ws, 0}
  end
  -- A probe is out and unanswered: the others ask again shortly (or take over when it is lost).
  if probe == 'in-flight' and probeUntil > now then
    return {0, math.min(probeUntil, now + math.max(50, math.floor(1000 * scale))), 4, now, count, ws, 0}
  end
  return nil
end

if mode == '429' then
  local retryAfter = tonumber(ARGV[5])
  local ownProbe = ARGV[6] == '1'
  if retryAfter >= 0 then
    block(now + retryAfter, 'retry-after')
  elseif now - ws < 60000 * scale then
    -- Early in the window: clocks differ by seconds. Back off, then one probe call.
    if probe == 'in-flight' and ownProbe then backoff = backoff * 2
    elseif probe == 'none' or backoff <= 0 then backoff = 5000 * scale end
    probe = 'due'
    block(now + backoff, 'backoff')
  else
    probe = 'none'
    block(we, 'window')
    if count < limit then
      redis.call('SET', countKey, limit, 'PX', keep)
      count = limit
    end
  end
  saveHold()
  return {0, math.max(blockedUntil, now), 3, now, count, ws, 0}
end

if mode == 'probe-ok' then
  if probe == 'in-flight' then
    probe = 'none'
    backoff = 0
    saveHold()
  end
  return {0, now, 0, now, count, ws, 0}
end

local held = holdAnswer()
if mode == 'status' then
  if held then return held end
  if count >= limit then return {0, we, 2, now, count, ws, 0} end
  return {1, now, 0, now, count, ws, 0}
end

-- take: first add what this process granted itself while the store was away (once per window).
local fallbackUsed = tonumber(ARGV[7] or '0')
if fallbackUsed > 0 then
  if redis.call('SET', base .. ':f:' .. ws .. ':' .. ARGV[8], fallbackUsed, 'NX', 'PX', keep) then
    count = redis.call('INCRBY', countKey, fallbackUsed)
    redis.call('PEXPIRE', countKey, keep)
  end
end
if held then return held end
if count >= limit then return {0, we, 2, now, count, ws, 0} end

local at = now
local startsKey = base .. ':s'
if perSecond > 0 then
  local starts = redis.call('LRANGE', startsKey, 0, -1)
  local n = #starts
  if n >= perSecond then
    local sorted = {}
    for i = 1, n do sorted[i] = tonumber(starts[i]) end
    table.sort(sorted)
    at = math.max(now, sorted[n - perSecond + 1] + 1000)
  end
end
-- A start that falls in the next window is asked for again then, so it counts there.
if at >= we then return {0, we, 1, now, count, ws, 0} end

count = redis.call('INCR', countKey)
redis.call('PEXPIRE', countKey, keep)
if perSecond > 0 then
  redis.call('RPUSH', startsKey, at)
  redis.call('LTRIM', startsKey, -perSecond, -1)
  redis.call('PEXPIRE', startsKey, 2000 + (at - now))
end
-- DrChrono counts a call when it arrives: one started in the window's last second (a twentieth of a
-- shorter window) may arrive in the next window, so it counts there too.
if at >= we - math.min(1000, math.floor(windowMs / 20)) then
  local nextKey = base .. ':w:' .. we
  redis.call('INCR', nextKey)
  redis.call('PEXPIRE', nextKey, keep + windowMs)
end
local isProbe = 0
if probe == 'due' or (probe == 'in-flight' and probeUntil <= now) then
  probe = 'in-flight'
  probeUntil = now + math.max(1000, math.floor(60000 * scale))
  isProbe = 1
  saveHold()
end
return {1, at, 0, now, count, ws, isProbe}
`);

/** Why the store did not grant a call now (the script's third answer). */
export const StoreWait = { None: 0, Burst: 1, Window: 2, Hold: 3, ProbeElsewhere: 4, RetryAfter: 5 } as const;
export type StoreWait = (typeof StoreWait)[keyof typeof StoreWait];

/** The script's answer, named. Times are Redis's (ms since the epoch). */
export interface StoreAnswer {
	granted: boolean;
	at: number;
	why: StoreWait;
	now: number;
	used: number;
	windowStart: number;
	probe: boolean;
}

export function parseStoreAnswer(result: unknown): StoreAnswer {
	if (!Array.isArray(result) || result.length < 7 || result.some((n) => typeof n !== 'number' && typeof n !== 'string')) {
		throw new StoreFault('refused', 'The quota store answered the quota script with something unexpected');
	}
	const [granted, at, why, now, used, windowStart, probe] = result.map(Number);
	return { granted: granted === 1, at, why: why as StoreWait, now, used, windowStart, probe: probe === 1 };
}

/**
 * The key prefix of one DrChrono app. The app key (API URL and Client ID) is hashed: Client IDs
 * are not secret, but keys stay short and uniform, and the braces make it one cluster hash slot.
 */
export function quotaKey(appKey: string): string {
	return `drchrono:quota:{${createHash('sha256').update(appKey).digest('hex').slice(0, 32)}}`;
}
