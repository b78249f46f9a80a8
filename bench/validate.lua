-- wrk script: GET /v1/coupons/<tenant>/validate/<code> on one public (cached) code with a server JWT.
local tenant = os.getenv("TENANT")
local token = os.getenv("TOKEN")
local code = os.getenv("CODE")
wrk.method = "GET"
wrk.path = "/v1/coupons/" .. tenant .. "/validate/" .. code
wrk.headers["Authorization"] = "Bearer " .. token
