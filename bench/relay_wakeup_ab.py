#!/usr/bin/env python3
"""A/B of how redemptions wake the outbox relays, on one service in one sitting: A as built (the relays woken after
the commit, no NOTIFY in the redemption's transaction), B with the insert trigger that NOTIFYs in every writing
transaction put back into the bench schema (as before V35). Rounds alternate A, B, A, B, ...; each measures the
redeem rate (wrk, BENCH_CONCURRENCY connections, BENCH_SECONDS) and the latency at a constant rate (RATE req/s).
Compare within one run: the machine is shared.

Database coupon_bench_wakeup (made and dropped), Redis db 11, port 18170. Settings: BENCH_SECONDS (15),
BENCH_CONCURRENCY (16), AB_ROUNDS (2 of each), AB_RATE (150 req/s), BENCH_WARMUP (10 s).
"""
import os
import sys

os.environ.setdefault("BENCH_SECONDS", "15")
os.environ.setdefault("BENCH_WARMUP", "10")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench  # noqa: E402
import service as service_module  # noqa: E402
from service import Service, build_jar, jwt, notify_trigger_sql, psql  # noqa: E402

DB = "coupon_bench_wakeup"
bench.BENCH_DB = DB
service_module.PG["db"] = DB
os.environ["PG_DATABASE"] = DB
bench.SERVICE_PORT = 18170
REDIS_URL = "redis://127.0.0.1:6379/11"
ROUNDS = int(os.environ.get("AB_ROUNDS", "2"))
RATE = int(os.environ.get("AB_RATE", "150"))

TRIGGER = notify_trigger_sql()
UNTRIGGER = "DROP TRIGGER outbox_events_notify ON outbox_events; DROP FUNCTION outbox_events_notify();"


def redeem_rate(svc, tenant, token, prefix):
    definition = svc.definition(tenant, {"code_prefix": prefix, "code_length": 10})
    bench.insert_codes(svc.schema, tenant["id"], definition["id"], prefix, bench.WRK_THREADS, 60_000)
    out = bench.wrk(os.path.join(bench.ROOT, "bench", "redeem.lua"), svc.base, bench.SECONDS, bench.CONCURRENCY,
                    {"TENANT": tenant["id"], "TOKEN": token, "CODE_PREFIX": prefix})
    return (out["requests"] - out["non2xx"]) / bench.SECONDS, out


def main():
    build_jar()
    bench.admin_psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    bench.admin_psql(f"CREATE DATABASE {DB}")
    svc = Service(port=bench.SERVICE_PORT, extra_env={"REDIS_URL": REDIS_URL})
    results = []
    try:
        tenant = svc.tenant()
        token = jwt(tenant)
        bench.warm_up(svc, tenant, token)
        for n in range(ROUNDS * 2):
            variant = "A" if n % 2 == 0 else "B"
            if variant == "B":
                psql(TRIGGER, svc.schema)
            rps, out = redeem_rate(svc, tenant, token, f"R{n}X")
            bench.log(f"round {n + 1} {variant}: redeem {rps:,.0f} req/s ok (wrk p99 {out.get('p99', '?')})")
            lat = bench.constant_rate_run(svc, tenant, token, RATE, n)
            if variant == "B":
                psql(UNTRIGGER, svc.schema)
            results.append((variant, rps, lat["p50"], lat["p99"], lat["p999"]))
    finally:
        svc.stop()
        bench.admin_psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    print("variant  redeem_ok_rps  p50_ms  p99_ms  p99.9_ms  (at %d req/s)" % RATE)
    for variant, rps, p50, p99, p999 in results:
        print(f"{variant:7}  {rps:13,.0f}  {p50:6.2f}  {p99:6.2f}  {p999:8.2f}")


if __name__ == "__main__":
    main()
