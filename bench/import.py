#!/usr/bin/env python3
"""The code import benchmark: a CSV of 1,000,000 codes imported through the API (POST .../coupons/import, streamed,
then its job until done), against a raw COPY of the same file, in the same run:

- into an equivalent table: made LIKE coupons with its defaults, checks and indexes, and its three foreign keys
  (tenant, definition, and tenant + batch), every row in a batch as the import's are (so that the partial index on
  batches and the batch's foreign key are paid too);
- into a plain table: the same columns and defaults, no index, no check, no foreign key.

Each COPY runs once before the import and once after it, each time into a new table, and the ratio is taken against
the mean of the two: the machine is shared, and its load moves during a run of minutes.

    python3 bench/import.py [rows] [--sample-pg] [--jfr] [--write-docs]
"""
import argparse
import collections
import hashlib
import hmac
import http.client
import json
import os
import re
import subprocess
import threading
import time
import uuid

import report
from service import PG, ROOT, Service, build_jar, machine, psql


def write_file(path, rows):
    """code,user_id with a header; every tenth code is a player's."""
    salt = uuid.uuid4().hex[:6].upper()
    with open(path, "w") as out:
        out.write("code,user_id\n")
        for i in range(rows):
            out.write(f"IMP-{salt}-{i:07d},{'player-' + str(i) if i % 10 == 0 else ''}\n")


def upload(service, tenant, definition, body):
    path = f"/v1/coupons/{tenant['id']}/definitions/{definition['id']}/coupons/import?label=bench"
    timestamp = str(int(time.time()))
    mac = hmac.new(tenant["secret"].encode(), f"POST\n{path}\n{timestamp}\n".encode(), hashlib.sha256)
    mac.update(body)
    conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=600)
    conn.request("POST", path, body=body, headers={
        "Content-Type": "text/csv", "X-Tenant-Id": tenant["id"], "X-Timestamp": timestamp,
        "X-Signature": "hmac-sha256=" + mac.hexdigest()})
    response = conn.getresponse()
    answer = json.loads(response.read())
    assert response.status == 202, answer
    return answer


def copy_into(kind, path, schema, tenant, definition, batch):
    """COPY of the file with psql into a new table of the given kind; answers the seconds the COPY took."""
    table = f"{kind}_coupons_{uuid.uuid4().hex[:6]}"
    if kind == "equivalent":
        psql(f"""CREATE TABLE {table} (LIKE coupons INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
                 ALTER TABLE {table} ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id),
                                     ADD FOREIGN KEY (definition_id) REFERENCES coupon_definitions (id),
                                     ADD FOREIGN KEY (tenant_id, batch_id) REFERENCES coupon_batches (tenant_id, id),
                                     ALTER COLUMN tenant_id SET DEFAULT '{tenant}',
                                     ALTER COLUMN definition_id SET DEFAULT '{definition}',
                                     ALTER COLUMN batch_id SET DEFAULT '{batch}'""", schema)
    else:
        psql(f"""CREATE TABLE {table} (LIKE coupons INCLUDING DEFAULTS);
                 ALTER TABLE {table} ALTER COLUMN tenant_id SET DEFAULT '{tenant}',
                                     ALTER COLUMN definition_id SET DEFAULT '{definition}',
                                     ALTER COLUMN batch_id SET DEFAULT '{batch}'""", schema)
    start = time.monotonic()
    psql(f"\\copy {table} (code, user_id) FROM '{path}' WITH (FORMAT csv, HEADER true)", schema)
    seconds = time.monotonic() - start
    psql(f"DROP TABLE {table}", schema)
    return seconds


