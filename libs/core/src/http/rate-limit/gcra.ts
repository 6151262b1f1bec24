/**
 * GCRA (generic cell rate algorithm) over Redis keys: a key holds the "theoretical arrival time"
 * (µs, Redis clock) at which its budget is full again, and expires exactly then. Scripts run
 * atomically across every API instance, one round trip each.
 *
 * `gcra(key, interval, quota, peek)` takes one call of a budget — or with `peek` only asks whether
 * one more would pass, spending nothing — and returns {allowed, remaining, retryAfterUs, resetUs},
 * resetUs being the time until the budget is full again.
 */
const GCRA_FUNCTION = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function gcra(key, interval, quota, peek)
  local tau = interval * quota
  local tat = tonumber(redis.call('GET', key) or '0') or 0
  if tat < now then tat = now end
  local nextTat = tat + interval
  if nextTat - now > tau then
    return {0, 0, nextTat - tau - now, tat - now}
  end
  if peek then
    return {1, math.floor((tau - (nextTat - now)) / interval) + 1, 0, tat - now}
  end
  redis.call('SET', key, string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000))
  return {1, math.floor((tau - (nextTat - now)) / interval), 0, nextTat - now}
end`;

/**
 * One budget. KEYS[1] the budget's key; ARGV[1] the refill interval of one call (µs), ARGV[2] the
 * quota (burst); ARGV[3] `peek` to spend nothing.
 */
export const GCRA_TAKE_LUA = `${GCRA_FUNCTION}
return gcra(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == 'peek')`;

/**
 * Two budgets in one round trip: peeks at the first (KEYS[1], ARGV[1..2]) and, only if it would
 * pass, takes one call of the second (KEYS[2], ARGV[3..4]). Returns the refusing budget's reply
 * with its index (1 or 2) prepended, or {0, …} of the second's reply when both pass.
 */
export const GCRA_PEEK_THEN_TAKE_LUA = `${GCRA_FUNCTION}
local first = gcra(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), true)
if first[1] == 0 then return {1, first[1], first[2], first[3], first[4]} end
local second = gcra(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]), false)
if second[1] == 0 then return {2, second[1], second[2], second[3], second[4]} end
return {0, second[1], second[2], second[3], second[4]}`;

/** The reply of GCRA_TAKE_LUA: allowed (1/0), remaining, retryAfterUs, resetUs. */
export type GcraReply = [number, number, number, number];

/** The reply of GCRA_PEEK_THEN_TAKE_LUA: which budget refused (0 if none), then a GcraReply. */
export type GcraPairReply = [0 | 1 | 2, number, number, number, number];
