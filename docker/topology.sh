#!/usr/bin/env bash
# The compose topology without Docker, on this machine: service jars on loopback ports behind Debian's nginx,
# which runs docker/nginx.conf (the same template compose renders), optionally all through one PgBouncer.
#
#   docker/topology.sh start    build nothing; start the instances and nginx, wait until ready through nginx
#   docker/topology.sh stop     SIGTERM the instances (they exit 0 after their grace period), stop nginx
#   docker/topology.sh status
#
# Settings (environment): JAR (target/coupon-service-0.1.0-SNAPSHOT.jar), LB_PORT (18080), INSTANCES (2),
# APP_PORTS (INSTANCES ports from 18081), OPS_PORTS (INSTANCES ports from 19081: each instance's ops listener, metrics
# and admin API, on loopback, never behind nginx), RUN_DIR (target/topology: logs, pids, rendered nginx.conf).
# PGBOUNCER=1 starts docker/pgbouncer.sh (PGBOUNCER_PORT, PGBOUNCER_POOL_SIZE; stopped with the rest) in front of
# PG_HOST:PG_PORT and points every instance at it with PG_POOLER=pgbouncer-transaction, PG_DIRECT_* at the server.
# Every other variable (PG_*, REDIS_URL, CORS_ORIGINS...) reaches every instance as its configuration.
# EMBEDDED defaults to false: the instances need one shared database.
# Both need one keyset too: SECRETS_KEYSET or SECRETS_KEYSET_FILE, else both use the local ./data/secrets-keyset.json.
# TRUSTED_PROXIES defaults to nginx's address here, 127.0.0.1, so the instances read X-Forwarded-For from it alone.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/coupon-service-0.1.0-SNAPSHOT.jar}
LB_PORT=${LB_PORT:-18080}
INSTANCES=${INSTANCES:-2}
APP_PORTS=${APP_PORTS:-$(seq -s ' ' 18081 $((18080 + INSTANCES)))}
OPS_PORTS=${OPS_PORTS:-$(seq -s ' ' 19081 $((19080 + INSTANCES)))}
RUN_DIR=$(mkdir -p "${RUN_DIR:-target/topology}" && cd "${RUN_DIR:-target/topology}" && pwd)
PGBOUNCER=${PGBOUNCER:-0}
READY_SECONDS=${READY_SECONDS:-90}
export EMBEDDED=${EMBEDDED:-false}
export TRUSTED_PROXIES=${TRUSTED_PROXIES:-127.0.0.1/32}

log() { echo "topology: $*" >&2; }

# nginx, curl and envsubst (gettext-base), installed from Debian's packages when missing and we are root.
need_tools() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
      || true
  fi
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { log "nginx is not installed and could not be (apt-get install -y nginx)"; exit 3; }
  command -v curl >/dev/null 2>&1 || { log "curl is missing (apt-get install -y curl)"; exit 3; }
  command -v envsubst >/dev/null 2>&1 || { log "envsubst is missing (apt-get install -y gettext-base)"; exit 3; }
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

status_of() { # prints the HTTP status of a GET, or 000
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null || true
}

