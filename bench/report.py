"""Writes docs/benchmarks.md and the latency plot docs/bench-latency.svg from bench.py's results."""
import math
import os
import re
import time

import loadgen


def write(r, machine, root):
    svg = os.path.join(root, "docs", "bench-latency.svg")
    with open(svg, "w") as out:
        out.write(latency_svg(r["latency"]))
    red, val, st, lat = r["redeem"], r["validate"], r["stampede"], r["latency"]
    own, users, runs = r["validate_own"], r["user_views"], r["latency_runs"]
    statuses = ", ".join(f"{count:,} × {status}" for status, count in sorted(st["statuses"].items()))
    scaling = r["scaling"] if isinstance(r["scaling"], str) else r["scaling"]
    lines = f"""# Benchmarks

Produced by `bash bench/run.sh` (which runs `bench/bench.py`) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, in one run of
{r['elapsed']:.0f} s. Machine: {machine}; PostgreSQL 15, Redis 7, the load generators and the service all share these cores
(other builds ran beside it), so absolute figures are noisy: **the ratios within this run are the figures that count.**
The service ran as its fat jar, `java -Xmx256m -jar`, with the defaults of `conf/config.json` (event loops, HTTP and
coupon verticles: one per core; PostgreSQL pool 16), in a database of its own (`coupon_bench`), Redis db 9. Before
anything was measured it served {os.environ.get('BENCH_WARMUP', '15')} s of redemptions and {os.environ.get('BENCH_WARMUP', '15')} s of validations on codes of their own, so
that the JIT had compiled its hot paths, as minutes after a deployment. Requests carry real authentication: a tenant's
server JWT (HS256, no `sub`), checked in full once per HTTP verticle and then remembered for 30 s.

| # | What | Figure | Target |
|---|---|---|---|
| 1 | Redemption, service vs naive transaction in pgbench ({red['service']['requests'] and 'same'} concurrency {conc(r)}) | **{red['ratio']:.2f}×** ({red['service_ok_rps']:,.0f} vs {red['pgbench_tps']:,.0f} per s) | ≥ 2.5× |
| 1 | Redemption, service vs a plain 5-statement transaction on a minimal table | **{red['minimal_ratio']:.2f}×** ({red['service_ok_rps']:,.0f} vs {red['minimal_tps']:,.0f} per s) | ≥ 1.2× |
| 6 | Validate of a player's own code ({own['codes']:,} codes), service vs pgbench on the statement it sends | **{own['ratio']:.2f}×** ({own['service']['rps']:,.0f} vs {own['pgbench_tps']:,.0f} per s) | ≥ 0.8× |
| 7 | `GET /user/{{id}}`, service vs pgbench on its statement | **{users['coupons']['ratio']:.2f}×** ({users['coupons']['service']['rps']:,.0f} vs {users['coupons']['pgbench_tps']:,.0f} per s) | ≥ 0.8× |
| 7 | `GET /user/{{id}}/redemptions`, service vs pgbench on its statement | **{users['redemptions']['ratio']:.2f}×** ({users['redemptions']['service']['rps']:,.0f} vs {users['redemptions']['pgbench_tps']:,.0f} per s) | ≥ 0.8× |
| 2 | Validate (cached public code) vs bare Vert.x constant JSON | **{val['ratio']:.2f}×** ({val['service']['rps']:,.0f} vs {val['bare']['rps']:,.0f} req/s) | ≥ 0.4× |
| 3 | Stampede: {st['attempts']:,} players on one code capped at 100 | **{st['recorded']} recorded** ({st['statuses'].get(200, 0)} answered 200), {st['rps']:,.0f} attempts/s | exactly 100 |
| 4 | Redeem latency at {lat['rate']:,} req/s (50 % of peak), constant rate, {len(runs)} consecutive runs | p99 **{' / '.join(f"{x['p99']:.2f}" for x in runs)} ms**, p99.9 **{' / '.join(f"{x['p999']:.2f}" for x in runs)} ms** | p99 ≤ 10 ms, p99.9 ≤ 25 ms in every run |
| 4 | Service peak RSS (VmHWM) over the whole run | **{r['rss_mb']:.0f} MB** | ≤ 512 MB |
| 5 | Two instances behind the load balancer vs one of them alone | {scaling_cell(r)} | ≥ 0.8× |

## 1. Redemption against PostgreSQL's own limit

- **Naive transaction** (`bench/naive_redeem.sql`, pgbench `-M prepared -c {conc(r)} -j 2 -T {r['latency']['seconds']}`): in one
  transaction, SELECT the coupon by code (joined to its definition), UPDATE it conditionally, INSERT the redemption and
  the outbox event, against the service's own schema, indexes and triggers; each client walks its own pre-generated
  single-use coupons. **{red['pgbench_tps']:,.0f} transactions/s**, average latency {red['pgbench_latency_ms']} ms,
  {red['pgbench_recorded']:,} redemptions recorded. It does less than the service: no authentication, no rules beyond the
  UPDATE's condition, no JSON, no HTTP, and nobody relays its events.
- **Service** (`wrk -t 2 -c {conc(r)} -d {r['latency']['seconds']}s -s bench/redeem.lua`): `POST /v1/coupons/{{tenant}}/redeem/{{code}}`
  on distinct pre-generated single-use coupons, each by its own player: **{red['service']['rps']:,.0f} requests/s**
  ({red['service']['non2xx']} non-2xx answers, socket errors: {red['service']['socket_errors']}), so **{red['service_ok_rps']:,.0f}
  redemptions/s**; latency p50 {red['service']['latency_ms'].get('50', float('nan')):.2f} ms, p99 {red['service']['latency_ms'].get('99', float('nan')):.2f} ms.
  The service process used {red['service']['cpu_ms_per_request']:.2f} ms of CPU per redemption (user + system, from
  `/proc/<pid>/stat`). PostgreSQL recorded {red['service_recorded']:,} redemptions and {red['service_events']:,} `coupon.redeemed` outbox events.
- What a service redemption costs PostgreSQL: its share of one prepared statement (`CouponSql.CONSUME_OWN_COUPONS_BY_CODE`)
  that finds the coupons of a batch, checks their rules, consumes the uses and inserts the redemptions and their whole
  `coupon.redeemed` events. Redemptions that arrive while the process's statement is under way leave together in
  its next one (`REDEEM_BATCHES_IN_FLIGHT` 1, `REDEEM_BATCH_SIZE` 32), so PostgreSQL commits many uses per transaction;
  plus its share of the outbox relay's batches (claim, fan-out, mark published). The naive transaction takes six
  round trips and one commit for each redemption.
- **Minimal transaction** (`bench/minimal_redeem.sql`, pgbench `-M prepared -c {conc(r)} -j 2`): BEGIN, SELECT the code,
  UPDATE it, INSERT the redemption, END, on two bare tables (`mini_coupons` with a unique code, `mini_redemptions`)
  without foreign keys, outbox or triggers: **{red['minimal_tps']:,.0f} transactions/s**, average latency
  {red['minimal_latency_ms']} ms. The service against it: **{red['minimal_ratio']:.2f}×**, a ratio that does not rest on
  the weight of the service's own schema.
- **Ratio service / naive transaction: {red['ratio']:.2f}×.** Both share two cores with each other's clients; the
  service also spends its own CPU per redemption (HTTP, JSON, authentication, the event-bus hop, the relay), which
  the pgbench client, written in C and doing none of that, does not.

## 2. Validate against bare Vert.x

`wrk -t 2 -c {val['connections']} -d {val['seconds']}s` on `GET /validate/BENCHPUBLIC` (a public code, served from the process's
near cache after its first read) and on `bench/vertx/BareVertx.java`, a Vert.x 5 HTTP server answering a constant JSON body on the
same number of event loops ({os.cpu_count()}), run from the project's classpath.

| | req/s | p50 | p99 | process CPU per request |
|---|---|---|---|---|
| service validate | {val['service']['rps']:,.0f} | {val['service']['latency_ms'].get('50', float('nan')):.2f} ms | {val['service']['latency_ms'].get('99', float('nan')):.2f} ms | {val['service']['cpu_ms_per_request']:.3f} ms |
| bare Vert.x | {val['bare']['rps']:,.0f} | {val['bare']['latency_ms'].get('50', float('nan')):.2f} ms | {val['bare']['latency_ms'].get('99', float('nan')):.2f} ms | {val['bare']['cpu_ms_per_request']:.3f} ms |
{uncached_row(val)}
**Ratio: {val['ratio']:.2f}×** against bare Vert.x; {cache_ratio(val)}. A cached validate of a public code sends nothing to
PostgreSQL and, in steady state, nothing to Redis: the code, its definition view and the lockouts are held in
process memory and kept coherent over Redis pub/sub, and the definition's use count is read again at most every
250 ms (docs/redis-guard.md). What remains per request is HTTP, the remembered JWT, an event-bus hop to the coupon
verticle on the same event loop, and JSON.

## 2b. Validate of a player's own code against PostgreSQL's own limit

{own['codes']:,} single-use coupons, `GET /validate/{{code}}` on a random one of them (`bench/validate_own.lua`,
`wrk -t 2 -c {own['connections']} -d {r['latency']['seconds']}s`, after its own warm-up), against pgbench `-M prepared -c {own['connections']} -j 2`
running the very statement the service sends, `CouponSql.FIND_BY_CODES` (printed by `bench/vertx/Statements.java`), with
one code per execution and generic plans as the service's connections have them. The service sends the lookups that
arrive while its statement is under way together in its next one, so under load one statement carries many codes.

| | per s | p50 | p99 | service CPU per request |
|---|---|---|---|---|
| pgbench, one code per statement | {own['pgbench_tps']:,.0f} | {own['pgbench_latency_ms']} ms (average) | | |
| service validate | {own['service']['rps']:,.0f} ({own['service']['non2xx']} non-2xx) | {own['service']['latency_ms'].get('50', float('nan')):.2f} ms | {own['service']['latency_ms'].get('99', float('nan')):.2f} ms | {own['service']['cpu_ms_per_request']:.3f} ms |

**Ratio: {own['ratio']:.2f}×.**

## 2c. A player's views against PostgreSQL's own limit

{users['players']:,} players with {users['coupons_each']} coupons each, all redeemed; `GET /user/{{id}}` and
`GET /user/{{id}}/redemptions` for a random player (`bench/user_views.lua`, `wrk -t 2 -c {conc(r)}`) against pgbench
`-c {conc(r)}` on `CouponSql.LIST_USER_COUPONS` (a page of 1,000, asked as 1,001) and `CouponSql.LIST_USER_REDEMPTIONS`
(100), as the service sends them without `?limit=`.

| | pgbench per s | service per s | p50 | p99 | ratio |
|---|---|---|---|---|---|
{user_rows(users)}

## 3. Stampede

{st['attempts']:,} `POST /redeem/STAMPEDE` by distinct players (`bench/loadgen.py`, 64 keep-alive connections) on one public code
with `max_total_uses: 100`: {st['elapsed']:.1f} s, **{st['rps']:,.0f} attempts/s**, latency p50 {st['p50']:.2f} ms, p99
{st['p99']:.2f} ms, max {st['max']:.1f} ms. Answers: {statuses}.
PostgreSQL afterwards: **{st['recorded']} redemptions** of the definition, `total_uses` = {st['total_uses']}.

How many attempts reached PostgreSQL (pg_stat_statements is not preloaded on this server, and the service's
`Counters.COUPON_QUERIES` has no endpoint yet): the bench database's transactions (`pg_stat_database.xact_commit +
xact_rollback`) grew by **{st['xacts']:,}** over the stampede, of which about {st['background_xacts']:.0f} are what the outbox relay
and webhook sender do on their own in that time (measured idle just before); the coupons table was scanned
**{st['coupon_scans']:,}** times (`pg_stat_user_tables.idx_scan + seq_scan`). With 100 uses taking a few statements each,
everything past that is the first reads of the code and claims: the other attempts were refused by the Redis guard
without a query.

## 4. Latency at a constant rate

`bench/vertx/OpenLoop.java` (a Vert.x HTTP client on one event loop) sent `POST /redeem` on distinct coupons at a fixed schedule of **{lat['rate']:,} requests/s** (half the peak
of section 1) for {lat['seconds']} s on 64 connections ({lat['sent']:,} sent, {lat['ok']:,} answered 200, {lat['achieved']:,.0f}/s achieved).
Each latency runs from the request's *scheduled* send time, so time spent waiting behind a slow answer counts
(no coordinated omission). Percentiles are exact, from every recorded latency.

| p50 | p90 | p99 | p99.9 | max |
|---|---|---|---|---|
| {lat['p50']:.2f} ms | {lat['p90']:.2f} ms | {lat['p99']:.2f} ms | {lat['p999']:.2f} ms | {lat['max']:.1f} ms |

{len(runs)} consecutive runs at the same rate, each on fresh codes after a `CHECKPOINT` (the plot shows the first):

| run | p50 | p90 | p99 | p99.9 | max | answered 200 |
|---|---|---|---|---|---|---|
{run_rows(runs)}

![latency by percentile](bench-latency.svg)

The generator runs on the same 2 cores as the service, PostgreSQL and Redis: its own scheduling delay is included in these figures.
A pacing thread hands each request to the client's event loop at its scheduled time; requests left p50
{lat['late_p50']:.2f} ms and p99 {lat['late_p99']:.2f} ms after it (a 1 ms Vert.x timer would send them 0.5 ms late on average, and that lateness would count as the server's).
Service peak RSS over the whole run (`/proc/<pid>/status` VmHWM): **{r['rss_mb']:.0f} MB**.

## 5. Scaling

{scaling_text(r)}

## Reproduce

```bash
bash bench/run.sh          # installs wrk (and pgbench) if missing, builds the jar, about {r['elapsed'] / 60:.0f} minutes
BENCH_CONCURRENCY=32 BENCH_SECONDS=30 bash bench/run.sh
python3 bench/pooler.py    # §6: direct vs through PgBouncer
BENCH_SECONDS=15 BENCH_WARMUP=10 BENCH_TURNS=3 python3 bench/replica.py   # §7: reads from a pg_basebackup replica vs the primary alone
python3 bench/import.py --write-docs   # §8: a 1,000,000-row import against a raw COPY
```
"""
    path = os.path.join(root, "docs", "benchmarks.md")
    kept = "".join("\n" + m.group(0) + "\n" for m in SECTION.finditer(open(path).read())) if os.path.exists(path) else ""
    with open(path, "w") as out:
        out.write(lines.replace("(same concurrency " , "(concurrency ") + kept)


