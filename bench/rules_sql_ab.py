#!/usr/bin/env python3
"""The batched redemption statement alone, before and after a change to its rules: pgbench runs statement A and
statement B (CouponSql.CONSUME_OWN_COUPONS_BY_CODE of two builds, one entry per statement, as under light load)
in alternating rounds on one schema, so that both meet the same data and the same machine load. Codes are own
coupons without a use limit in a batch that is not revoked, of a definition without eligibility: the common case,
whose cost the change must keep low. Prints tps per round and the B/A ratio of the medians.

Usage: SQL_A=a.sql SQL_B=b.sql JAR_B=b.jar python3 bench/rules_sql_ab.py (each .sql holds the statement's text;
the schema is made by the service jar JAR_B). Settings: RULES_SQL_AB_ROUNDS (3 of each), RULES_SQL_AB_SECONDS (10),
RULES_SQL_AB_CLIENTS (8), RULES_SQL_AB_SYNCHRONOUS_COMMIT (on; off leaves out the commit's flush, which
otherwise hides the statement's own cost). Database coupon_rules_ab (made and dropped).
"""
import os
import re
import statistics
import subprocess
import sys

DB = "coupon_rules_ab"
os.environ["PG_DATABASE"] = DB  # read by service.py
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from rules_ab import admin, codes_in_a_batch  # noqa: E402
from service import PG, ROOT, Service, machine, psql  # noqa: E402

ROUNDS = int(os.environ.get("RULES_SQL_AB_ROUNDS", "3"))
SECONDS = int(os.environ.get("RULES_SQL_AB_SECONDS", "10"))
CLIENTS = int(os.environ.get("RULES_SQL_AB_CLIENTS", "8"))
SYNC = os.environ.get("RULES_SQL_AB_SYNCHRONOUS_COMMIT", "on")  # off: the statements' own work, without the WAL flush
CODES = 90_000  # per wrk thread of codes_in_a_batch: SVC-0-<n> and SVC-1-<n>

# The statement's parameters as one entry: tenant, code, player, time, event id and (after the change) no context.
PARAMETERS = {"$1": "ARRAY[:tenant]::text[]", "$2": "ARRAY['SVC-' || :g || '-' || :n]::text[]",
              "$3": "ARRAY['pgb-' || :client_id]::text[]", "$4": "ARRAY[now()]::timestamptz[]",
              "$5": "ARRAY[gen_random_uuid()]::uuid[]", "$6": "ARRAY[NULL]::text[]"}


def script(sql_file, out):
    with open(sql_file) as f:
        sql = f.read().strip().rstrip(";")
    sql = re.sub(r"\$\d(::\w+\[\])?", lambda m: PARAMETERS[m.group(0)[:2]], sql)
    # pgbench reads :MI and :SS of the timestamp format as variables: the same format, spelt without them
    sql = sql.replace("HH24:MI:SS", "HH24' || ':' || 'MI' || ':' || 'SS")
    with open(out, "w") as f:
        f.write(f"\\set g random(0, 1)\n\\set n random(1, {CODES})\n{sql};\n")
    return out


def pgbench(file, schema, tenant):
    out = subprocess.run(["pgbench", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-n", "-M", "prepared",
                          "-c", str(CLIENTS), "-j", "2", "-T", str(SECONDS), "-D", f"tenant={tenant}", "-f", file, DB],
                         capture_output=True, text=True, env=dict(os.environ, PGOPTIONS=f"-c search_path={schema} -c synchronous_commit={SYNC}"))
    if out.returncode != 0:
        raise RuntimeError(out.stdout + out.stderr)
    return float(re.search(r"tps = ([\d.]+)", out.stdout).group(1))


def main():
    admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    admin(f"CREATE DATABASE {DB}")
    service = Service(port=18161, jar=os.environ["JAR_B"], extra_env={"REDIS_URL": "redis://127.0.0.1:6379/9"})
    try:
        tenant = service.tenant()
        definition = service.definition(tenant, {"code_prefix": "SVC", "code_length": 10,
                                                 "usage_limit": {"limit_type": "unlimited"}})
        codes_in_a_batch(service, tenant, definition["id"], "SVC", CODES)
        psql("UPDATE coupons SET max_uses = NULL; VACUUM ANALYZE;", service.schema)
        files = {"A": script(os.environ["SQL_A"], os.path.join(ROOT, "target", "rules_a.sql")),
                 "B": script(os.environ["SQL_B"], os.path.join(ROOT, "target", "rules_b.sql"))}
        print(f"machine: {machine()}; pgbench {CLIENTS} clients, {SECONDS} s per round, synchronous_commit {SYNC}", flush=True)
        results = {"A": [], "B": []}
        for n in range(ROUNDS * 2):
            variant = "AB"[n % 2]
            tps = pgbench(files[variant], service.schema, tenant["id"])
            results[variant].append(tps)
            print(f"round {n + 1} {variant}: {tps:,.0f} statements/s", flush=True)
        print(f"redemptions recorded: {psql('SELECT count(*) FROM redemptions', service.schema)}")
        a, b = statistics.median(results["A"]), statistics.median(results["B"])
        print(f"median statements/s: A {a:,.0f}, B {b:,.0f}, B/A {b / a:.3f}")
    finally:
        service.stop()
        admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
