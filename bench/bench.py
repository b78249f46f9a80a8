#!/usr/bin/env python3
"""The service's benchmark, one run on one machine: the service against PostgreSQL's own limit, against bare
Vert.x, under a stampede, at a constant rate, and (when docker/topology.sh exists) two instances behind the
load balancer. Writes docs/benchmarks.md and docs/bench-latency.svg. Run it with `bash bench/run.sh`.

Everything runs in a database of its own (coupon_bench, dropped and made again), Redis db 9, ports 18100-18199.
Settings: BENCH_CONCURRENCY (16), BENCH_SECONDS (20), BENCH_STAMPEDE (10000), BENCH_WARMUP (15 s of each kind of
request before anything is measured, so that the JIT has compiled the hot paths), BENCH_OWN_CODES (150000 coupons
for the validate of a player's own code), BENCH_LATENCY_RUNS (5 consecutive constant-rate runs).
"""
import json
import os
import re
import subprocess
import sys
import time

BENCH_DB = "coupon_bench"
os.environ["PG_DATABASE"] = BENCH_DB  # read by service.py: the service and psql both use it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import loadgen  # noqa: E402
from service import JAR, PG, ROOT, Service, build_jar, jwt, machine, psql  # noqa: E402

CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
STAMPEDE = int(os.environ.get("BENCH_STAMPEDE", "10000"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "15"))
OWN_CODES = int(os.environ.get("BENCH_OWN_CODES", "150000"))
LATENCY_RUNS = int(os.environ.get("BENCH_LATENCY_RUNS", "5"))
PLAYERS = 1000  # players of the user views phase, each with USER_COUPONS coupons, all redeemed
USER_COUPONS = 20
SERVICE_PORT, BARE_PORT, LB_PORT = 18100, 18101, 18150
REDIS_URL = "redis://127.0.0.1:6379/9"
WRK_THREADS = 2
RESULTS = {}


def log(text):
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def admin_psql(sql):
    return subprocess.run(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                           "-Atqc", sql], capture_output=True, text=True, check=True).stdout.strip()


def insert_codes(schema, tenant_id, definition_id, prefix, groups, per_group):
    """Pre-generated single-use coupons, then VACUUM ANALYZE of the whole bench database: this PostgreSQL runs
    without autovacuum, so the bench does between its phases what autovacuum would do (clear the dead rows and index
    entries earlier phases left in coupons and outbox_events, set the new rows' hint bits)."""
    psql(f"""INSERT INTO coupons (tenant_id, definition_id, code, max_uses)
             SELECT '{tenant_id}', '{definition_id}', '{prefix}-' || g || '-' || i, 1
             FROM generate_series(0, {groups - 1}) AS g, generate_series(1, {per_group}) AS i""", schema)
    psql("VACUUM ANALYZE", schema)


