#!/usr/bin/env python3
"""The cost of a change to the redemption's rules on the hot path: two builds of the service, A (before) and B
(after), take turns, A B A B ..., each round a fresh service and schema: a definition without eligibility, own
single-use coupons in a batch (as generated codes are), a warm-up on codes of their own, then wrk POST /redeem on
distinct codes for RULES_AB_SECONDS. Prints req/s and p99 of every round and the B/A ratio of the medians. Figures
from a shared or loaded machine are noisy: compare the ratio within one run, not figures across runs.

Usage: JAR_A=/path/a.jar JAR_B=/path/b.jar python3 bench/rules_ab.py
Settings: RULES_AB_ROUNDS (2 of each), RULES_AB_SECONDS (15), RULES_AB_WARMUP (10), RULES_AB_CONCURRENCY (16).
Database coupon_rules_ab (made and dropped), Redis db 9, port 18160.
"""
import os
import re
import statistics
import subprocess
import sys

DB = "coupon_rules_ab"
os.environ["PG_DATABASE"] = DB  # read by service.py
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from service import PG, ROOT, Service, jwt, machine, psql  # noqa: E402

ROUNDS = int(os.environ.get("RULES_AB_ROUNDS", "2"))
SECONDS = int(os.environ.get("RULES_AB_SECONDS", "15"))
WARMUP = int(os.environ.get("RULES_AB_WARMUP", "10"))
CONCURRENCY = int(os.environ.get("RULES_AB_CONCURRENCY", "16"))
THREADS = 2  # bench.WRK_THREADS: codes are <prefix>-<thread>-<n>
PORT = 18160


def wrk(script, url, seconds, env):
    out = subprocess.run(["wrk", "-t", str(THREADS), "-c", str(CONCURRENCY), "-d", f"{seconds}s", "--latency", "-s", script, url],
                         capture_output=True, text=True, env=dict(os.environ, **env), check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "non2xx": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else "none",
            "latency_ms": {p: to_ms(v) for p, v in re.findall(r"\s+(50|75|90|99)%\s+(\S+)", out)}}


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def admin(sql):
    subprocess.run(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                    "-Atqc", sql], check=True, capture_output=True)


def codes_in_a_batch(service, tenant, definition_id, prefix, per_thread):
    psql(f"""INSERT INTO coupon_batches (tenant_id, definition_id, source, requested, issued)
             VALUES ('{tenant["id"]}', '{definition_id}', 'generated', {THREADS * per_thread}, {THREADS * per_thread});
             INSERT INTO coupons (tenant_id, definition_id, code, max_uses, batch_id)
             SELECT '{tenant["id"]}', '{definition_id}', '{prefix}-' || g || '-' || i, 1,
                    (SELECT id FROM coupon_batches WHERE definition_id = '{definition_id}')
             FROM generate_series(0, {THREADS - 1}) AS g, generate_series(1, {per_thread}) AS i;
             VACUUM ANALYZE;""", service.schema)


def round_of(jar):
    service = Service(port=PORT, jar=jar, extra_env={"REDIS_URL": "redis://127.0.0.1:6379/9"})
    try:
        tenant = service.tenant()
        token = jwt(tenant)
        script = os.path.join(ROOT, "bench", "redeem.lua")
        warm = service.definition(tenant, {"code_prefix": "WARM", "code_length": 10})
        codes_in_a_batch(service, tenant, warm["id"], "WARM", 60_000)
        wrk(script, service.base, WARMUP, {"TENANT": tenant["id"], "TOKEN": token, "CODE_PREFIX": "WARM"})
        measured = service.definition(tenant, {"code_prefix": "SVC", "code_length": 10})
        codes_in_a_batch(service, tenant, measured["id"], "SVC", 90_000)
        result = wrk(script, service.base, SECONDS, {"TENANT": tenant["id"], "TOKEN": token, "CODE_PREFIX": "SVC"})
        if result["non2xx"] or result["socket_errors"] != "none":
            print(f"  warning: {result['non2xx']} non-2xx, socket errors {result['socket_errors']}", flush=True)
        return result
    finally:
        service.stop()


def main():
    jars = {"A": os.environ["JAR_A"], "B": os.environ["JAR_B"]}
    admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    admin(f"CREATE DATABASE {DB}")
    print(f"machine: {machine()}; {CONCURRENCY} connections, {SECONDS} s per round after {WARMUP} s of warm-up", flush=True)
    results = {"A": [], "B": []}
    try:
        for n in range(ROUNDS * 2):
            variant = "AB"[n % 2]
            r = round_of(jars[variant])
            results[variant].append(r)
            print(f"round {n + 1} {variant}: {r['rps']:,.0f} req/s, p50 {r['latency_ms']['50']:.2f} ms, "
                  f"p99 {r['latency_ms']['99']:.2f} ms", flush=True)
    finally:
        admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    a = statistics.median(r["rps"] for r in results["A"])
    b = statistics.median(r["rps"] for r in results["B"])
    print(f"median req/s: A {a:,.0f}, B {b:,.0f}, B/A {b / a:.3f}")


if __name__ == "__main__":
    main()
