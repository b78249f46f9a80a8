#!/usr/bin/env python3
"""Bulk work in its own lane, measured: a third tenant's redemption latency while idle, then while two other tenants
each generate 1,000,000 codes (two jobs at once, written through the service's bulk pool, BULK_POOL_SIZE).

    python3 bench/bulk_lane.py [--codes 1000000] [--rate 200] [--warmup-seconds 60] [--idle-seconds 30]

Starts the service jar (built if missing) on a fresh schema with its defaults, makes three tenants through the admin
API, and redeems a public code (one use per player, no total cap) of the third at a constant rate, each request by a
new player, on 16 keep-alive connections. Latency is counted from the moment a request was due, so a stall shows in
full (no coordinated omission). After --warmup-seconds of redemptions (not counted: the JIT is cold, and on a busy
machine the service's start leaves a backlog that takes a while to drain), phase 1: idle,
--idle-seconds. Phase 2: from the two jobs' 202 until both are done.
Prints p50/p99/max of both phases and their ratio, the jobs' durations and the machine. Not part of CI.
"""
import argparse
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import loadgen  # noqa: E402
from service import Service, build_jar, jwt, machine, notify_trigger_sql, psql  # noqa: E402

CONNECTIONS = 16


class Redeemer:
    """Redeems the public code at `rate` per second until stop() — one new player per request."""

    def __init__(self, port, tenant, code, rate):
        self.port, self.rate, self.players = port, rate, 0
        self.path = f"/v1/coupons/{tenant['id']}/redeem/{code}"
        self.headers = {"Authorization": f"Bearer {jwt(tenant)}", "Content-Type": "application/json"}
        self.samples, self.errors, self.stopped = [], 0, False

    def request(self):
        self.players += 1
        body = json.dumps({"user_id": f"player-{self.players}"}).encode()
        return loadgen.http_request("POST", self.path, self.headers, body)

    async def run(self):
        due = asyncio.Queue(maxsize=CONNECTIONS * 4)

        async def schedule():
            start = time.perf_counter()
            i = 0
            while not self.stopped:
                at = start + i / self.rate
                await asyncio.sleep(max(0.0, at - time.perf_counter()))
                await due.put(at)
                i += 1
            for _ in range(CONNECTIONS):
                await due.put(None)

        async def worker():
            conn = await loadgen.Connection.open("127.0.0.1", self.port)
            try:
                while (at := await due.get()) is not None:
                    status, _ = await conn.request(self.request())
                    self.samples.append((at, time.perf_counter() - at, status))
                    if status != 200:
                        self.errors += 1
            finally:
                conn.close()

        await asyncio.gather(schedule(), *(worker() for _ in range(CONNECTIONS)))


def summary(samples):
    ms = sorted(s[1] * 1000 for s in samples)
    return {"n": len(ms), "p50": loadgen.percentile(ms, 50), "p99": loadgen.percentile(ms, 99), "max": ms[-1] if ms else float("nan")}


async def measure(service, player_tenant, code, job_tenants, codes, rate, warmup_seconds, idle_seconds):
    redeemer = Redeemer(service.port, player_tenant, code, rate)
    running = asyncio.ensure_future(redeemer.run())
    await asyncio.sleep(warmup_seconds)
    idle_start = time.perf_counter()
    await asyncio.sleep(idle_seconds)
    idle_end = time.perf_counter()
    loop = asyncio.get_running_loop()

    def start_job(tenant):
        definition = service.definition(tenant, {"code_prefix": "LANE", "code_length": 12})
        return service.call("POST", f"/v1/coupons/{tenant['id']}/definitions/{definition['id']}/coupons", {"count": codes}, tenant=tenant)

    jobs = [await loop.run_in_executor(None, start_job, t) for t in job_tenants]
    jobs_start = time.perf_counter()
    ended = {}
    while len(ended) < len(jobs):
        # Once a second: service.py signs a second request of the same path within one second with an earlier second,
        # so faster polling would drift past HMAC_MAX_SKEW_SECONDS during a paced job of several minutes (401).
        await asyncio.sleep(1.0)
        for tenant, job in zip(job_tenants, jobs):
            if job["job_id"] in ended:
                continue
            state = await loop.run_in_executor(None, lambda: service.call("GET", job["status_url"], tenant=tenant))
            if state["status"] in ("done", "failed"):
                ended[job["job_id"]] = (state["status"], time.perf_counter() - jobs_start)
    jobs_end = time.perf_counter()
    redeemer.stopped = True
    await running
    idle = [s for s in redeemer.samples if idle_start <= s[0] < idle_end]
    during = [s for s in redeemer.samples if jobs_start <= s[0] < jobs_end]
    return summary(idle), summary(during), ended, redeemer.errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=1_000_000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--warmup-seconds", type=int, default=60)
    parser.add_argument("--idle-seconds", type=int, default=30)
    parser.add_argument("--notify-trigger", action="store_true",
                        help="put back the outbox trigger that NOTIFYs in every writing transaction (before V35), to compare")
    args = parser.parse_args()
    build_jar()
    service = Service(port=18097)
    try:
        if args.notify_trigger:
            psql(notify_trigger_sql(), service.schema)
        tenants = [service.tenant() for _ in range(3)]
        player_tenant, job_tenants = tenants[0], tenants[1:]
        code = "LANE" + str(int(time.time()))
        service.definition(player_tenant, {"code_format": "fixed", "code": code,
                                           "usage_limit": {"limit_type": "per_user", "max_uses": 1}})
        idle, during, ended, errors = asyncio.run(measure(service, player_tenant, code, job_tenants, args.codes, args.rate,
                                                          args.warmup_seconds, args.idle_seconds))
        stored = psql("SELECT count(*) FROM coupons WHERE code LIKE 'LANE%' AND kind = 'coupon'", service.schema)
    finally:
        service.stop()
    print(f"machine: {machine()}")
    print(f"command: python3 bench/bulk_lane.py --codes {args.codes} --rate {args.rate} --warmup-seconds {args.warmup_seconds} "
          f"--idle-seconds {args.idle_seconds}" + (" --notify-trigger" if args.notify_trigger else ""))
    print(f"jobs: {len(ended)} x {args.codes:,} codes: " + ", ".join(f"{s} after {t:.1f} s" for s, t in ended.values())
          + f"; codes stored {int(stored):,}")
    print(f"redemptions of a third tenant at {args.rate}/s, non-200 answers: {errors}")
    print(f"idle:        n {idle['n']:6,}  p50 {idle['p50']:7.2f} ms  p99 {idle['p99']:7.2f} ms  max {idle['max']:7.2f} ms")
    print(f"during jobs: n {during['n']:6,}  p50 {during['p50']:7.2f} ms  p99 {during['p99']:7.2f} ms  max {during['max']:7.2f} ms")
    print(f"p99 during / idle: {during['p99'] / idle['p99']:.2f}x (target: within 2x)")


if __name__ == "__main__":
    main()
