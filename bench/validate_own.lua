-- wrk script: GET /v1/coupons/<tenant>/validate/<code> on a random code of the pre-generated coupons
-- <CODE_PREFIX>-<g>-<i> (g from 0 to GROUPS-1, i from 1 to PER_GROUP), with a server JWT.
local tenant = os.getenv("TENANT")
local token = os.getenv("TOKEN")
local prefix = os.getenv("CODE_PREFIX") or "OWN"
local groups = tonumber(os.getenv("GROUPS") or "2")
local per_group = tonumber(os.getenv("PER_GROUP") or "75000")

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local code = prefix .. "-" .. math.random(0, groups - 1) .. "-" .. math.random(1, per_group)
  return wrk.format("GET", "/v1/coupons/" .. tenant .. "/validate/" .. code, {["Authorization"] = "Bearer " .. token})
end
