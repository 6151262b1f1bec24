/**
 * GCRA over one key: the key holds the "theoretical arrival time" (µs, Redis clock) at which the
 * budget is full again, and expires exactly then. One script, one round trip, atomic across every
 * API instance. KEYS[1] the budget's key; ARGV[1] the refill interval of one call (µs), ARGV[2] the
 * quota (burst); ARGV[3] `peek` to only ask whether one more call would pass, spending nothing.
 * Returns {allowed, remaining, retryAfterUs, resetUs}, resetUs being the time until the budget is
 * full again. Used by the REST limiter and the kiosk handshake limiter (define it with
 * `redis.defineCommand(name, { numberOfKeys: 1, lua: GCRA_TAKE_LUA })`).
 */
export const GCRA_TAKE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tau = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat < now then tat = now end
local nextTat = tat + interval
if nextTat - now > tau then
  return {0, 0, nextTat - tau - now, tat - now}
end
if ARGV[3] == 'peek' then
  return {1, math.floor((tau - (nextTat - now)) / interval) + 1, 0, tat - now}
end
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000))
return {1, math.floor((tau - (nextTat - now)) / interval), 0, nextTat - now}`;

/** The reply of GCRA_TAKE_LUA: allowed (1/0), remaining, retryAfterUs, resetUs. */
export type GcraReply = [number, number, number, number];
