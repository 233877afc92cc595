// The limiters' Lua: each decision is one atomic script run (EVALSHA via ioredis defineCommand,
// which falls back to EVAL after a failover empties the script cache). Time comes from the Redis
// server (TIME), so replicas of the API with skewed clocks share one notion of "now"; Redis 7
// replicates scripts by effects, which makes TIME safe to use. A denied request consumes nothing.

const now = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Token bucket over several keys at once (the per-user API bucket and the global flood guard): the
 * request passes only if every bucket has `cost` tokens, and then takes them from each.
 * ARGV: cost, then per key: capacity, refill tokens per ms. Reply: denied key index (0 = allowed),
 * retry after ms, then per key: tokens left (floored), ms until full.
 */
export const tokenBucketLua = `${now}
local cost = tonumber(ARGV[1])
local denied, retry = 0, 0
local tokens = {}
for i = 1, #KEYS do
  local cap = tonumber(ARGV[2 * i])
  local rate = tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tk, ts = tonumber(state[1]), tonumber(state[2])
  if tk == nil or ts == nil then tk, ts = cap, now end
  tk = math.min(cap, tk + math.max(0, now - ts) * rate)
  tokens[i] = tk
  if denied == 0 and tk < cost then
    denied = i
    retry = math.ceil((cost - tk) / rate)
  end
end
local reply = {denied, retry}
for i = 1, #KEYS do
  local cap = tonumber(ARGV[2 * i])
  local rate = tonumber(ARGV[2 * i + 1])
  local tk = tokens[i]
  if denied == 0 then
    tk = tk - cost
    redis.call('HSET', KEYS[i], 'tokens', tostring(tk), 'ts', now)
    redis.call('PEXPIRE', KEYS[i], math.ceil(cap / rate) + 1000)
  end
  reply[#reply + 1] = math.floor(tk)
  reply[#reply + 1] = math.ceil((cap - tk) / rate)
end
return reply
`;

/**
 * Sliding-window log over several keys (login: the account and the client IP): a sorted set of
 * attempt times per key; passes only if every key has fewer than `limit` attempts in the last
 * `window` ms, and then records the attempt in each. Exact, which a login limit should be.
 * ARGV: window ms, limit, a unique member suffix. Reply: denied key index, retry after ms, then per
 * key: attempts in the window (after this one), ms until the oldest leaves the window.
 */
export const slidingWindowLua = `${now}
local window, limit, suffix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local denied, retry = 0, 0
local counts = {}
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  counts[i] = redis.call('ZCARD', KEYS[i])
  if denied == 0 and counts[i] >= limit then
    denied = i
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    retry = tonumber(oldest[2]) + window - now
  end
end
local reply = {denied, retry}
for i = 1, #KEYS do
  if denied == 0 then
    redis.call('ZADD', KEYS[i], now, now .. ':' .. suffix)
    redis.call('PEXPIRE', KEYS[i], window)
    counts[i] = counts[i] + 1
  end
  local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
  reply[#reply + 1] = counts[i]
  reply[#reply + 1] = oldest[2] and (tonumber(oldest[2]) + window - now) or 0
end
return reply
`;