# A section another bench script writes into docs/benchmarks.md; write() keeps it when it rewrites the rest.
SECTION = re.compile(r"<!-- section (\S+) -->.*?<!-- end section \1 -->", re.S)


def write_section(root, name, text):
    """Puts a bench script's section into docs/benchmarks.md, in place of its previous one or at the end."""
    path = os.path.join(root, "docs", "benchmarks.md")
    current = open(path).read()
    section = f"<!-- section {name} -->\n{text.strip()}\n<!-- end section {name} -->"
    found = [m for m in SECTION.finditer(current) if m.group(1) == name]
    if found:
        current = current[:found[0].start()] + section + current[found[0].end():]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w") as out:
        out.write(current)


def user_rows(users):
    return "\n".join(
        f"| `GET /user/{{id}}{suffix}` | {v['pgbench_tps']:,.0f} | {v['service']['rps']:,.0f} ({v['service']['non2xx']} non-2xx) | "
        f"{v['service']['latency_ms'].get('50', float('nan')):.2f} ms | {v['service']['latency_ms'].get('99', float('nan')):.2f} ms | "
        f"**{v['ratio']:.2f}×** |"
        for suffix, v in (("", users["coupons"]), ("/redemptions", users["redemptions"])))


def run_rows(runs):
    return "\n".join(f"| {i + 1} | {x['p50']:.2f} ms | {x['p90']:.2f} ms | {x['p99']:.2f} ms | {x['p999']:.2f} ms | {x['max']:.1f} ms | "
                     f"{x['ok']:,} of {x['sent']:,} |" for i, x in enumerate(runs))


