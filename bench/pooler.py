#!/usr/bin/env python3
"""What PG_POOLER=pgbouncer-transaction costs: one service straight to PostgreSQL and one through PgBouncer in
transaction mode (docker/pgbouncer.sh, as many server connections as the service's pool), same machine, same run,
measured one after the other on the same kinds of request: redemptions of distinct single-use codes (every one
reaches PostgreSQL) and validations of one cached public code (served from the caches, PostgreSQL untouched).

    python3 bench/pooler.py        (BENCH_SECONDS 20, BENCH_WARMUP 15, BENCH_CONCURRENCY 16: bench.py's settings)

Runs in a database of its own (coupon_pooler_bench, dropped and made again), Redis db 11, ports 18160-18163 and
19161-19162. Prints one line per measurement and writes its section of docs/benchmarks.md (bench.py keeps it).
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import report  # noqa: E402
from service import PG, ROOT, Service, build_jar, jwt, machine  # noqa: E402

BENCH_DB = "coupon_pooler_bench"
PG["db"] = BENCH_DB
BOUNCER_PORT = 18160
REDIS_URL = "redis://127.0.0.1:6379/11"
POOL_SIZE = 16


def bouncer(action):
    env = dict(os.environ, PGBOUNCER_PORT=str(BOUNCER_PORT), PGBOUNCER_POOL_SIZE=str(POOL_SIZE),
               RUN_DIR=os.path.join(ROOT, "target", "pooler-bench"), PG_HOST=PG["host"], PG_PORT=PG["port"], PG_USER=PG["user"])
    return subprocess.run(["bash", os.path.join(ROOT, "docker", "pgbouncer.sh"), action], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def measure(name, service, pids):
    tenant = service.tenant()
    token = jwt(tenant)
    definition = service.definition(tenant, {"code_prefix": "SVC", "code_length": 10})
    bench.insert_codes(service.schema, tenant["id"], definition["id"], "WARM", bench.WRK_THREADS, 40_000)
    bench.insert_codes(service.schema, tenant["id"], definition["id"], "SVC", bench.WRK_THREADS, 40_000)
    service.definition(tenant, {"code_format": "fixed", "code": "POOLPUBLIC",
                                "usage_limit": {"limit_type": "per_user", "max_uses": 1, "max_total_uses": 1_000_000}})
    redeem = os.path.join(ROOT, "bench", "redeem.lua")
    validate = os.path.join(ROOT, "bench", "validate.lua")
    redeem_env = {"TENANT": tenant["id"], "TOKEN": token}
    validate_env = {"TENANT": tenant["id"], "TOKEN": token, "CODE": "POOLPUBLIC"}
    bench.wrk(redeem, service.base, bench.WARMUP, bench.CONCURRENCY, dict(redeem_env, CODE_PREFIX="WARM"))
    bench.wrk(validate, service.base, bench.WARMUP, bench.CONCURRENCY * 2, validate_env)
    figures = {}
    for kind, script, env, connections in (("redeem", redeem, dict(redeem_env, CODE_PREFIX="SVC"), bench.CONCURRENCY),
                                           ("validate", validate, validate_env, bench.CONCURRENCY * 2)):
        cpu = {label: bench.cpu_seconds(pid) for label, pid in pids.items()}
        result = bench.wrk(script, service.base, bench.SECONDS, connections, env)
        per_request = {label: (bench.cpu_seconds(pid) - cpu[label]) * 1000 / max(1, result["requests"]) for label, pid in pids.items()}
        result["cpu_ms_per_request"] = per_request
        figures[kind] = result
        cpu_text = ", ".join(f"{label} {ms:.3f} ms CPU/request" for label, ms in per_request.items())
        bench.log(f"{name:>9} {kind:<8} {result['rps']:8,.0f} req/s  p50 {result['latency_ms']['50']:.2f} ms  "
                  f"p99 {result['latency_ms']['99']:.2f} ms  non-2xx {result['non2xx']}  ({cpu_text})")
    return figures


def main():
    build_jar()
    bench.admin_psql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    bench.admin_psql(f"CREATE DATABASE {BENCH_DB}")
    bouncer("start")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()[0]
    bench.log(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}; {bench.CONCURRENCY} concurrent redemptions, "
              f"{bench.CONCURRENCY * 2} validations, {bench.SECONDS} s each after {bench.WARMUP} s of warm-up")
    common = {"REDIS_URL": REDIS_URL, "PG_POOL_SIZE": str(POOL_SIZE), "EMBEDDED": "false"}
    results = {}
    try:
        direct = Service(port=18161, extra_env=common)
        try:
            results["direct"] = measure("direct", direct, {"service": direct.process.pid})
        finally:
            direct.stop()
        pooled = Service(port=18162, extra_env=dict(common, PG_HOST="127.0.0.1", PG_PORT=str(BOUNCER_PORT),
                                                    PG_POOLER="pgbouncer-transaction", PG_DIRECT_HOST=PG["host"],
                                                    PG_DIRECT_PORT=PG["port"]))
        try:
            results["pooled"] = measure("pgbouncer", pooled, {"service": pooled.process.pid, "pgbouncer": int(bouncer("pid"))})
        finally:
            pooled.stop()
    finally:
        bouncer("stop")
        bench.admin_psql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    for kind in ("redeem", "validate"):
        ratio = results["pooled"][kind]["rps"] / results["direct"][kind]["rps"]
        bench.log(f"{kind}: through PgBouncer {ratio:.2f}x the throughput of direct connections")
    report.write_section(ROOT, "pooler", section(results, started, load))


def pooler_cpu(figures):
    ms = figures["cpu_ms_per_request"].get("pgbouncer")
    return "–" if ms is None else f"{ms:.3f}"


def section(results, started, load):
    rows = []
    for kind, what in (("redeem", "redeem, distinct single-use codes"), ("validate", "validate, one cached public code")):
        for mode, label in (("direct", "direct"), ("pooled", "PgBouncer, transaction mode")):
            f = results[mode][kind]
            rows.append(f"| {what} | {label} | {f['rps']:,.0f} | {f['latency_ms']['50']:.2f} | {f['latency_ms']['99']:.2f} | "
                        f"{f['cpu_ms_per_request']['service']:.3f} | {pooler_cpu(f)} |")
    ratios = {kind: results["pooled"][kind]["rps"] / results["direct"][kind]["rps"] for kind in ("redeem", "validate")}
    return f"""## 6. PgBouncer in transaction mode (`PG_POOLER=pgbouncer-transaction`)