def wrk(script, url, seconds, connections, env):
    out = subprocess.run(["wrk", "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", script, url],
                         capture_output=True, text=True, env=dict(os.environ, **env), check=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    lat = {p: to_ms(v) for p, v in re.findall(r"\s+(50|75|90|99)%\s+(\S+)", out)}
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "requests": total,
            "non2xx": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else "none", "latency_ms": lat,
            "raw": out}


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def pg_stats(schema):
    """Transactions of the bench database and scans of the coupons table, as PostgreSQL's statistics have them."""
    xacts = admin_psql(f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{BENCH_DB}'")
    scans = psql(f"SELECT coalesce(idx_scan, 0) + coalesce(seq_scan, 0) FROM pg_stat_user_tables "
                 f"WHERE schemaname = '{schema}' AND relname = 'coupons'", schema)
    return int(xacts), int(scans)


# ---------------------------------------------------------------------------------------------------

def warm_up(service, tenant, token):
    """The service is a long-running JVM: before anything is measured, its hot paths are compiled by the JIT, as
    they would be minutes after a deployment. Redeem and validate run for BENCH_WARMUP seconds each on codes of
    their own (WARM-*, WARMPUBLIC) that no measurement uses."""
    log(f"warm-up: {WARMUP} s of redeem and {WARMUP} s of validate on codes no measurement uses")
    definition = service.definition(tenant, {"code_prefix": "WARM", "code_length": 10})
    insert_codes(service.schema, tenant["id"], definition["id"], "WARM", WRK_THREADS, 60_000)
    wrk(os.path.join(ROOT, "bench", "redeem.lua"), service.base, WARMUP, CONCURRENCY,
        {"TENANT": tenant["id"], "TOKEN": token, "CODE_PREFIX": "WARM"})
    service.definition(tenant, {"code_format": "fixed", "code": "WARMPUBLIC",
                                "usage_limit": {"limit_type": "per_user", "max_uses": 1, "max_total_uses": 1_000_000}})
    wrk(os.path.join(ROOT, "bench", "validate.lua"), service.base, WARMUP, CONCURRENCY * 2,
        {"TENANT": tenant["id"], "TOKEN": token, "CODE": "WARMPUBLIC"})


def redemption_vs_pgbench(service, tenant, token):
    log(f"a. redemption: pgbench naive transaction vs POST /redeem, {CONCURRENCY} concurrent, {SECONDS} s each")
    definition = service.definition(tenant, {"code_prefix": "BENCH", "code_length": 10})
    per_client = 12_000
    insert_codes(service.schema, tenant["id"], definition["id"], "PGB", CONCURRENCY, per_client)
    insert_codes(service.schema, tenant["id"], definition["id"], "SVC", WRK_THREADS, 60_000)
    tps, lat = pgbench(service.schema, os.path.join(ROOT, "bench", "naive_redeem.sql"), CONCURRENCY,
                       {"i": 0, "tenant": tenant["id"]})
    done = int(psql(f"SELECT count(*) FROM redemptions WHERE user_id LIKE 'pgb-player-%'", service.schema))
    log(f"   pgbench: {tps:,.0f} tps, average latency {lat} ms, {done:,} redemptions recorded")
    time.sleep(2)
    cpu = cpu_seconds(service.process.pid)
    svc = wrk(os.path.join(ROOT, "bench", "redeem.lua"), service.base, SECONDS, CONCURRENCY,
              {"TENANT": tenant["id"], "TOKEN": token, "CODE_PREFIX": "SVC"})
    svc["cpu_ms_per_request"] = (cpu_seconds(service.process.pid) - cpu) * 1000 / max(1, svc["requests"])
    recorded = int(psql("SELECT count(*) FROM redemptions WHERE user_id LIKE 'wrk-%'", service.schema))
    events = int(psql("SELECT count(*) FROM outbox_events WHERE payload->>'user_id' LIKE 'wrk-%'", service.schema))
    ok_rps = (svc["requests"] - svc["non2xx"]) / SECONDS
    log(f"   service: {svc['rps']:,.0f} req/s ({svc['non2xx']} non-2xx), {recorded:,} redemptions, {events:,} events")
    RESULTS["redeem"] = {"pgbench_tps": tps, "pgbench_latency_ms": lat, "pgbench_recorded": done, "service": svc,
                         "service_ok_rps": ok_rps, "service_recorded": recorded, "service_events": events,
                         "ratio": ok_rps / tps}


def pgbench(schema, script, clients, defines, generic_plans=False):
    """pgbench -M prepared on one script for SECONDS: (transactions/s, average latency in ms). With generic_plans,
    the session plans as the service's connections do (db/PgPools: plan_cache_mode=force_generic_plan)."""
    options = f"-c search_path={schema}" + (" -c plan_cache_mode=force_generic_plan" if generic_plans else "")
    args = ["pgbench", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-n", "-M", "prepared",
            "-c", str(clients), "-j", "2", "-T", str(SECONDS), "-f", script, BENCH_DB]
    for name, value in defines.items():
        args[-1:-1] = ["-D", f"{name}={value}"]
    out = subprocess.run(args, capture_output=True, text=True, env=dict(os.environ, PGOPTIONS=options))
    if out.returncode != 0:
        raise RuntimeError("pgbench failed:\n" + out.stdout + out.stderr)
    return (float(re.search(r"tps = ([\d.]+)", out.stdout).group(1)),
            float(re.search(r"latency average = ([\d.]+) ms", out.stdout).group(1)))


def statements(holder, *names):
    """SQL constants of the service's classes (bench/vertx/Statements.java), one line each: the very statements it sends."""
    out = subprocess.run(["java", "-cp", os.path.join(ROOT, "target", "classes"), os.path.join(ROOT, "bench", "vertx", "Statements.java"),
                          holder, *names], capture_output=True, text=True, check=True).stdout
    return out.strip().split("\n")


def pgbench_script(name, lines):
    """Writes a pgbench script under target/ and answers its path."""
    path = os.path.join(ROOT, "target", name)
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    return path


def bound(sql, values):
    """A statement with its parameters $n replaced by pgbench expressions (highest number first, so $1 spares $10)."""
    for number in sorted(values, reverse=True):
        sql = sql.replace(f"${number}", values[number])
    return sql


def project_classpath():
    """The service's dependencies, for the single-file Java programs of bench/vertx/."""
    cp_file = os.path.join(ROOT, "target", "bench-classpath.txt")
    if not os.path.exists(cp_file):
        subprocess.run(["mvn", "-q", "-B", "-Dstyle.color=never", "dependency:build-classpath", f"-Dmdep.outputFile={cp_file}"],
                       cwd=ROOT, capture_output=True, text=True, check=True)
    return open(cp_file).read().strip()


def validate_vs_bare(service, tenant, token):
    log("b. validate (cached public code) vs a bare Vert.x server returning a constant JSON")
    service.definition(tenant, {"code_format": "fixed", "code": "BENCHPUBLIC",
                                "usage_limit": {"limit_type": "per_user", "max_uses": 1, "max_total_uses": 1_000_000}})
    env = {"TENANT": tenant["id"], "TOKEN": token, "CODE": "BENCHPUBLIC"}
    script = os.path.join(ROOT, "bench", "validate.lua")
    first = subprocess.run(["curl", "-s", f"{service.base}/v1/coupons/{tenant['id']}/validate/BENCHPUBLIC", "-H",
                            f"Authorization: Bearer {token}"], capture_output=True, text=True).stdout
    assert '"valid":true' in first, first
    seconds = max(5, SECONDS * 3 // 4)
    cpu = cpu_seconds(service.process.pid)
    svc = wrk(script, service.base, seconds, CONCURRENCY * 2, env)
    svc["cpu_ms_per_request"] = (cpu_seconds(service.process.pid) - cpu) * 1000 / max(1, svc["requests"])
    classpath = project_classpath()
    bare_log = open(os.path.join(ROOT, "target", "bench-bare-vertx.log"), "w")
    bare = subprocess.Popen(["java", "-cp", classpath, os.path.join(ROOT, "bench", "vertx", "BareVertx.java"), str(BARE_PORT),
                             str(os.cpu_count())], stdout=bare_log, stderr=subprocess.STDOUT)
    try:
        wait_port(BARE_PORT)
        cpu = cpu_seconds(bare.pid)
        base = wrk(script, f"http://127.0.0.1:{BARE_PORT}", seconds, CONCURRENCY * 2, env)
        base["cpu_ms_per_request"] = (cpu_seconds(bare.pid) - cpu) * 1000 / max(1, base["requests"])
    finally:
        bare.terminate()
        bare.wait(20)
    log(f"   validate {svc['rps']:,.0f} req/s vs bare Vert.x {base['rps']:,.0f} req/s")
    RESULTS["validate"] = {"service": svc, "bare": base, "ratio": svc["rps"] / base["rps"], "seconds": seconds,
                           "connections": CONCURRENCY * 2}
    # The same validate on a second instance of the same schema with its caches off (CACHE_ENABLED=false).
    uncached_service = Service(port=SERVICE_PORT + 5, extra_env={"REDIS_URL": REDIS_URL, "CACHE_ENABLED": "false"},
                               share_with=service)
    try:
        uncached = wrk(script, uncached_service.base, seconds, CONCURRENCY * 2, env)
    finally:
        uncached_service.stop()
    RESULTS["validate"]["uncached"] = uncached
    log(f"   validate with caches {svc['rps']:,.0f} req/s vs without {uncached['rps']:,.0f} req/s")


def stampede(service, tenant, token):
    log(f"c. stampede: {STAMPEDE:,} distinct players on one public code capped at 100")
    definition = service.definition(tenant, {"code_format": "fixed", "code": "STAMPEDE",
                                             "usage_limit": {"limit_type": "per_user", "max_uses": 1, "max_total_uses": 100}})
    time.sleep(11)  # PostgreSQL flushes a backend's statistics at most every 10 s when it idles
    before = pg_stats(service.schema)
    time.sleep(11)
    idle = pg_stats(service.schema)  # what the relay and webhook sender do on their own in 11 s
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    requests = [loadgen.http_request("POST", f"/v1/coupons/{tenant['id']}/redeem/STAMPEDE", headers,
                                     json.dumps({"user_id": f"stampede-{i}"}).encode()) for i in range(STAMPEDE)]
    results, elapsed = loadgen.closed_loop("127.0.0.1", SERVICE_PORT, requests, 64)
    time.sleep(11)
    after = pg_stats(service.schema)
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    lat = sorted(t * 1000 for _, t in results)
    recorded = int(psql(f"SELECT count(*) FROM redemptions WHERE definition_id = '{definition['id']}'", service.schema))
    total_uses = int(psql(f"SELECT total_uses FROM coupon_definitions WHERE id = '{definition['id']}'", service.schema))
    background = (idle[0] - before[0]) * (elapsed + 11) / 11
    RESULTS["stampede"] = {"attempts": len(results), "elapsed": elapsed, "rps": len(results) / elapsed, "statuses": statuses,
                           "p50": loadgen.percentile(lat, 50), "p99": loadgen.percentile(lat, 99), "max": lat[-1],
                           "recorded": recorded, "total_uses": total_uses, "xacts": after[0] - idle[0],
                           "background_xacts": background, "coupon_scans": after[1] - idle[1]}
    s = RESULTS["stampede"]
    log(f"   {s['rps']:,.0f} attempts/s, statuses {statuses}, {recorded} recorded, {s['xacts']} PostgreSQL transactions "
        f"(~{background:.0f} of them background), {s['coupon_scans']} scans of coupons")


def constant_rate(service, tenant, token):
    peak = RESULTS["redeem"]["service_ok_rps"]
    rate = max(50, round(peak / 2))
    log(f"d. latency at 50 % of the peak redeem rate: {LATENCY_RUNS} consecutive runs of {rate} req/s for {SECONDS} s, "
        f"from the scheduled send times")
    runs = [constant_rate_run(service, tenant, token, rate, run) for run in range(LATENCY_RUNS)]
    RESULTS["latency"] = runs[0]
    RESULTS["latency_runs"] = [{k: v for k, v in r.items() if k != "sorted"} for r in runs]


def constant_rate_run(service, tenant, token, rate, run):
    seconds = SECONDS
    prefix = f"LAT{run}"
    definition = service.definition(tenant, {"code_prefix": prefix, "code_length": 10})
    insert_codes(service.schema, tenant["id"], definition["id"], prefix, 2, rate * seconds + 10)  # <prefix>-1-*: the generator's warm-up
    # Earlier phases wrote about half of max_wal_size: a checkpoint started by the WAL's growth would otherwise fall
    # in these 20 s (p99 75-80 ms while it writes). Taken here, the full-page images it makes the
    # next writes log fall in the generator's warm-up. docs/benchmarks.md reports both.
    admin_psql("CHECKPOINT")
    out_file = os.path.join(ROOT, "target", "bench-latencies.txt")
    summary = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", project_classpath(), os.path.join(ROOT, "bench", "vertx", "OpenLoop.java"),
                              "127.0.0.1", str(SERVICE_PORT), str(rate), str(seconds), "64",
                              f"/v1/coupons/{tenant['id']}/redeem/{prefix}-0-", f"Bearer {token}", '{"user_id":"' + prefix.lower() + '-', out_file,
                              f"/v1/coupons/{tenant['id']}/redeem/{prefix}-1-"],
                             capture_output=True, text=True, check=True)
    sys.stderr.write(summary.stderr)
    summary_err = summary.stderr
    summary = summary.stdout.split()
    sent, ok, elapsed = int(summary[-3]), int(summary[-2]), float(summary[-1])
    lat = [float(line) for line in open(out_file)]
    late = re.search(r"requests left p50 ([\d.]+) ms, p99 ([\d.]+) ms", summary_err)
    r = {"rate": rate, "seconds": seconds, "sent": sent, "ok": ok, "achieved": sent / elapsed,
         "late_p50": float(late.group(1)), "late_p99": float(late.group(2)),
         "p50": loadgen.percentile(lat, 50), "p90": loadgen.percentile(lat, 90), "p99": loadgen.percentile(lat, 99),
         "p999": loadgen.percentile(lat, 99.9), "max": lat[-1], "sorted": lat}
    log(f"   run {run + 1}: p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, p99.9 {r['p999']:.2f} ms, max {r['max']:.1f} ms ({ok}/{sent} ok)")
    return r


