#!/usr/bin/env python3
"""The code generation benchmark: 1,000,000 codes generated through the API (one job), beside the time PostgreSQL
takes for a plain INSERT ... SELECT of as many unique rows into an equivalent table, in the same run.

    python3 bench/generation.py [count]      (builds the jar if missing; needs PostgreSQL on 127.0.0.1:5432)
"""
import sys
import time

from service import Service, build_jar, machine, psql

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main():
    build_jar()
    # Pacing off: this measures how fast the write path is, not how a job shares the machine (bench/bulk_lane.py).
    service = Service(extra_env={"JOB_DUTY_PERCENT": "100"})
    try:
        tenant = service.tenant()
        definition = service.definition(tenant, {"code_prefix": "BENCH", "code_length": 10})
        start = time.monotonic()
        job = service.call("POST", f"/v1/coupons/{tenant['id']}/definitions/{definition['id']}/coupons",
                           {"count": COUNT}, tenant=tenant)
        while True:
            status = service.call("GET", job["status_url"], tenant=tenant)
            if status["status"] not in ("queued", "running"):
                break
            time.sleep(0.05)
        api_seconds = time.monotonic() - start
        assert status["status"] == "done", status
        stored = int(psql(f"SELECT count(*) FROM coupons WHERE definition_id = '{definition['id']}'", service.schema))
        assert stored == COUNT, stored

        # The same table: columns, defaults, checks, indexes and foreign keys, filled by PostgreSQL alone.
        psql("""CREATE TABLE plain_coupons (LIKE coupons INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
                ALTER TABLE plain_coupons ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id),
                                          ADD FOREIGN KEY (definition_id) REFERENCES coupon_definitions (id)""", service.schema)
        start = time.monotonic()
        psql(f"""INSERT INTO plain_coupons (tenant_id, definition_id, max_uses, code)
                 SELECT '{tenant['id']}', '{definition['id']}', 1, 'PLAIN' || i || upper(substr(md5(random()::text), 1, 6))
                 FROM generate_series(1, {COUNT}) AS i""", service.schema)
        sql_seconds = time.monotonic() - start
    finally:
        service.stop()

    print(f"machine: {machine()}")
    print(f"codes: {COUNT:,}")
    print(f"through the API (POST .../coupons as one job, until done): {api_seconds:.2f} s ({COUNT / api_seconds:,.0f} codes/s)")
    print(f"plain INSERT ... SELECT into an equivalent table:         {sql_seconds:.2f} s ({COUNT / sql_seconds:,.0f} rows/s)")
    print(f"ratio API / plain SQL: {api_seconds / sql_seconds:.2f}x (target: within 2x)")


if __name__ == "__main__":
    main()
