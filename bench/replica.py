#!/usr/bin/env python3
"""What reading from a streaming replica (PG_REPLICA_HOST) costs and gives on one read endpoint, GET /user/{id} (a
player's coupons, 20 each): one service reading from the primary only and one with a replica made from this
machine's PostgreSQL by pg_basebackup, on the same schema and data, measured in turns (direct, replica, direct,
replica, both processes running throughout so that each JVM is as warm as the other) so that the machine's
drift shows. For each turn: throughput, latency, the service's CPU per request, the
reads each pool served (the service's /metrics) and the CPU the replica's server spent per request.

    python3 bench/replica.py       (BENCH_SECONDS 20, BENCH_WARMUP 15, BENCH_CONCURRENCY 16: bench.py's settings;
                                    BENCH_TURNS 2 pairs of turns)

Needs PostgreSQL 15's binaries under /usr/lib/postgresql/15/bin and replication connections from 127.0.0.1 allowed
(.ci/run adds the pg_hba.conf line). Runs in a database of its own (coupon_replica_bench, dropped and made again),
Redis db 12, ports 18171-18172 and 19171-19172, the replica on 18179 in target/replica-bench (removed after).
Prints one line per measurement and writes its section of docs/benchmarks.md (bench.py keeps it).
"""
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import report  # noqa: E402
from service import PG, ROOT, Service, build_jar, jwt, machine, psql  # noqa: E402

BENCH_DB = "coupon_replica_bench"
PG["db"] = BENCH_DB
BIN = "/usr/lib/postgresql/15/bin"
REPLICA_PORT = 18179
REPLICA_DIR = os.path.join(ROOT, "target", "replica-bench")
REDIS_URL = "redis://127.0.0.1:6379/12"
PLAYERS = 1000
COUPONS_EACH = 20
TURNS = int(os.environ.get("BENCH_TURNS", "2"))  # pairs of turns: direct, then replica-routed


def as_server(*command):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + list(command), check=True, capture_output=True, text=True).stdout


