-- A recorded use was rolled back in PostgreSQL: it no longer counts.
--   KEYS[1], KEYS[2]  the recorded-use counters of reserve_use.lua;  ARGV[1], ARGV[2]  '1' when in use.
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
