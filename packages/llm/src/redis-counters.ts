// The budget counters in Redis, shared by every replica: one Lua run checks every counter against
// its limit and increments them all, or none — two replicas reserving at once cannot both pass.
import type { CounterStore } from "./budget.ts";

/** The part of an ioredis client used here (ioredis' Redis satisfies it). */
export interface RedisEval {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

// KEYS: the counters; ARGV[1] amount, ARGV[2] ttl seconds, ARGV[3..] each counter's limit.
// Returns { allowed (0/1), the first counter's value }.
const addWithinLua = `
local amount = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local used = tonumber(redis.call('GET', key) or '0')
  if used + amount > tonumber(ARGV[i + 2]) then
    return {0, tonumber(redis.call('GET', KEYS[1]) or '0')}
  end
end
local first = 0
for i, key in ipairs(KEYS) do
  local value = redis.call('INCRBY', key, amount)
  redis.call('EXPIRE', key, ARGV[2])
  if i == 1 then first = value end
end
return {1, first}
`;

const addLua = `
for _, key in ipairs(KEYS) do
  redis.call('INCRBY', key, ARGV[1])
  redis.call('EXPIRE', key, ARGV[2])
end
return 1
`;

export function createRedisCounterStore(redis: RedisEval): CounterStore {
  return {
    async addWithin(counters, amount, ttl) {
      const keys = counters.map((counter) => counter.key);
      const limits = counters.map((counter) => counter.limit);
      const reply = (await redis.eval(addWithinLua, keys.length, ...keys, amount, ttl, ...limits)) as [
        number,
        number,
      ];
      return { allowed: reply[0] === 1, used: reply[1] };
    },
    async add(keys, amount, ttl) {
      await redis.eval(addLua, keys.length, ...keys, amount, ttl);
    },
  };
}
