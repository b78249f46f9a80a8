#!/usr/bin/env python3
"""Latency of the console's pages on a definition with 1,000,000 codes: every GET the pages make
(src/main/resources/webroot/console/pages/*.js), sent as the browser sends them, through /console/api with a signed-in
owner's session cookie (so the session lookup in Redis and the role check are included), each called N times in a row
after a warm-up. Not part of the test suite.

The codes are made by the service's own generation job (POST .../coupons with count 1,000,000, the way the codes page
asks for them), so the batch, the definition's counts and the indexes are what production has. The service runs with
JOB_DUTY_PERCENT=100 and JOB_CHUNK_SIZE=10000: a job is otherwise paced to leave PostgreSQL to redemptions (10 % of
the time, docs/jobs.md), which makes the set-up take half an hour instead of under a minute. Then 300 codes are redeemed through the API by three players (the players page and the stats
chart have something to show) with a webhook endpoint that cannot be reached registered first (its deliveries page
lists 300 deliveries).

    python3 bench/console_pages.py [codes] [calls]    (builds the jar if missing; needs PostgreSQL and Redis)
"""
import http.cookiejar
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

from service import Service, build_jar, machine, psql

CODES = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
CALLS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
PASSWORD = "bench console pages 2026"
PLAYERS = 3
REDEEMED_EACH = 100