def minimal_redeem_baseline(service):
    log(f"a2. redemption baseline: a plain 5-statement transaction on a minimal table, pgbench -c {CONCURRENCY}")
    per_client = 12_000
    psql(f"""CREATE TABLE mini_coupons (id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, used boolean NOT NULL DEFAULT false);
             CREATE TABLE mini_redemptions (id bigserial PRIMARY KEY, coupon_id bigint NOT NULL, user_id text NOT NULL,
                                            redeemed_at timestamptz NOT NULL DEFAULT now());
             INSERT INTO mini_coupons (code) SELECT 'MIN-' || c || '-' || i
             FROM generate_series(0, {CONCURRENCY - 1}) AS c, generate_series(1, {per_client}) AS i;
             VACUUM ANALYZE mini_coupons""", service.schema)
    tps, lat = pgbench(service.schema, os.path.join(ROOT, "bench", "minimal_redeem.sql"), CONCURRENCY, {"i": 0})
    red = RESULTS["redeem"]
    red.update({"minimal_tps": tps, "minimal_latency_ms": lat, "minimal_ratio": red["service_ok_rps"] / tps})
    log(f"   minimal transaction: {tps:,.0f} tps; service {red['service_ok_rps']:,.0f}/s: {red['minimal_ratio']:.2f}x")


