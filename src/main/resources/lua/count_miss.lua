-- Counts one failed code lookup in the current window and answers {count, milliseconds left in the window};
-- the window starts with the first miss and lasts ARGV[1] seconds.
local misses = redis.call('INCR', KEYS[1])
if misses == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return {misses, redis.call('PTTL', KEYS[1])}
