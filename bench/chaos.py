#!/usr/bin/env python3
"""Chaos harness, short version: rounds of concurrent redemptions while a fault is injected at a random
moment, each round checked against PostgreSQL itself.

    python3 bench/chaos.py [--rounds 10] [--seed 7] [--redis private|cluster|shared] [--instances N] [--pgbouncer]

Each round: a new public code (per player 1 use, max_total_uses 100) tried by 500 distinct players, and 100
new single-use coupons each tried 5 times by different players: 1,000 attempts, 64 at a time. Faults, one
kind per round in turn: none, Redis FLUSHDB (of the service's own db 9 only), SCRIPT FLUSH, pg_terminate_backend
on the service's connections (application_name coupon-service, in this harness's own database), SIGKILL of the
service and restart. Once a round's attempts have all been answered, the harness waits past the guard's lease
(GUARD_LEASE_MS) and sends every attempt that was refused once more (one retry pass, as players who try again a
little later). After each round, from PostgreSQL: uses recorded <= cap, and = cap (the demand exceeds both caps
fivefold, so after the retry pass a round that ends under its cap refused a use it had), every answered 200 is a recorded
use (recorded - answered 200 <= attempts that lost their connection, the only way a committed use can go
unanswered; such attempts are sent again, as a game backend would, until the service answers), one coupon.redeemed outbox event per recorded use, no coupon past its max_uses, total_uses equal
to the recorded uses. One summary line per fault kind. Exits 1 when an invariant is broken.
Redis: `private` (default) is a redis-server of the harness's own on 127.0.0.1:18130, so it may also be
restarted (fault redis-restart); `cluster` is a three-master Redis Cluster of its own on 18131-18133 (the
service runs with REDIS_TYPE=cluster; redis-restart restarts one master); `shared` is db 9 of the machine's
Redis, which is never restarted. The service runs alone on port 18120, or with --instances N (2 or more) as N
instances (18121, 18122, ...; ops listeners 18141, ...) behind nginx on 18120 (docker/topology.sh, the load balancer
of docker/), with --pgbouncer all through one PgBouncer in transaction mode on 18149; there kill-restart kills
one of the two, and a 502/504 from nginx counts as a broken connection: the player tries again.

After the redemption rounds, one job-kill round (skipped with --job-codes 0): a tenant asks for --job-codes
unassigned codes (100,000 by default; 1,000,000 for the full version), and once a third of them are written the
harness SIGKILLs the instance that runs the job (the pid in the job's claim) and starts it again. The job must end
`done` with exactly that many codes, no code twice (in any case), one coupon.generation_completed event, and a
claim other than the killed one's: taken over by the other instance, or by the restarted one once the killed
one's heartbeat is older than JOB_TAKEOVER_MS (set to 3 s here).
"""
import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid

CHAOS_DB = "coupon_chaos"
os.environ["PG_DATABASE"] = CHAOS_DB
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import loadgen  # noqa: E402
from service import JAR, PG, ROOT, Service, build_jar, psql  # noqa: E402
from bench import admin_psql, jwt  # noqa: E402

PG["db"] = CHAOS_DB  # bench.py names its own database when imported

PORT = 18120
OPS_PORT = 18141  # the first ops listener of a topology; the single instance's is PORT + 3
PGBOUNCER_PORT = 18149
RETRIES = 100
LEASE_MS = 2000  # the service's GUARD_LEASE_MS, set explicitly below
# Generation jobs: a killed instance's job is taken over once its claim is 3 s old (docs/jobs.md).
JOB_ENV = {"JOB_HEARTBEAT_MS": "500", "JOB_TAKEOVER_MS": "3000", "JOB_POLL_MS": "250"}
PUBLIC_CAP, SINGLE_COUPONS = 100, 100
# Answers a game backend retries like a broken connection: 503 (the database connection was lost mid-request,
# Retry-After given) and, with several instances, nginx's 502/504 (the instance died under the request).
LB_RETRY = {503}
FAULTS = ["none", "redis-flushdb", "script-flush", "pg-terminate", "kill-restart", "redis-restart"]


