-- Reserves one use of a coupon against its caps, atomically, before the PostgreSQL transaction.
-- Every key shares the definition's hash tag, so the script also runs on Redis Cluster.
--   KEYS[1]  uses of the definition recorded in PostgreSQL (its total cap)
--   KEYS[2]  uses of this coupon, or of this player's claim on a public code (the per-player cap)
--   KEYS[3], KEYS[4]  the leases of uses in flight against KEYS[1] and KEYS[2]: sorted sets of reservation
--            ids scored by their expiry in milliseconds. A lease ends when PostgreSQL has decided
--            (confirm_use.lua, release_use.lua) or, if its process died meanwhile, when it expires.
--   KEYS[5], KEYS[6]  the generations of KEYS[1] and KEYS[2]: a token written with each seed, which lives
--            as long as the counter. confirm_use.lua counts a use only into the generation it was reserved
--            in: a seed read from PostgreSQL after that use committed already holds it.
--   ARGV[1]  total cap, 0 for none          ARGV[2]  per-player cap, 0 for none
--   ARGV[3]  seed for KEYS[1], read from PostgreSQL, or '' when the caller has not read it yet
--   ARGV[4]  seed for KEYS[2], likewise
--   ARGV[5]  lifetime in seconds of a seeded counter: it is rebuilt from PostgreSQL after that
--   ARGV[6]  this reservation's id, also the generation of a counter it seeds
--   ARGV[7]  lease in milliseconds
-- Answers {result, generation of KEYS[1], generation of KEYS[2]}, result one of the values named below (the same
-- names as UsageGuard.ReserveResult). A generation is '' for a counter without a cap, or one seeded without a
-- generation. A missing counter is seeded with SET NX semantics: the first seed wins and a later, possibly older,
-- one is ignored.
local RESERVED = 1               -- the use is held: a lease on each capped counter
local TOTAL_CAP_REACHED = -1     -- KEYS[1] with its leases is at the total cap
local OWN_CAP_REACHED = -2       -- KEYS[2] with its leases is at the per-player cap
local OWN_COUNTER_MISSING = -3   -- KEYS[2] is missing and ARGV[4] is '': read it from PostgreSQL, call again
local TOTAL_COUNTER_MISSING = -4 -- KEYS[1] is missing and ARGV[3] is '': likewise

local totalCap, ownCap, ttl, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[5]), tonumber(ARGV[7])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function inUse(counter, leases)
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  return tonumber(redis.call('GET', counter)) + redis.call('ZCARD', leases)
end

local function hold(leases)
  redis.call('ZADD', leases, now + lease, ARGV[6])
  redis.call('PEXPIRE', leases, lease * 2)
end

-- The counter's generation, seeding the counter first when it is missing; nil when it is missing and no seed was given.
local function generation(counter, generationKey, seed)
  if redis.call('EXISTS', counter) == 0 then
    if seed == '' then
      return nil
    end
    redis.call('SET', counter, seed, 'EX', ttl)
    redis.call('SET', generationKey, ARGV[6], 'EX', ttl)
  end
  return redis.call('GET', generationKey) or ''
end

local totalGeneration, ownGeneration = '', ''
if totalCap > 0 then
  totalGeneration = generation(KEYS[1], KEYS[5], ARGV[3])
  if totalGeneration == nil then
    return {TOTAL_COUNTER_MISSING, '', ''}
  end
  if inUse(KEYS[1], KEYS[3]) >= totalCap then
    return {TOTAL_CAP_REACHED, '', ''}
  end
end
if ownCap > 0 then
  ownGeneration = generation(KEYS[2], KEYS[6], ARGV[4])
  if ownGeneration == nil then
    return {OWN_COUNTER_MISSING, '', ''}
  end
  if inUse(KEYS[2], KEYS[4]) >= ownCap then
    return {OWN_CAP_REACHED, '', ''}
  end
  hold(KEYS[4])
end
if totalCap > 0 then
  hold(KEYS[3])
end
return {RESERVED, totalGeneration, ownGeneration}
