-- PostgreSQL recorded the use reserved by reserve_use.lua: its lease ends, and the use is counted when the
-- counter is still the one it was reserved against.
--   KEYS as in reserve_use.lua;  ARGV[1] the reservation id;  ARGV[2], ARGV[3]  '1' when the total and
--   per-player counters are in use;  ARGV[4], ARGV[5]  the generations reserve_use.lua answered for them.
-- A counter seeded again since (vanished in a flush, a restart or at the end of its lifetime) was read from
-- PostgreSQL at a moment that may already include this use: it is left alone. At worst it is one low, which
-- lets an attempt through to PostgreSQL, which refuses it; counting the use there could make it one high,
-- which would refuse a use PostgreSQL still has.
for i = 1, 2 do
  if ARGV[i + 1] == '1' then
    redis.call('ZREM', KEYS[i + 2], ARGV[1])
    if redis.call('EXISTS', KEYS[i]) == 1 and (redis.call('GET', KEYS[i + 4]) or '') == ARGV[i + 3] then
      redis.call('INCR', KEYS[i])
    end
  end
end
return 1
