#!/usr/bin/env bash
# The service's benchmark in one command: installs wrk and pgbench when missing, builds the jar when missing,
# runs bench/bench.py against PostgreSQL (127.0.0.1:5432, database coupon_bench, made and dropped) and Redis
# (127.0.0.1:6379 db 9) and writes docs/benchmarks.md and docs/bench-latency.svg. About 8 minutes on 2 cores (11 on a crowded machine).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null || ! command -v pgbench >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
  command -v pgbench >/dev/null || apt-get install -y -qq postgresql-client >/dev/null
fi
[ -f target/coupon-service-0.1.0-SNAPSHOT.jar ] || mvn -B -q package -DskipTests
exec python3 bench/bench.py "$@"