class StatementSampler:
    """Samples, every 0.1 s, the statements the service's own connections have under way in PostgreSQL (found by
    their client ports), through one psql session: a profile of where the database's time goes."""

    def __init__(self, pid):
        self.pid = pid
        self.samples = collections.Counter()
        self.ticks = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def ports(self):
        out = subprocess.run(["ss", "-tnpH", "dst", f"{PG['host']}:{PG['port']}"], capture_output=True, text=True).stdout
        return [line.split()[3].rsplit(":", 1)[1] for line in out.splitlines() if f"pid={self.pid}," in line]

    def run(self):
        session = subprocess.Popen(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", PG["db"], "-Atq"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ports, refreshed = [], 0
        while not self.stopped.is_set():
            if time.monotonic() - refreshed > 2:
                ports, refreshed = self.ports() or ["0"], time.monotonic()
            session.stdin.write("SELECT regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_activity "
                                f"WHERE state = 'active' AND client_port IN ({','.join(ports)});\n\\echo __end__\n")
            session.stdin.flush()
            self.ticks += 1
            for line in iter(session.stdout.readline, "__end__\n"):
                self.samples[statement_name(line.strip())] += 1
            time.sleep(0.1)
        session.stdin.close()
        session.wait()

    def stop(self):
        self.stopped.set()
        self.thread.join()
        return self


def statement_name(sql):
    """A statement named by its first words, which tell the SQL constants apart."""
    return sql[:70]


def jfr_summary(path, top=15):
    """The methods most often on top of the sampled Java stacks, with their share of the samples."""
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", path], capture_output=True, text=True).stdout
    frames = re.findall(r"stackTrace = \[\s*\n\s*(\S+)", out)
    counts = collections.Counter(re.sub(r"\(.*", "", frame) for frame in frames)
    return len(frames), counts.most_common(top)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000, help="rows of the file (default 1000000)")
    parser.add_argument("--sample-pg", action="store_true",
                        help="sample the service's statements under way in PostgreSQL every 0.1 s and print their shares")
    parser.add_argument("--jfr", action="store_true",
                        help="record the service with Java Flight Recorder (target/import-bench.jfr) and print its hot methods")
    parser.add_argument("--write-docs", action="store_true", help="write the figures into docs/benchmarks.md (section import)")
    args = parser.parse_args()

    build_jar()
    path = os.path.join(ROOT, "target", "import-bench.csv")
    write_file(path, args.rows)
    with open(path, "rb") as f:
        body = f.read()
    env = {"IMPORT_BODY_LIMIT_BYTES": str(len(body) + 1024)}
    jfr_path = os.path.join(ROOT, "target", "import-bench.jfr")
    if args.jfr:
        env["JAVA_TOOL_OPTIONS"] = f"-XX:StartFlightRecording=filename={jfr_path},settings=profile,dumponexit=true"
    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    service = Service(port=18391, extra_env=env)
    copies = collections.defaultdict(list)
    sampler = None
    try:
        tenant = service.tenant()
        definition = service.definition(tenant, {"code_prefix": "BENCH", "code_length": 10})
        batch = psql(f"""INSERT INTO coupon_batches (tenant_id, definition_id, label, source, requested)
                         VALUES ('{tenant['id']}', '{definition['id']}', 'copy baseline', 'imported', {args.rows})
                         RETURNING id""", service.schema).splitlines()[-1]
        for kind in ("equivalent", "plain"):
            copies[kind].append(copy_into(kind, path, service.schema, tenant["id"], definition["id"], batch))

        if args.sample_pg:
            sampler = StatementSampler(service.process.pid)
        start = time.monotonic()
        job = upload(service, tenant, definition, body)
        uploaded_seconds = time.monotonic() - start
        while True:
            status = service.call("GET", job["status_url"], tenant=tenant)
            if status["status"] not in ("queued", "running"):
                break
            # Once a second: the helper signs a repeated GET within one second with an earlier second, so faster
            # polling would walk its timestamps out of HMAC_MAX_SKEW_SECONDS over a long job.
            time.sleep(1.0)
        api_seconds = time.monotonic() - start
        if sampler:
            sampler.stop()
        assert status["status"] == "done" and status["imported"] == args.rows, status
        stored = int(psql(f"SELECT count(*) FROM coupons WHERE definition_id = '{definition['id']}'", service.schema))
        assert stored == args.rows, stored

        for kind in ("equivalent", "plain"):
            copies[kind].append(copy_into(kind, path, service.schema, tenant["id"], definition["id"], batch))
    finally:
        service.stop()
    load_after = os.getloadavg()[0]

    copy = {kind: sum(times) / len(times) for kind, times in copies.items()}
    lines = [
        f"machine: {machine()}, load average {load_before:.1f} at the start, {load_after:.1f} at the end",
        f"rows: {args.rows:,} ({len(body) / 1e6:.1f} MB)",
        f"through the API (upload staged and answered 202):            {uploaded_seconds:.2f} s",
        f"through the API (upload, then its job until done):           {api_seconds:.2f} s ({args.rows / api_seconds:,.0f} rows/s)",
    ]
    for kind in ("equivalent", "plain"):
        before, after = copies[kind]
        lines.append(f"raw COPY into the {kind} table (before / after the import): {before:.2f} / {after:.2f} s "
                     f"(mean {copy[kind]:.2f} s, {args.rows / copy[kind]:,.0f} rows/s)")
    lines.append(f"ratio API / COPY into the equivalent table: {api_seconds / copy['equivalent']:.2f}x (target: within 3x)")
    lines.append(f"ratio API / COPY into the plain table:      {api_seconds / copy['plain']:.2f}x")
    print("\n".join(lines))
    if sampler:
        print(f"\nPostgreSQL, the service's statements under way ({sampler.ticks} samples, every 0.1 s, during the import):")
        for sql, n in sampler.samples.most_common(12):
            print(f"  {100 * n / sampler.ticks:5.1f} %  {sql}")
    if args.jfr:
        total, hot = jfr_summary(jfr_path)
        print(f"\nJava, top frames of {total} execution samples (the whole run of the service; {jfr_path}):")
        for frame, n in hot:
            print(f"  {100 * n / max(total, 1):5.1f} %  {frame}")
    if args.write_docs:
        report.write_section(ROOT, "import", section(args.rows, len(body), started_at, load_before, load_after,
                                                     uploaded_seconds, api_seconds, copies, copy))