Produced by `python3 bench/pooler.py` on {started}: the same jar, once straight to PostgreSQL and once through
Debian's PgBouncer 1.18 in transaction mode ({POOL_SIZE} server connections, as the service's pool), one after the
other in one run, {bench.CONCURRENCY} concurrent redemptions / {bench.CONCURRENCY * 2} validations for {bench.SECONDS} s each
after {bench.WARMUP} s of warm-up. Machine: {machine()}, load average {load:.1f} when it started (whatever else
ran on the machine shares its cores): compare the two modes with each other, not with the figures above.

| Request | Connections | req/s | p50 ms | p99 ms | service CPU ms/request | PgBouncer CPU ms/request |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Through the pooler, redemption runs at **{ratios['redeem']:.2f}×** and validation at **{ratios['validate']:.2f}×** the
throughput of direct connections. The cost is the statements, not PgBouncer's own CPU: a transaction-mode pooler
keeps no prepared statement for a client, so each statement is sent unnamed, described, then parsed and planned
again with its execution (two round trips instead of one, planning every time), where a direct connection
prepares it once. Validation of a cached code sends no statement at all, so its gap is mostly this loaded machine's
drift between the two phases (run it again to see how much the figures move). The pooler
pays when the connections it saves matter more than the per-statement cost: many instances against one server
(docs/scaling.md).
"""


if __name__ == "__main__":
    main()
