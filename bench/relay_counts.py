#!/usr/bin/env python3
"""What counting campaign stats adds to the outbox relay: the time PostgreSQL takes for the counting statement
(events/CampaignCountsSql.COUNT_PUBLISHED) on a batch of OUTBOX_BATCH_SIZE events, beside the statements the relay
ran before it (FAN_OUT_WEBHOOKS and MARK_PUBLISHED), each measured with EXPLAIN ANALYZE in a transaction rolled back.

    python3 bench/relay_counts.py [redemptions=2000] [batch=100]    (builds the jar if missing)
"""
import re
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor

from service import Service, build_jar, machine, psql

REDEMPTIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
BATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 100

COUNT_PUBLISHED = re.search(r'COUNT_PUBLISHED = """(.*?)""";', open(
    "src/main/java/gg/phoenix/coupons/events/CampaignCountsSql.java").read(), re.S).group(1)
FAN_OUT = """INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id, event_type, payload)
  SELECT w.id, e.tenant_id, e.event_id, e.type, e.payload FROM outbox_events e
  JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.status = 'active' AND e.type = ANY (w.event_types)
  WHERE e.event_id = ANY($1) ON CONFLICT (webhook_id, event_id) DO NOTHING"""
MARK = """WITH batch AS (SELECT nextval('outbox_publish_batches') AS number)
  UPDATE outbox_events SET published_at = clock_timestamp(), published_by = 'bench', publish_batch = batch.number
  FROM batch WHERE event_id = ANY($1)"""


def execution_ms(schema, statement, ids):
    """PostgreSQL's own execution time of the statement on these events, its changes rolled back."""
    array = "ARRAY[" + ",".join(f"'{i}'::uuid" for i in ids) + "]"
    plan = psql(f"BEGIN; EXPLAIN (ANALYZE, FORMAT TEXT) {statement.replace('$1', array)}; ROLLBACK;", schema)
    return float(re.search(r"Execution Time: ([0-9.]+) ms", plan).group(1))


def main():
    build_jar()
    service = Service(port=18192)
    try:
        tenant = service.tenant()
        definition = service.definition(tenant, {"code_length": 10})
        base = f"/v1/coupons/{tenant['id']}"
        codes = []
        for start in range(0, REDEMPTIONS, 1000):
            made = service.call("POST", f"{base}/definitions/{definition['id']}/coupons",
                                {"user_ids": [f"p{i}" for i in range(start, min(start + 1000, REDEMPTIONS))]}, tenant=tenant)
            codes += [(c["code"], c["user_id"]) for c in made["coupons"]]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda c: service.call("POST", f"{base}/redeem/{c[0]}", {"user_id": c[1]}, tenant=tenant), codes))
        ids = psql("SELECT event_id FROM outbox_events WHERE type = 'coupon.redeemed' ORDER BY seq", service.schema).split()
        batches = [ids[i:i + BATCH] for i in range(0, len(ids) - BATCH + 1, BATCH)]
        results = {name: [execution_ms(service.schema, sql, batch) for batch in batches]
                   for name, sql in (("COUNT_PUBLISHED (new)", COUNT_PUBLISHED), ("FAN_OUT_WEBHOOKS", FAN_OUT), ("MARK_PUBLISHED", MARK))}
    finally:
        service.stop()
    print(f"machine: {machine()}")
    print(f"{len(ids):,} coupon.redeemed events, {len(batches)} batches of {BATCH}; PostgreSQL execution time per batch:")
    for name, times in results.items():
        print(f"  {name:<24} median {statistics.median(times):6.2f} ms   max {max(times):6.2f} ms")


if __name__ == "__main__":
    main()