def redis_cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True).stdout


def wait_for(condition, what, seconds=30):
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise RuntimeError("timed out waiting for " + what)
        time.sleep(0.1)


def dead(pid):
    """Gone, or a zombie nobody has reaped yet."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.startswith("State:") and "Z" in line.split()[1] for line in status)
    except FileNotFoundError:
        return True


class SharedRedis:
    """db 9 of the machine's Redis: flushed, never restarted."""
    url, type, restartable = "redis://127.0.0.1:6379/9", "standalone", False

    def start(self):
        pass

    def flush(self):
        subprocess.run(["redis-cli", "-n", "9", "FLUSHDB"], capture_output=True, check=True)

    def script_flush(self):
        redis_cli(6379, "SCRIPT", "FLUSH")

    def stop(self):
        self.flush()


class PrivateRedis:
    """A redis-server of the harness's own, keeping nothing on disk, so a restart empties it."""
    type, restartable = "standalone", True

    def __init__(self, ports, workdir):
        self.ports, self.workdir, self.nodes = ports, workdir, {}
        self.url = ",".join(f"redis://127.0.0.1:{port}" for port in ports)

    def start_node(self, port, *extra):
        log = open(os.path.join(self.workdir, f"redis-{port}.log"), "a")
        self.nodes[port] = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                             "--appendonly", "no", *extra], cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: "PONG" in redis_cli(port, "ping"), f"redis on {port}")

    def start(self):
        for port in self.ports:
            self.start_node(port)

    def flush(self):
        for port in self.ports:
            redis_cli(port, "FLUSHALL")

    def script_flush(self):
        for port in self.ports:
            redis_cli(port, "SCRIPT", "FLUSH")

    def restart(self):
        port = self.ports[0]
        self.nodes[port].kill()
        self.nodes[port].wait()
        self.start_node(port, *self.node_args(port))
        self.after_restart()

    def node_args(self, port):
        return []

    def after_restart(self):
        pass

    def stop(self):
        for process in self.nodes.values():
            process.kill()
            process.wait()


class ClusterRedis(PrivateRedis):
    """Three masters on loopback, made with redis-cli --cluster create; the service uses REDIS_TYPE=cluster."""
    type = "cluster"

    def node_args(self, port):
        return ["--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{port}.conf"]

    def start(self):
        for port in self.ports:
            self.start_node(port, *self.node_args(port))
        subprocess.run(["redis-cli", "--cluster", "create", *(f"127.0.0.1:{p}" for p in self.ports),
                        "--cluster-replicas", "0", "--cluster-yes"], capture_output=True, check=True)
        self.after_restart()

    def after_restart(self):
        for port in self.ports:
            wait_for(lambda: "cluster_state:ok" in redis_cli(port, "cluster", "info"), "cluster state ok")


