#!/usr/bin/env python3
"""Latency of the campaign stats on a definition with 1,000,000 redemptions: GET .../definitions/{id}/stats (the
counts) and its time series by minute (1,000 buckets), hour and day, each called N times in a row after a warm-up.

The redemptions are written straight into PostgreSQL (spread over the last 30 days, one in ten rolled back), and
their counts with the statements migration V14 uses for what existed before it; the answer is checked against
count(*) over the redemptions before anything is timed. How the relay keeps those counts as redemptions happen is
tested by CampaignStatsTest; this measures the reading side, which never touches the redemptions.

    python3 bench/stats.py [redemptions] [calls]     (builds the jar if missing; needs PostgreSQL on 127.0.0.1:5432)
"""
import statistics
import sys
import time
import urllib.parse

from service import Service, build_jar, machine, psql

REDEMPTIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
CALLS = int(sys.argv[2]) if len(sys.argv) > 2 else 300


def seed(schema, tenant, definition, batch):
    """REDEMPTIONS redemptions of the batch's 1,000 codes by 100,000 players, then the counts V14 would take of them."""
    psql(f"""
        INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id, redeemed_at, rolled_back_at, rollback_reason)
        SELECT '{tenant}', c.ids[1 + i % 1000], '{definition}', 'player-' || (i % 100000),
               now() - (i % 43200) * interval '1 minute',
               CASE WHEN i % 10 = 0 THEN now() - (i % 43200) * interval '1 minute' + interval '5 seconds' END,
               CASE WHEN i % 10 = 0 THEN 'bench' END
        FROM (SELECT array_agg(id ORDER BY id) AS ids FROM coupons WHERE batch_id = '{batch}') c,
             generate_series(1, {REDEMPTIONS}) AS i;
        INSERT INTO definition_players (tenant_id, definition_id, user_id, uses)
        SELECT '{tenant}', definition_id, user_id, count(*) FROM redemptions
        WHERE definition_id = '{definition}' AND rolled_back_at IS NULL GROUP BY definition_id, user_id;
        UPDATE definition_stats SET
          redemptions = (SELECT count(*) FROM redemptions WHERE definition_id = '{definition}'),
          rollbacks = (SELECT count(*) FROM redemptions WHERE definition_id = '{definition}' AND rolled_back_at IS NOT NULL),
          players = (SELECT count(*) FROM definition_players WHERE definition_id = '{definition}')
        WHERE definition_id = '{definition}';
        INSERT INTO redemption_series (tenant_id, scope_id, bucket, starts_at, redemptions, rollbacks)
        SELECT '{tenant}', '{definition}', b.bucket, date_trunc(b.bucket, s.at, 'UTC'), sum(s.made), sum(s.undone)
        FROM (SELECT redeemed_at AS at, 1 AS made, 0 AS undone FROM redemptions WHERE definition_id = '{definition}'
              UNION ALL
              SELECT rolled_back_at, 0, 1 FROM redemptions WHERE definition_id = '{definition}' AND rolled_back_at IS NOT NULL) s
        CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS b(bucket)
        GROUP BY b.bucket, date_trunc(b.bucket, s.at, 'UTC');
        ANALYZE;
    """, schema)


def timed(service, tenant, path):
    """Milliseconds per call (client side: signing, HTTP on localhost, JSON parsing included). Each call carries a
    query parameter of its own (ignored by the service), since service.call signs a repeated request with an earlier
    second, which would leave the accepted clock skew after a few hundred calls."""
    glue = "&" if "?" in path else "?"
    for i in range(20):
        service.call("GET", f"{path}{glue}warm={i}", tenant=tenant)
    times = []
    for i in range(CALLS):
        start = time.perf_counter()
        service.call("GET", f"{path}{glue}call={i}", tenant=tenant)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1], times[-1]


def main():
    build_jar()
    service = Service(port=18190)
    try:
        tenant = service.tenant()
        definition = service.definition(tenant, {"code_length": 10, "usage_limit": {"limit_type": "unlimited"}})
        base = f"/v1/coupons/{tenant['id']}/definitions/{definition['id']}"
        made = service.call("POST", base + "/coupons", {"count": 1000, "label": "bench"}, tenant=tenant)
        start = time.monotonic()
        seed(service.schema, tenant["id"], definition["id"], made["batch_id"])
        seeded = time.monotonic() - start

        stats = service.call("GET", base + "/stats", tenant=tenant)
        counted = int(psql(f"SELECT count(*) FROM redemptions WHERE definition_id = '{definition['id']}'", service.schema))
        assert stats["redemptions"] == counted == REDEMPTIONS, (stats, counted)

        to = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        def series(bucket, buckets, seconds):
            since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - buckets * seconds))
            return base + "/stats?" + urllib.parse.urlencode({"series": "redemptions", "bucket": bucket, "from": since, "to": to})
        cases = [("counts", base + "/stats"),
                 ("series, 1,000 minutes", series("minute", 999, 60)),
                 ("series, 720 hours", series("hour", 719, 3600)),
                 ("series, 30 days", series("day", 29, 86400))]
        results = [(name, timed(service, tenant, path)) for name, path in cases]
    finally:
        service.stop()

    print(f"machine: {machine()}")
    print(f"redemptions of the definition: {REDEMPTIONS:,} (seeded in {seeded:.1f} s); {CALLS} calls each, after 20 warm-up calls")
    print("GET .../definitions/{id}/stats        p50 ms   p99 ms   max ms   (target p99 <= 20 ms)")
    for name, (p50, p99, most) in results:
        print(f"  {name:<34} {p50:7.2f}  {p99:7.2f}  {most:7.2f}")


if __name__ == "__main__":
    main()