class Console:
    """A browser's side of the console: a cookie jar, the CSRF header on changes."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, method, path, body=None):
        headers = {"Accept": "application/json"}
        if method != "GET":
            headers["X-XSRF-TOKEN"] = next((urllib.parse.unquote(c.value) for c in self.jar if c.name == "XSRF-TOKEN"), "")
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + "/console/api" + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def sign_in(self, token, email):
        self.call("GET", "/session")  # hands out the CSRF token, as the pages' first call does
        status, body = self.call("POST", "/invitations/accept", {"token": token, "password": PASSWORD})
        assert status == 200, (status, body)
        status, body = self.call("POST", "/sign-in", {"email": email, "password": PASSWORD})
        assert status == 200, (status, body)


def timed(calls):
    """p50, p99 and max milliseconds of each of calls (functions of the call's number), over CALLS rounds after 20
    warm-up rounds; each round makes every call once, so that the machine's load weighs on all of them alike
    (client side: HTTP on localhost and JSON parsing included)."""
    for i in range(20):
        for call in calls:
            call(-1 - i)
    times = [[] for _ in calls]
    for i in range(CALLS):
        for n, call in enumerate(calls):
            start = time.perf_counter()
            call(i)
            times[n].append((time.perf_counter() - start) * 1000)
    results = []
    for each in times:
        each.sort()
        results.append((statistics.median(each), each[max(0, int(len(each) * 0.99) - 1)], each[-1]))
    return results


def seed(service, tenant):
    """The definition with CODES codes made by a generation job, a webhook endpoint, and redemptions of 300 codes."""
    definition = service.definition(tenant, {"code_prefix": "BENCH", "code_length": 10,
                                             "usage_limit": {"limit_type": "per_user", "max_uses": 1000, "max_total_uses": 5_000_000}})
    base = f"/v1/coupons/{tenant['id']}"
    start = time.monotonic()
    made = service.call("POST", f"{base}/definitions/{definition['id']}/coupons", {"count": CODES, "label": "bench"}, tenant=tenant)
    if "job_id" in made:
        while True:
            job = service.call("GET", f"{base}/jobs/{made['job_id']}?at={time.monotonic()}", tenant=tenant)
            if job["status"] in ("done", "failed"):
                assert job["status"] == "done", job
                break
            time.sleep(1)
    generated = time.monotonic() - start
    hook = service.call("POST", f"{base}/webhooks", {"url": "https://hooks.example.invalid/coupons",
                                                     "event_types": ["coupon.redeemed"]}, tenant=tenant)
    codes = psql(f"SELECT code FROM coupons WHERE tenant_id = '{tenant['id']}' LIMIT {PLAYERS * REDEEMED_EACH}",
                 service.schema).split()
    for i, code in enumerate(codes):
        service.call("POST", f"{base}/redeem/{code}", {"user_id": f"player-{i % PLAYERS}"}, tenant=tenant)
    return definition, made, hook, generated


def main():
    build_jar()
    service = Service(port=18290, extra_env={"JOB_DUTY_PERCENT": "100", "JOB_CHUNK_SIZE": "10000"})
    try:
        tenant = service.tenant()
        definition, made, hook, generated = seed(service, tenant)
        email = f"owner@{tenant['id']}.example"
        invited = service.call("POST", f"/v1/admin/tenants/{tenant['id']}/console-users", {"email": email, "role": "owner"}, admin=True)
        console = Console(service.base)
        console.sign_in(invited["invitation_url"].split("#token=", 1)[1], email)
        time.sleep(2)  # the relay counts the redemptions into the stats and the series
        d = definition["id"]
        cases = [
            ("every page", "GET /session", "/session"),
            ("definitions, codes, stats, batches", "GET /definition-overview?limit=1000", "/definition-overview?limit=1000"),
            ("definitions", "GET /reward-items?limit=1000", "/reward-items?limit=1000"),
            ("codes (progress bar)", "GET /jobs/{id}", f"/jobs/{made.get('job_id', '')}" if made.get("job_id") else None),
            ("stats", "GET /definitions/{id}/stats", f"/definitions/{d}/stats"),
            ("stats", "GET ...stats?series=redemptions&bucket=minute", f"/definitions/{d}/stats?series=redemptions&bucket=minute"),
            ("stats", "GET ...stats?series=redemptions&bucket=hour", f"/definitions/{d}/stats?series=redemptions&bucket=hour"),
            ("stats", "GET ...stats?series=redemptions&bucket=day", f"/definitions/{d}/stats?series=redemptions&bucket=day"),
            ("batches", "GET /definitions/{id}/batches?limit=1000", f"/definitions/{d}/batches?limit=1000"),
            ("players", "GET /user/{id}?limit=100", "/user/player-0?limit=100"),
            ("players", "GET /user/{id}/redemptions", "/user/player-0/redemptions"),
            ("webhooks", "GET /webhooks", "/webhooks"),
            ("webhooks", "GET /webhooks/{id}/deliveries?limit=50", f"/webhooks/{hook['id']}/deliveries?limit=50"),
            ("users", "GET /users", "/users"),
            ("audit", "GET /audit?limit=50", "/audit?limit=50"),
        ]
        def page_call(path):
            def call(_):
                status, body = console.call("GET", path)
                assert status == 200, (path, status, body)
            return call
        cases = [(page, name, page_call(path)) for page, name, path in cases if path]
        # What the machine's load alone costs (no session, no database), and the stats call signed by a studio's
        # server instead of a session: the console's own share is the difference, within this run.
        cases.append(("(floor: ops listener)", "GET /health/live",
                      lambda i: urllib.request.urlopen(service.ops + "/health/live", timeout=60).read()))
        cases.append(("(reference: HMAC-signed)", "GET /v1/coupons/{t}/definitions/{id}/stats",
                      lambda i: service.call("GET", f"/v1/coupons/{tenant['id']}/definitions/{d}/stats?call={i}", tenant=tenant)))
        results = [(page, name, figures) for (page, name, _), figures in zip(cases, timed([c for _, _, c in cases]))]
    finally:
        service.stop()

    print(f"machine: {machine()}")
    print(f"codes of the definition: {CODES:,} (generated by the job in {generated:.1f} s); "
          f"{PLAYERS * REDEEMED_EACH} redeemed; {CALLS} calls each in rounds of one call of each kind, after 20 warm-up rounds")
    print(f"{'page':<36} {'call (under /console/api)':<48} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}   (target <= 100 ms)")
    for page, name, (p50, p99, most) in results:
        flag = "" if p99 <= 100 else "  over"
        print(f"{page:<36} {name:<48} {p50:7.2f} {p99:7.2f} {most:7.2f}{flag}")


if __name__ == "__main__":
    main()
