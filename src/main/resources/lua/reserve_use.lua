-- Reserves one use of a coupon against its caps, atomically, before the PostgreSQL transaction.
-- The keys share the definition's hash tag, so the script also runs on Redis Cluster.
--   KEYS[1]  uses of the definition so far (its total cap)
--   KEYS[2]  uses of this coupon, or of this player's claim on a public code (the per-player cap)
--   ARGV[1]  total cap, 0 for none          ARGV[2]  per-player cap, 0 for none
--   ARGV[3]  seed for KEYS[1], read from PostgreSQL, or '' when the caller has not read it yet
--   ARGV[4]  seed for KEYS[2], or '' when the caller has not read it yet
--   ARGV[5]  lifetime in seconds of a seeded counter: it is rebuilt from PostgreSQL after that
-- Answers 1 reserved, -1 total cap reached, -2 per-player cap reached, -3 per-player counter unknown,
-- -4 total counter unknown (for either: read it from PostgreSQL and call again with the seed). A missing counter is seeded with SET NX semantics: the
-- first seed wins and a later, possibly older, one is ignored.
local totalCap, ownCap, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[5])
if totalCap > 0 then
  if redis.call('EXISTS', KEYS[1]) == 0 then
    if ARGV[3] == '' then
      return -4
    end
    redis.call('SET', KEYS[1], ARGV[3], 'EX', ttl)
  end
  if tonumber(redis.call('GET', KEYS[1])) >= totalCap then
    return -1
  end
end
if ownCap > 0 then
  if redis.call('EXISTS', KEYS[2]) == 0 then
    if ARGV[4] == '' then
      return -3
    end
    redis.call('SET', KEYS[2], ARGV[4], 'EX', ttl)
  end
  if tonumber(redis.call('GET', KEYS[2])) >= ownCap then
    return -2
  end
  redis.call('INCR', KEYS[2])
end
if totalCap > 0 then
  redis.call('INCR', KEYS[1])
end
return 1