def section(rows, size, started_at, load_before, load_after, uploaded, api, copies, copy):
    return f"""## 8. Code import against a raw COPY

Produced by `python3 bench/import.py --write-docs` on {started_at}: a {rows:,}-row CSV ({size / 1e6:.1f} MB, `code,user_id`,
every tenth code a player's) imported through the API (one signed streamed POST, then its `kind: import` job until
`done`), and the same file `\\copy`'d with psql into a table like `coupons` (its defaults, checks, indexes and three
foreign keys, every row in a batch) and into a plain one (the same columns and defaults only), once before the import
and once after. Machine: {machine()}, load average {load_before:.1f} when it started and {load_after:.1f} when it ended
(other builds and tests shared the cores): compare the figures of this run with each other.

| | seconds | rows/s | ratio |
|---|---|---|---|
| upload streamed and staged, answered 202 | {uploaded:.2f} | | |
| upload, then its job until `done` | {api:.2f} | {rows / api:,.0f} | |
| `COPY` into the equivalent table (before / after) | {copies['equivalent'][0]:.2f} / {copies['equivalent'][1]:.2f} | {rows / copy['equivalent']:,.0f} | **{api / copy['equivalent']:.2f}×** (target: within 3×) |
| `COPY` into the plain table (before / after) | {copies['plain'][0]:.2f} / {copies['plain'][1]:.2f} | {rows / copy['plain']:,.0f} | {api / copy['plain']:.2f}× |

Where the time goes and what changed: [campaigns.md](campaigns.md#import-of-1000000-rows-against-a-raw-copy).
"""


if __name__ == "__main__":
    main()