def make_replica():
    shutil.rmtree(REPLICA_DIR, ignore_errors=True)
    os.makedirs(REPLICA_DIR, mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(REPLICA_DIR, "postgres", "postgres")
    data = os.path.join(REPLICA_DIR, "data")
    as_server(f"{BIN}/pg_basebackup", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-D", data, "-X", "stream",
              "-R", "-c", "fast")
    settings = bench.admin_psql("SELECT name || ' = ' || setting FROM pg_settings WHERE name IN ('max_connections', "
                                "'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', "
                                "'max_locks_per_transaction')")
    conf = [f"port = {REPLICA_PORT}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{REPLICA_DIR}'",
            "hot_standby = on"] + settings.split("\n")
    for name, text in (("postgresql.conf", "\n".join(conf) + "\n"),
                       ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n")):
        with open(os.path.join(data, name), "w") as out:
            out.write(text)
        if os.geteuid() == 0:
            shutil.chown(os.path.join(data, name), "postgres", "postgres")
    as_server(f"{BIN}/pg_ctl", "-D", data, "-l", os.path.join(REPLICA_DIR, "log.txt"), "-w", "-t", "60", "start")


def drop_replica():
    data = os.path.join(REPLICA_DIR, "data")
    if os.path.exists(os.path.join(data, "postmaster.pid")):
        as_server(f"{BIN}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    shutil.rmtree(REPLICA_DIR, ignore_errors=True)


def replica_cpu_seconds():
    """CPU of every process of the replica's server (its postmaster and children) so far."""
    with open(os.path.join(REPLICA_DIR, "data", "postmaster.pid")) as pid_file:
        postmaster = int(pid_file.readline())
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    total = 0.0
    for pid in [postmaster] + [int(c) for c in children]:
        try:
            total += bench.cpu_seconds(pid)
        except FileNotFoundError:
            pass
    return total


def served(service):
    text = urllib.request.urlopen(service.ops + "/metrics").read().decode()
    counts = dict(re.findall(r'coupons_replica_routed_reads_total\{[^}]*pool="(\w+)"[^}]*\} ([\d.eE+]+)', text))
    return {pool: float(counts.get(pool, 0)) for pool in ("replica", "primary")}


def seed(service):
    tenant = service.tenant()
    definition = service.definition(tenant, {"code_prefix": "RPL", "code_length": 10})
    psql(f"""INSERT INTO coupons (tenant_id, definition_id, code, max_uses, user_id)
             SELECT '{tenant['id']}', '{definition['id']}', 'RPL-' || p || '-' || i, 1, 'player-' || p
             FROM generate_series(1, {PLAYERS}) AS p, generate_series(1, {COUPONS_EACH}) AS i;
             VACUUM ANALYZE""", service.schema)
    return tenant


def measure(name, service, tenant, with_replica):
    lua = os.path.join(ROOT, "bench", "user_views.lua")
    env = {"TENANT": tenant["id"], "TOKEN": jwt(tenant), "PLAYERS": str(PLAYERS), "SUFFIX": ""}
    bench.wrk(lua, service.base, bench.WARMUP, bench.CONCURRENCY, env)
    before = served(service) if with_replica else None
    cpu = bench.cpu_seconds(service.process.pid)
    replica_cpu = replica_cpu_seconds()
    result = bench.wrk(lua, service.base, bench.SECONDS, bench.CONCURRENCY, env)
    requests = max(1, result["requests"])
    result["service_cpu_ms"] = (bench.cpu_seconds(service.process.pid) - cpu) * 1000 / requests
    result["replica_cpu_ms"] = (replica_cpu_seconds() - replica_cpu) * 1000 / requests
    if with_replica:
        after = served(service)
        result["replica_share"] = (after["replica"] - before["replica"]) / requests
    bench.log(f"{name:>8}: {result['rps']:8,.0f} req/s  p50 {result['latency_ms']['50']:.2f} ms  "
              f"p99 {result['latency_ms']['99']:.2f} ms  non-2xx {result['non2xx']}  service {result['service_cpu_ms']:.3f} ms "
              f"CPU/request  replica server {result['replica_cpu_ms']:.3f} ms CPU/request"
              + (f"  {result['replica_share']:.0%} served by the replica" if with_replica else ""))
    return result


def main():
    build_jar()
    bench.admin_psql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    bench.admin_psql(f"CREATE DATABASE {BENCH_DB}")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()[0]
    bench.log(f"machine: {machine()}; load average {load:.2f}; {bench.CONCURRENCY} concurrent reads of a player's "
              f"coupons ({PLAYERS:,} players, {COUPONS_EACH} each), {bench.SECONDS} s per turn after {bench.WARMUP} s of warm-up")
    common = {"REDIS_URL": REDIS_URL, "EMBEDDED": "false"}
    turns = []
    owner = Service(port=18171, extra_env=common)
    routed = None
    try:
        tenant = seed(owner)
        make_replica()
        # Both run the whole time, so that each turn finds its JVM as warm as the other's.
        routed = Service(port=18172, share_with=owner, extra_env=dict(
            common, PG_REPLICA_HOST="127.0.0.1", PG_REPLICA_PORT=str(REPLICA_PORT)))
        for turn in range(TURNS):
            turns.append(("direct", measure("direct", owner, tenant, False)))
            turns.append(("replica", measure("replica", routed, tenant, True)))
    finally:
        if routed:
            routed.stop()
        owner.stop()
        drop_replica()
        bench.admin_psql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    direct = [r["rps"] for mode, r in turns if mode == "direct"]
    replica = [r["rps"] for mode, r in turns if mode == "replica"]
    ratio = (sum(replica) / len(replica)) / (sum(direct) / len(direct))
    bench.log(f"replica-routed reads: {ratio:.2f}x the throughput of reads from the primary alone")
    report.write_section(ROOT, "replica", section(turns, ratio, started, load))


def section(turns, ratio, started, load):
    cpu = {mode: sum(f["service_cpu_ms"] for m, f in turns if m == mode) / sum(1 for m, _ in turns if m == mode)
           for mode in ("direct", "replica")}
    routed = [f for m, f in turns if m == "replica"]
    replica_cpu = sum(f["replica_cpu_ms"] for f in routed) / len(routed)
    rows = []
    for i, (mode, f) in enumerate(turns):
        label = "primary only" if mode == "direct" else "replica-routed (`PG_REPLICA_HOST`)"
        share = f"{f['replica_share']:.0%}" if mode == "replica" else "–"
        rows.append(f"| {i // 2 + 1} | {label} | {f['rps']:,.0f} | {f['latency_ms']['50']:.2f} | {f['latency_ms']['99']:.2f} | "
                    f"{f['service_cpu_ms']:.3f} | {share} | {f['replica_cpu_ms']:.3f} |")
    return f"""## 7. Reads from a streaming replica (`PG_REPLICA_HOST`)

Produced by `python3 bench/replica.py` on {started}: `GET /user/{{id}}` (a player's coupons, {COUPONS_EACH} each, {PLAYERS:,}
players), {bench.CONCURRENCY} concurrent for {bench.SECONDS} s per turn (`BENCH_SECONDS={bench.SECONDS} BENCH_WARMUP={bench.WARMUP} BENCH_TURNS={TURNS}`) after {bench.WARMUP} s of warm-up, from one service
reading from the primary only and one routing reads to a replica made of this machine's PostgreSQL by `pg_basebackup`
(a second cluster on the same cores), both running throughout and measured in turns. Machine: {machine()}, load average {load:.1f} when it started
(whatever else ran on the machine shares its cores): compare the turns with each other, not with the figures above.

| Turn | Reads | req/s | p50 ms | p99 ms | service CPU ms/request | served by the replica | replica server CPU ms/request |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Replica-routed reads ran at **{ratio:.2f}×** the throughput of reads from the primary alone (mean of the turns;
the spread between turns of the same kind is this machine's drift). The service spent {cpu['replica']:.3f} ms of CPU
per routed read against {cpu['direct']:.3f} ms per read from the primary alone (means of the turns; compare turn by
turn to see how much of the gap is drift): the routing's own work is one Redis `EXISTS` of the pins per read
besides the query. The replica's server spent {replica_cpu:.3f} ms of CPU per read it served (in the primary-only
turns, what it spends replaying the machine's other writes): work the primary did not do. On this one machine the replica is a second cluster on the same two cores,
so it adds no capacity and the throughput can only show the routing's cost; on a machine of its own the replica
takes that work off the primary ([scaling.md](scaling.md#3-read-replicas)).
"""


if __name__ == "__main__":
    main()
