-- Gives back a use reserved by reserve_use.lua when PostgreSQL did not record it (or rolled it back).
--   KEYS[1], KEYS[2]  as in reserve_use.lua;  ARGV[1], ARGV[2]  1 when that counter is in use, else 0
-- A counter that has vanished meanwhile is left alone: it will be seeded afresh from PostgreSQL.
for i, key in ipairs(KEYS) do
  if ARGV[i] == '1' then
    local value = tonumber(redis.call('GET', key))
    if value ~= nil and value > 0 then
      redis.call('DECR', key)
    end
  end
end
return 1