class Instance:
    """The service jar on a fixed schema and port, so that it can be killed and started again on the same data."""

    def __init__(self, schema, admin_token, redis):
        self.schema, self.admin_token, self.process, self.redis = schema, admin_token, None, redis
        self.log = open(os.path.join(ROOT, "target", "chaos-service.log"), "a")

    def start(self):
        env = dict(os.environ, HTTP_PORT=str(PORT), OPS_PORT=str(PORT + 3), PG_SCHEMA=self.schema, ADMIN_TOKEN=self.admin_token, PG_HOST=PG["host"],
                   PG_PORT=PG["port"], PG_DATABASE=CHAOS_DB, PG_USER=PG["user"], REDIS_URL=self.redis.url, REDIS_TYPE=self.redis.type,
                   EMBEDDED="false", GUARD_LEASE_MS=str(LEASE_MS), **JOB_ENV)
        self.process = subprocess.Popen(["java", "-Xmx256m", "-jar", JAR], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                import socket
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("service did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def kill_pid(self, pid):
        """SIGKILLs the instance if it has this pid, and starts it again; False when no instance has it."""
        if self.process.pid != pid:
            return False
        self.kill()
        self.start()
        return True

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


class Topology:
    """Instances behind nginx, run by docker/topology.sh on the harness's schema; kill() takes the first down."""

    def __init__(self, schema, admin_token, redis, instances, pgbouncer):
        self.schema, self.admin_token, self.redis = schema, admin_token, redis
        self.ports = [PORT + 1 + i for i in range(instances)]
        self.run_dir = os.path.join(ROOT, "target", "chaos-topology")
        self.env = dict(os.environ, PG_SCHEMA=schema, ADMIN_TOKEN=admin_token, PG_HOST=PG["host"], PG_PORT=PG["port"],
                        PG_DATABASE=CHAOS_DB, PG_USER=PG["user"], REDIS_URL=redis.url, REDIS_TYPE=redis.type,
                        EMBEDDED="false", GUARD_LEASE_MS=str(LEASE_MS), LB_PORT=str(PORT),
                        APP_PORTS=" ".join(map(str, self.ports)),
                        OPS_PORTS=" ".join(str(OPS_PORT + i) for i in range(instances)), RUN_DIR=self.run_dir,
                        PGBOUNCER="1" if pgbouncer else "0", PGBOUNCER_PORT=str(PGBOUNCER_PORT), JAR=JAR, **JOB_ENV)

    def start(self):
        """Starts whatever is not running (every instance and nginx at first, the killed instance later)."""
        subprocess.run(["bash", os.path.join(ROOT, "docker", "topology.sh"), "start"], env=self.env, check=True,
                       capture_output=True)

    def kill(self):
        pid_file = os.path.join(self.run_dir, f"app-{PORT + 1}.pid")
        with open(pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: dead(pid), f"instance {PORT + 1} to die", 10)
        os.remove(pid_file)  # a zombie still answers kill -0: topology.sh would take it for running

    def kill_pid(self, pid):
        """SIGKILLs the instance that has this pid, and starts it again; False when no instance has it."""
        for port in self.ports:
            pid_file = os.path.join(self.run_dir, f"app-{port}.pid")
            with open(pid_file) as f:
                if int(f.read().strip()) != pid:
                    continue
            os.kill(pid, signal.SIGKILL)
            wait_for(lambda: dead(pid), f"instance {port} to die", 10)
            os.remove(pid_file)
            self.start()
            return True
        return False

    def stop(self):
        subprocess.run(["bash", os.path.join(ROOT, "docker", "topology.sh"), "stop"], env=self.env, capture_output=True)


def inject(kind, instance):
    if kind == "redis-flushdb":
        instance.redis.flush()
    elif kind == "script-flush":
        instance.redis.script_flush()
    elif kind == "redis-restart":
        instance.redis.restart()
    elif kind == "pg-terminate":
        admin_psql(f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                   f"WHERE application_name = 'coupon-service' AND datname = '{CHAOS_DB}'")
    elif kind == "kill-restart":
        instance.kill()
        instance.start()


async def attempts(requests, concurrency, fault, instance, rng):
    """Sends every (kind, raw request) with `concurrency` workers; injects the fault at a random moment meanwhile."""
    queue = asyncio.Queue()
    for kind, raw in requests:
        queue.put_nowait((kind, raw, 0))
    results = []
    fault_at = {}

    async def worker():
        conn = None
        while not queue.empty():
            kind, raw, tries = queue.get_nowait()
            started = time.time()
            try:
                if conn is None:
                    conn = await loadgen.Connection.open("127.0.0.1", PORT)
                status, _ = await conn.request(raw)
                if status in LB_RETRY:
                    raise ConnectionResetError(f"load balancer answered {status}")
            except (OSError, asyncio.IncompleteReadError):
                status = -1
                if conn:
                    conn.close()
                conn = None
                await asyncio.sleep(0.2)
                if tries < RETRIES:
                    # as a game backend would: the same player tries again once the service answers
                    queue.put_nowait((kind, raw, tries + 1))
            results.append((kind, status, started, raw))
        if conn:
            conn.close()

    async def chaos():
        if fault is None:
            return
        await asyncio.sleep(rng.uniform(0.05, 0.6))
        fault_at["t"] = time.time()
        await asyncio.get_running_loop().run_in_executor(None, inject, fault, instance)
        fault_at["done"] = time.time()

    await asyncio.gather(chaos(), *(worker() for _ in range(concurrency)))
    return results, fault_at


def job_round(api, tenant, instance, schema, codes):
    """Kills the instance running a generation job of `codes` codes a third of the way; answers the problems seen."""
    definition = api.definition(tenant, {"code_prefix": "JOB", "code_length": 12})
    job = api.call("POST", f"/v1/coupons/{tenant['id']}/definitions/{definition['id']}/coupons", {"count": codes}, tenant=tenant)
    job_id = job["job_id"]

    def job_row():
        return psql(f"SELECT status, done, coalesce(owner, '') FROM generation_jobs WHERE id = '{job_id}'", schema).split("|")

    wait_for(lambda: job_row()[0] != "running" or int(job_row()[1]) >= codes // 3, "a third of the job", 600)
    status, done, owner = job_row()
    if status != "running":
        return [f"the job was {status} before it could be killed (done {done}); ask for more codes"]
    pid = int(owner.split("@")[0])
    started = time.time()
    if not instance.kill_pid(pid):
        return [f"no instance has pid {pid}, the job's claim {owner}"]
    print(f"job-kill: killed pid {pid} with {int(done):,} of {codes:,} codes written; restarted in {time.time() - started:.1f} s", flush=True)
    wait_for(lambda: job_row()[0] != "running", "the job to end", 1200)
    status, done, final_owner = job_row()
    took = time.time() - started
    made, distinct = psql(f"SELECT count(*), count(DISTINCT lower(code)) FROM coupons WHERE definition_id = '{definition['id']}'",
                          schema).split("|")
    events = int(psql(f"SELECT count(*) FROM outbox_events WHERE type = 'coupon.generation_completed' AND payload->>'job_id' = '{job_id}'",
                      schema))
    seen = api.call("GET", f"/v1/coupons/{tenant['id']}/jobs/{job_id}", tenant=tenant)
    print(f"chaos job-kill     : {codes:,} codes, status {status}, done {int(done):,}, coupons {int(made):,} ({int(distinct):,} distinct), "
          f"completion events {events}, ended {took:.1f} s after the kill, API says {seen['status']} {seen['done']:,}/{seen['total']:,}",
          flush=True)
    problems = []
    if status != "done" or seen["status"] != "done":
        problems.append(f"job {status} (API: {seen['status']}, error {seen.get('error')})")
    if int(done) != codes or int(made) != codes or int(distinct) != codes:
        problems.append(f"asked {codes}, done {done}, coupons {made}, distinct {distinct}")
    if events != 1:
        problems.append(f"{events} coupon.generation_completed events")
    if final_owner == owner:
        problems.append("the job ended under the killed instance's claim")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--redis", choices=["private", "cluster", "shared"], default="private")
    parser.add_argument("--instances", type=int, default=1, help="1 alone; 2 or more behind nginx")
    parser.add_argument("--pgbouncer", action="store_true", help="the instances through PgBouncer in transaction mode")
    parser.add_argument("--job-codes", type=int, default=100_000,
                        help="codes of the job-kill round's generation job (1000000 for the full version; 0: no such round)")
    args = parser.parse_args()
    if args.pgbouncer and args.instances < 2:
        parser.error("--pgbouncer runs with docker/topology.sh: give --instances 2 or more")
    if args.instances >= 2:
        LB_RETRY.update({502, 504})
    rng = random.Random(args.seed)
    workdir = os.path.join(ROOT, "target", "chaos-redis")
    os.makedirs(workdir, exist_ok=True)
    for name in os.listdir(workdir):
        os.remove(os.path.join(workdir, name))
    redis = {"private": lambda: PrivateRedis([18130], workdir), "cluster": lambda: ClusterRedis([18131, 18132, 18133], workdir),
             "shared": SharedRedis}[args.redis]()
    faults = [f for f in FAULTS if f != "redis-restart" or redis.restartable]
    redis.start()
    build_jar()
    admin_psql(f"DROP DATABASE IF EXISTS {CHAOS_DB} WITH (FORCE)")
    admin_psql(f"CREATE DATABASE {CHAOS_DB}")
    schema = "chaos_" + uuid.uuid4().hex[:8]
    instance = (Topology(schema, uuid.uuid4().hex, redis, args.instances, args.pgbouncer) if args.instances >= 2
                else Instance(schema, uuid.uuid4().hex, redis))
    instance.start()
    api = Service.__new__(Service)  # only its call/tenant/definition helpers, against the instance above
    api.base, api.admin_token = f"http://127.0.0.1:{PORT}", instance.admin_token
    # The admin API is on an ops listener, never behind nginx: the single instance's, or the one kill() spares.
    api.ops = f"http://127.0.0.1:{OPS_PORT + args.instances - 1 if args.instances >= 2 else PORT + 3}"
    summary = {kind: dict(rounds=0, attempts=0, ok=0, recorded=0, over=0, lost_events=0, unanswered=0, errors5xx=0,
                          conn_errors=0, under_cap=0, retried_ok=0, broken=0) for kind in faults}
    failures = []
    try:
        tenant = api.tenant()
        token = jwt(tenant)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        single = api.definition(tenant, {"code_prefix": "CH", "code_length": 10})
        for r in range(args.rounds):
            fault = faults[r % len(faults)]
            public = api.definition(tenant, {"code_format": "fixed", "code": f"CHAOS{r}",
                                             "usage_limit": {"limit_type": "per_user", "max_uses": 1, "max_total_uses": PUBLIC_CAP}})
            psql(f"""INSERT INTO coupons (tenant_id, definition_id, code, max_uses)
                     SELECT '{tenant['id']}', '{single['id']}', 'R{r}-' || i, 1 FROM generate_series(1, {SINGLE_COUPONS}) AS i""", schema)
            base = f"/v1/coupons/{tenant['id']}/redeem/"
            requests = [("public", loadgen.http_request("POST", f"{base}CHAOS{r}", headers,
                                                        json.dumps({"user_id": f"r{r}-p{i}"}).encode())) for i in range(5 * PUBLIC_CAP)]
            requests += [("single", loadgen.http_request("POST", f"{base}R{r}-{i % SINGLE_COUPONS + 1}", headers,
                                                         json.dumps({"user_id": f"r{r}-s{i}"}).encode())) for i in range(5 * SINGLE_COUPONS)]
            rng.shuffle(requests)
            started = time.time()
            results, fault_at = asyncio.run(attempts(requests, 64, fault, instance, rng))
            # One retry pass once every lease taken before or during the fault has settled: each refused attempt again.
            time.sleep(LEASE_MS / 1000 + 0.5)
            refused = [(kind, raw) for kind, s, _, raw in results if s == 400]
            retry_results, _ = asyncio.run(attempts(refused, 64, None, instance, rng))
            retried_ok = sum(1 for _, s, _, _ in retry_results if s == 200)
            results += retry_results
            retried = sum(1 for _, s, _, _ in results if s == -1)
            ok = {k: sum(1 for kind, s, _, _ in results if kind == k and s == 200) for k in ("public", "single")}
            conn_errors = retried  # attempts whose connection broke; each was sent again until answered
            errors5xx = [(kind, s, round(t - started, 2)) for kind, s, t, _ in results if s >= 500]
            public_uses = int(psql(f"SELECT count(*) FROM redemptions WHERE definition_id = '{public['id']}'", schema))
            single_uses = int(psql(f"SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id "
                                   f"WHERE c.code LIKE 'R{r}-%' AND c.definition_id = '{single['id']}'", schema))
            total_uses = int(psql(f"SELECT total_uses FROM coupon_definitions WHERE id = '{public['id']}'", schema))
            events = int(psql(f"SELECT count(*) FROM outbox_events WHERE type = 'coupon.redeemed' AND payload->>'user_id' LIKE 'r{r}-%'",
                              schema))
            impossible = int(psql(f"SELECT count(*) FROM coupons WHERE tenant_id = '{tenant['id']}' AND (redemption_count > max_uses "
                                  f"OR (status = 'redeemed') <> (max_uses IS NOT NULL AND redemption_count >= max_uses AND status <> 'revoked'))",
                                  schema))
            per_coupon = int(psql(f"SELECT count(*) FROM (SELECT coupon_id FROM redemptions GROUP BY coupon_id HAVING count(*) > 1) x "
                                  f"JOIN coupons c ON c.id = x.coupon_id WHERE c.max_uses = 1", schema))
            recorded = public_uses + single_uses
            answered = ok["public"] + ok["single"]
            problems = []
            if public_uses > PUBLIC_CAP or total_uses > PUBLIC_CAP or per_coupon or impossible:
                problems.append(f"over-redemption: public {public_uses}/{PUBLIC_CAP} (total_uses {total_uses}), {per_coupon} single-use coupons "
                                f"used twice, {impossible} coupons in an impossible state")
            if public_uses < PUBLIC_CAP or single_uses < SINGLE_COUPONS:
                problems.append(f"under the cap after a retry pass: public {public_uses}/{PUBLIC_CAP}, single-use {single_uses}/{SINGLE_COUPONS}")
            if answered > recorded or recorded - answered > conn_errors:
                problems.append(f"answered 200: {answered}, recorded: {recorded}, lost connections: {conn_errors}")
            if events != recorded:
                problems.append(f"{recorded} uses but {events} coupon.redeemed events")
            if total_uses != public_uses:
                problems.append(f"total_uses {total_uses} but {public_uses} redemptions of the public code")
            s = summary[fault]
            s["rounds"] += 1
            s["attempts"] += len(results) - conn_errors
            s["ok"] += answered
            s["recorded"] += recorded
            s["over"] += max(0, public_uses - PUBLIC_CAP) + per_coupon
            s["lost_events"] += recorded - events
            s["unanswered"] += recorded - answered
            s["errors5xx"] += len(errors5xx)
            s["conn_errors"] += conn_errors
            s["under_cap"] += 1 if public_uses < PUBLIC_CAP or single_uses < SINGLE_COUPONS else 0
            s["retried_ok"] += retried_ok
            s["broken"] += 1 if problems else 0
            when = f"fault at +{fault_at.get('t', started) - started:.2f} s" if fault != "none" else "no fault"
            print(f"round {r + 1:2d} {fault:13s} {when}: public {public_uses}/{PUBLIC_CAP} recorded ({ok['public']} answered 200), "
                  f"single-use {single_uses}/{SINGLE_COUPONS} ({ok['single']} answered 200), 200 on the retry pass {retried_ok}, "
                  f"events {events}, 5xx {len(errors5xx)}"
                  + (f" at +{min(e[2] for e in errors5xx)}..+{max(e[2] for e in errors5xx)} s" if errors5xx else "")
                  + f", broken connections retried {conn_errors}" + (f"  PROBLEM: {'; '.join(problems)}" if problems else ""), flush=True)
            failures += [f"round {r + 1} ({fault}): {p}" for p in problems]
        if args.job_codes:
            failures += [f"job-kill: {p}" for p in job_round(api, tenant, instance, schema, args.job_codes)]
    finally:
        instance.stop()
        redis.stop()
        admin_psql(f"DROP DATABASE IF EXISTS {CHAOS_DB} WITH (FORCE)")
    print()
    print(f"redis: {args.redis} ({redis.type}, {redis.url}); instances: {args.instances}"
          + (", through PgBouncer (transaction mode)" if args.pgbouncer else ""))
    for kind, s in summary.items():
        if s["rounds"]:
            print(f"chaos {kind:13s}: rounds {s['rounds']}, attempts {s['attempts']:,}, successes {s['ok']:,} (recorded {s['recorded']:,}, "
                  f"{s['unanswered']} committed but unanswered), over-redemptions {s['over']}, lost events {s['lost_events']}, "
                  f"5xx {s['errors5xx']}, broken connections retried {s['conn_errors']}, 200 on the retry pass {s['retried_ok']}, "
                  f"rounds under the cap after the retry pass {s['under_cap']}, "
                  f"rounds with a broken invariant {s['broken']}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