def scaling_cell(r):
    if "scaling_one" not in r:
        return r["scaling"] if isinstance(r["scaling"], str) else "see below"
    return f"**{r['scaling_validate']['rps'] / r['scaling_one']['rps']:.2f}×** ({r['scaling_validate']['rps']:,.0f} vs {r['scaling_one']['rps']:,.0f} req/s)"


def conc(r):
    return os.environ.get("BENCH_CONCURRENCY", "16")


def uncached_row(val):
    u = val.get("uncached")
    if not u:
        return ""
    return (f"| service validate, caches off (`CACHE_ENABLED=false`, same schema) | {u['rps']:,.0f} | "
            f"{u['latency_ms'].get('50', float('nan')):.2f} ms | {u['latency_ms'].get('99', float('nan')):.2f} ms | |\n")


def cache_ratio(val):
    u = val.get("uncached")
    return f"with the caches against without them: **{val['service']['rps'] / u['rps']:.2f}×**" if u else "caches off: not measured"


def scaling_text(r):
    if isinstance(r["scaling"], str) and "skipped" in r["scaling"]:
        return ("skipped: no docker/topology.sh in this tree. When it exists, `bench/bench.py` runs `docker/topology.sh up`\n"
                "(expecting the load balancer on `TOPOLOGY_LB_PORT`=18150 and the two instances on `TOPOLOGY_PORTS`=18151,18152),\n"
                "repeats the validate load through the balancer and then runs `docker/topology.sh down`.")
    s, one = r.get("scaling_validate"), r.get("scaling_one")
    return (f"`docker/topology.sh start`: two instances of the jar and nginx (`docker/nginx.conf`: a worker per core, keep-alive\n"
            f"to the instances), warmed up through nginx for {os.environ.get('BENCH_WARMUP', '15')} s; then validate of the cached public code through nginx,\n"
            f"then on one of the two instances directly while the other idles (`wrk -t 2 -c {2 * int(conc(r))}`), on the same 2 cores.\n\n"
            f"| | req/s | p50 | p99 |\n|---|---|---|---|\n"
            f"| two instances behind nginx | {s['rps']:,.0f} | {s['latency_ms'].get('50', float('nan')):.2f} ms | {s['latency_ms'].get('99', float('nan')):.2f} ms |\n"
            f"| one of them directly | {one['rps']:,.0f} | {one['latency_ms'].get('50', float('nan')):.2f} ms | {one['latency_ms'].get('99', float('nan')):.2f} ms |\n\n"
            f"**Ratio: {s['rps'] / one['rps']:.2f}×.** On one machine nginx, the two instances and the generator share the same\n"
            f"2 cores, so two instances can only add nginx's own work; docs/performance.md says what N machines would give.")