def validate_own_vs_pgbench(service, tenant, token):
    connections = CONCURRENCY * 2
    per_group = OWN_CODES // 2
    log(f"f. validate of a player's own code: random codes of {OWN_CODES:,}, service vs pgbench on the statement it sends, "
        f"{connections} concurrent")
    definition = service.definition(tenant, {"code_prefix": "OWN", "code_length": 10})
    insert_codes(service.schema, tenant["id"], definition["id"], "OWN", 2, per_group)
    # One code per execution: the statement the service sends for a validate that finds no other waiting.
    sql = bound(statements("gg.phoenix.coupons.coupon.CouponSql", "FIND_BY_CODES")[0],
                {1: "ARRAY[:tenant::text]", 2: "ARRAY['OWN-' || :g || '-' || :i]"})
    script = pgbench_script("bench-find-by-codes.sql", ["\\set g random(0, 1)", f"\\set i random(1, {per_group})", sql + ";"])
    tps, lat = pgbench(service.schema, script, connections, {"tenant": tenant["id"]}, generic_plans=True)
    env = {"TENANT": tenant["id"], "TOKEN": token, "CODE_PREFIX": "OWN", "GROUPS": "2", "PER_GROUP": str(per_group)}
    lua = os.path.join(ROOT, "bench", "validate_own.lua")
    wrk(lua, service.base, max(5, WARMUP // 2), connections, env)  # this path's own warm-up
    cpu = cpu_seconds(service.process.pid)
    svc = wrk(lua, service.base, SECONDS, connections, env)
    svc["cpu_ms_per_request"] = (cpu_seconds(service.process.pid) - cpu) * 1000 / max(1, svc["requests"])
    RESULTS["validate_own"] = {"pgbench_tps": tps, "pgbench_latency_ms": lat, "service": svc, "ratio": svc["rps"] / tps,
                               "connections": connections, "codes": 2 * per_group}
    log(f"   pgbench {tps:,.0f} tps, service {svc['rps']:,.0f} req/s ({svc['non2xx']} non-2xx): {svc['rps'] / tps:.2f}x")


def user_views_vs_pgbench(service, tenant, token):
    log(f"g. GET /user/{{id}} and /user/{{id}}/redemptions, {PLAYERS:,} players with {USER_COUPONS} redeemed coupons each, "
        f"vs pgbench on their statements, {CONCURRENCY} concurrent")
    definition = service.definition(tenant, {"code_prefix": "USR", "code_length": 10})
    psql(f"""INSERT INTO coupons (tenant_id, definition_id, code, max_uses, user_id)
             SELECT '{tenant['id']}', '{definition['id']}', 'USR-' || p || '-' || i, 1, 'player-' || p
             FROM generate_series(1, {PLAYERS}) AS p, generate_series(1, {USER_COUPONS}) AS i;
             INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id)
             SELECT tenant_id, id, definition_id, user_id FROM coupons WHERE definition_id = '{definition['id']}';
             VACUUM ANALYZE""", service.schema)
    coupons_sql, redemptions_sql = statements("gg.phoenix.coupons.coupon.CouponSql", "LIST_USER_COUPONS", "LIST_USER_REDEMPTIONS")
    player = "'player-' || :p"
    # As the service sends them without ?limit=: a page of 1,000 coupons (asked as 1,001) and 100 redemptions.
    views = {"coupons": ("", bound(coupons_sql, {1: ":tenant", 2: player, 3: "1001"})),
             "redemptions": ("/redemptions", bound(redemptions_sql, {1: ":tenant", 2: player, 3: "100"}))}
    RESULTS["user_views"] = {"players": PLAYERS, "coupons_each": USER_COUPONS}
    lua = os.path.join(ROOT, "bench", "user_views.lua")
    for name, (suffix, sql) in views.items():
        script = pgbench_script(f"bench-user-{name}.sql", [f"\\set p random(1, {PLAYERS})", sql + ";"])
        tps, lat = pgbench(service.schema, script, CONCURRENCY, {"tenant": tenant["id"]}, generic_plans=True)
        env = {"TENANT": tenant["id"], "TOKEN": token, "PLAYERS": str(PLAYERS), "SUFFIX": suffix}
        wrk(lua, service.base, max(5, WARMUP // 3), CONCURRENCY, env)
        svc = wrk(lua, service.base, SECONDS, CONCURRENCY, env)
        RESULTS["user_views"][name] = {"pgbench_tps": tps, "service": svc, "ratio": svc["rps"] / tps}
        log(f"   {name}: pgbench {tps:,.0f} tps, service {svc['rps']:,.0f} req/s ({svc['non2xx']} non-2xx): {svc['rps'] / tps:.2f}x")


def scaling(service, tenant_token):
    topology = os.path.join(ROOT, "docker", "topology.sh")
    if not os.path.exists(topology):
        log("e. scaling: skipped: no docker/topology.sh")
        RESULTS["scaling"] = "skipped: no docker/topology.sh"
        return
    log("e. scaling: two instances behind the load balancer (docker/topology.sh start) vs one of them alone")
    # The two instances share the single service's database, schema and Redis db, so the same codes validate.
    env = dict(os.environ, LB_PORT=str(LB_PORT), APP_PORTS=f"{LB_PORT + 1} {LB_PORT + 2}",
               OPS_PORTS=f"{LB_PORT + 3} {LB_PORT + 4}", REDIS_URL=REDIS_URL,
               PG_SCHEMA=service.schema, ADMIN_TOKEN=service.admin_token, EMBEDDED="false")
    # topology.sh keeps instances it finds running: left from an earlier run, they would serve another database.
    subprocess.run(["bash", topology, "stop"], env=env, capture_output=True)
    subprocess.run(["bash", topology, "start"], env=env, check=True)
    try:
        wait_port(LB_PORT)
        RESULTS["scaling"] = "ran docker/topology.sh start; see the validate figures through the load balancer below"
        tenant, token = tenant_token
        script, env = os.path.join(ROOT, "bench", "validate.lua"), {"TENANT": tenant["id"], "TOKEN": token, "CODE": "BENCHPUBLIC"}
        # The two instances are new JVMs: warmed up through the balancer like the single service at the start.
        wrk(script, f"http://127.0.0.1:{LB_PORT}", WARMUP, CONCURRENCY * 2, env)
        RESULTS["scaling_validate"] = wrk(script, f"http://127.0.0.1:{LB_PORT}", SECONDS, CONCURRENCY * 2, env)
        # One of the same two instances, warm, asked directly on the same cores while the other idles.
        RESULTS["scaling_one"] = wrk(script, f"http://127.0.0.1:{LB_PORT + 1}", SECONDS, CONCURRENCY * 2, env)
        log(f"   through nginx {RESULTS['scaling_validate']['rps']:,.0f} req/s, one instance directly "
            f"{RESULTS['scaling_one']['rps']:,.0f} req/s")
    finally:
        subprocess.run(["bash", topology, "stop"], env=env)


def wait_port(port, seconds=60):
    import socket
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------------------------------------------

def main():
    started = time.time()
    build_jar()
    admin_psql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    admin_psql(f"CREATE DATABASE {BENCH_DB}")
    service = Service(port=SERVICE_PORT, extra_env={"REDIS_URL": REDIS_URL})
    try:
        tenant = service.tenant()
        token = jwt(tenant)
        warm_up(service, tenant, token)
        redemption_vs_pgbench(service, tenant, token)
        minimal_redeem_baseline(service)
        validate_vs_bare(service, tenant, token)
        validate_own_vs_pgbench(service, tenant, token)
        user_views_vs_pgbench(service, tenant, token)
        stampede(service, tenant, token)
        constant_rate(service, tenant, token)
        RESULTS["rss_mb"] = peak_rss_mb(service.process.pid)
        log(f"service peak RSS (VmHWM): {RESULTS['rss_mb']:.0f} MB")
        scaling(service, (tenant, token))
    finally:
        service.stop()
        admin_psql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    RESULTS["elapsed"] = time.time() - started
    import report
    report.write(RESULTS, machine(), ROOT)
    log(f"done in {RESULTS['elapsed']:.0f} s: docs/benchmarks.md, docs/bench-latency.svg")


if __name__ == "__main__":
    main()
