-- wrk script: POST /v1/coupons/<tenant>/redeem/<code> on distinct pre-generated codes SVC-<thread>-<n>,
-- each by its own player, with a server JWT (no sub) in Authorization. Needs TENANT and TOKEN in the environment.
local tenant = os.getenv("TENANT")
local token = os.getenv("TOKEN")
local prefix = os.getenv("CODE_PREFIX") or "SVC"
local counter = 1
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local code = prefix .. "-" .. tid .. "-" .. counter
  local body = '{"user_id":"wrk-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", "/v1/coupons/" .. tenant .. "/redeem/" .. code,
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