def latency_svg(lat):
    """Latency by percentile (HdrHistogram style: x is 1/(1-p) on a log scale), drawn by hand."""
    values = lat["sorted"]
    width, height, left, bottom, top, right = 720, 400, 70, 50, 40, 20
    points = []
    k = 0.0
    while True:
        p = 1 - 10 ** (-k)
        if p > 0.9999 or p * len(values) > len(values) - 1:
            break
        points.append((k, loadgen.percentile(values, p * 100)))
        k += 0.05
    points.append((min(4.0, math.log10(len(values))), values[-1]))
    max_k = max(x for x, _ in points)
    max_y = max(y for _, y in points) * 1.1 or 1
    sx = lambda x: left + (width - left - right) * x / max_k
    sy = lambda y: height - bottom - (height - bottom - top) * y / max_y
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="14">POST /redeem latency by percentile at '
           f'{lat["rate"]} req/s (constant rate, from scheduled send time)</text>',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="black"/>']
    for i, label in enumerate(["0%", "90%", "99%", "99.9%", "99.99%"]):
        if i <= max_k:
            x = sx(i)
            svg.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#ddd"/>')
            svg.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle">{label}</text>')
    for i in range(6):
        y = max_y * i / 5
        svg.append(f'<line x1="{left}" y1="{sy(y):.1f}" x2="{width - right}" y2="{sy(y):.1f}" stroke="#eee"/>')
        svg.append(f'<text x="{left - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.1f}</text>')
    svg.append(f'<text x="16" y="{height / 2}" transform="rotate(-90 16 {height / 2})" text-anchor="middle">latency (ms)</text>')
    svg.append(f'<text x="{width / 2}" y="{height - 12}" text-anchor="middle">percentile</text>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for i, (x, y) in enumerate(points))
    svg.append(f'<path d="{path}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
    for name, p in (("p50", 50), ("p99", 99), ("p99.9", 99.9)):
        x = -math.log10(1 - p / 100)
        if x <= max_k:
            y = loadgen.percentile(values, p)
            svg.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="#d62728"/>')
            svg.append(f'<text x="{sx(x) + 5:.1f}" y="{sy(y) - 6:.1f}">{name} {y:.2f} ms</text>')
    svg.append("</svg>")
    return "\n".join(svg) + "\n"
