-- PostgreSQL recorded the use reserved by reserve_use.lua: its lease becomes a recorded use.
--   KEYS as in reserve_use.lua;  ARGV[1] the reservation id;  ARGV[2], ARGV[3]  '1' when the total and
--   per-player counters are in use. A counter that has vanished meanwhile is left alone: it will be
--   seeded afresh from PostgreSQL, which has the use.
for i = 1, 2 do
  if ARGV[i + 1] == '1' then
    redis.call('ZREM', KEYS[i + 2], ARGV[1])
    if redis.call('EXISTS', KEYS[i]) == 1 then
      redis.call('INCR', KEYS[i])
    end
  end
end
return 1