wait_ready() { # url, name
  local deadline=$((SECONDS + READY_SECONDS))
  until [ "$(status_of "$1")" = 200 ]; do
    if [ $SECONDS -ge $deadline ]; then log "$2 not ready at $1 after ${READY_SECONDS}s"; return 1; fi
    sleep 0.5
  done
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The instances reach PostgreSQL through PgBouncer; migrations and LISTEN go to the server itself.
through_pgbouncer() {
  RUN_DIR=$RUN_DIR/pgbouncer docker/pgbouncer.sh start
  export PG_DIRECT_HOST=${PG_HOST:-127.0.0.1} PG_DIRECT_PORT=${PG_PORT:-5432}
  export PG_HOST=127.0.0.1 PG_PORT=${PGBOUNCER_PORT:-16432} PG_POOLER=pgbouncer-transaction
}

# nginx's upstream servers, one per instance port (docker/nginx.conf's ${UPSTREAM_SERVERS})
upstream_servers() {
  local port servers=""
  for port in $APP_PORTS; do servers+="server 127.0.0.1:$port max_fails=2 fail_timeout=5s; "; done
  echo "$servers"
}

start() {
  need_tools
  [ -f "$JAR" ] || { log "no $JAR: build it first (mvn -B -q package -DskipTests)"; exit 2; }
  [ "$PGBOUNCER" = 1 ] && through_pgbouncer
  set -- $OPS_PORTS
  for port in $APP_PORTS; do
    local ops=${1:?OPS_PORTS names fewer ports than APP_PORTS}
    shift
    if alive "$RUN_DIR/app-$port.pid"; then log "instance on $port already running"; continue; fi
    HTTP_PORT=$port OPS_PORT=$ops nohup java ${JAVA_OPTS:--Xmx256m} -jar "$JAR" >"$RUN_DIR/app-$port.log" 2>&1 &
    echo $! >"$RUN_DIR/app-$port.pid"
    log "instance on 127.0.0.1:$port (ops 127.0.0.1:$ops) started (pid $!, log $RUN_DIR/app-$port.log)"
  done
  for port in $APP_PORTS; do
    wait_ready "http://127.0.0.1:$port/health/ready" "instance $port" || { tail -n 20 "$RUN_DIR/app-$port.log" >&2; exit 1; }
  done

  mkdir -p "$RUN_DIR/nginx"
  LB_PORT=$LB_PORT UPSTREAM_SERVERS=$(upstream_servers) RUN_DIR=$RUN_DIR/nginx \
    envsubst '$LB_PORT $UPSTREAM_SERVERS $RUN_DIR' <docker/nginx.conf >"$RUN_DIR/nginx/nginx.conf"
  if ! alive "$RUN_DIR/nginx/nginx.pid"; then
    "$(nginx_bin)" -e stderr -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" 2>>"$RUN_DIR/nginx.log"
  fi
  wait_ready "http://127.0.0.1:$LB_PORT/health/ready" "nginx on $LB_PORT" || { cat "$RUN_DIR/nginx.log" >&2; exit 1; }
  log "ready: http://127.0.0.1:$LB_PORT -> $APP_PORTS"
}

stop() {
  local failed=0
  if alive "$RUN_DIR/nginx/nginx.pid"; then
    "$(nginx_bin)" -e stderr -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" -s quit 2>>"$RUN_DIR/nginx.log" || true
  fi
  for port in $APP_PORTS; do
    local pidfile="$RUN_DIR/app-$port.pid"
    if alive "$pidfile"; then
      kill -TERM "$(cat "$pidfile")"
    fi
  done
  for port in $APP_PORTS; do
    local pidfile="$RUN_DIR/app-$port.pid" deadline=$((SECONDS + 60))
    while alive "$pidfile"; do
      if [ $SECONDS -ge $deadline ]; then log "instance $port did not stop in 60 s: killing it"; kill -KILL "$(cat "$pidfile")"; failed=1; fi
      sleep 0.2
    done
    rm -f "$pidfile"
    if [ -f "$RUN_DIR/app-$port.log" ] && ! grep -q "gg.phoenix.coupons.Main - Stopped" "$RUN_DIR/app-$port.log"; then
      log "instance $port stopped without its clean stop line"; failed=1
    fi
  done
  local deadline=$((SECONDS + 10))
  while alive "$RUN_DIR/nginx/nginx.pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  [ -f "$RUN_DIR/pgbouncer/pgbouncer.ini" ] && RUN_DIR=$RUN_DIR/pgbouncer docker/pgbouncer.sh stop
  log "stopped"
  return $failed
}

status() {
  for port in $APP_PORTS; do echo "instance $port: $(status_of "http://127.0.0.1:$port/health/ready")"; done
  for port in $OPS_PORTS; do echo "ops listener $port: $(status_of "http://127.0.0.1:$port/health/ready")"; done
  echo "nginx $LB_PORT: $(status_of "http://127.0.0.1:$LB_PORT/health/ready")"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
