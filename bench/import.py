#!/usr/bin/env python3
"""The code import benchmark: a CSV of 1,000,000 codes imported through the API (POST .../coupons/import, streamed,
then its job until done), beside a raw COPY of the same file into an equivalent table (same columns, defaults,
checks, indexes and foreign keys), in the same run.

    python3 bench/import.py [rows]      (builds the jar if missing; needs PostgreSQL on 127.0.0.1:5432)
"""
import hashlib
import hmac
import http.client
import json
import os
import sys
import time
import uuid

from service import ROOT, Service, build_jar, machine, psql

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def write_file(path):
    """code,user_id with a header; every tenth code is a player's."""
    salt = uuid.uuid4().hex[:6].upper()
    with open(path, "w") as out:
        out.write("code,user_id\n")
        for i in range(ROWS):
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


def main():
    build_jar()
    path = os.path.join(ROOT, "target", "import-bench.csv")
    write_file(path)
    with open(path, "rb") as f:
        body = f.read()
    service = Service(port=18391, extra_env={"IMPORT_BODY_LIMIT_BYTES": str(len(body) + 1024)})
    try:
        tenant = service.tenant()
        definition = service.definition(tenant, {"code_prefix": "BENCH", "code_length": 10})
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
        assert status["status"] == "done" and status["imported"] == ROWS, status
        stored = int(psql(f"SELECT count(*) FROM coupons WHERE definition_id = '{definition['id']}'", service.schema))
        assert stored == ROWS, stored

        psql(f"""CREATE TABLE plain_coupons (LIKE coupons INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
                 ALTER TABLE plain_coupons ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id),
                                           ADD FOREIGN KEY (definition_id) REFERENCES coupon_definitions (id),
                                           ALTER COLUMN tenant_id SET DEFAULT '{tenant['id']}',
                                           ALTER COLUMN definition_id SET DEFAULT '{definition['id']}'""", service.schema)
        start = time.monotonic()
        psql(f"\\copy plain_coupons (code, user_id) FROM '{path}' WITH (FORMAT csv, HEADER true)", service.schema)
        copy_seconds = time.monotonic() - start
    finally:
        service.stop()

    print(f"machine: {machine()}")
    print(f"rows: {ROWS:,} ({len(body) / 1e6:.1f} MB)")
    print(f"through the API (upload staged and answered 202):            {uploaded_seconds:.2f} s")
    print(f"through the API (upload, then its job until done):           {api_seconds:.2f} s ({ROWS / api_seconds:,.0f} rows/s)")
    print(f"raw COPY of the same file into an equivalent table (psql):   {copy_seconds:.2f} s ({ROWS / copy_seconds:,.0f} rows/s)")
    print(f"ratio API / COPY: {api_seconds / copy_seconds:.2f}x (target: within 3x)")


if __name__ == "__main__":
    main()
