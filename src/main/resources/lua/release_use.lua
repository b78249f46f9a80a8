-- PostgreSQL did not record the use reserved by reserve_use.lua: its lease ends, nothing is counted.
--   KEYS as in reserve_use.lua;  ARGV[1] the reservation id.
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
