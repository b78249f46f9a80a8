-- wrk script: GET /v1/coupons/<tenant>/user/<player><SUFFIX> for a random player player-1 .. player-PLAYERS, with a
-- server JWT. SUFFIX is "" (the player's coupons) or "/redemptions".
local tenant = os.getenv("TENANT")
local token = os.getenv("TOKEN")
local players = tonumber(os.getenv("PLAYERS") or "1000")
local suffix = os.getenv("SUFFIX") or ""

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local path = "/v1/coupons/" .. tenant .. "/user/player-" .. math.random(1, players) .. suffix
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
