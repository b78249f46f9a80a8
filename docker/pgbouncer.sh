#!/usr/bin/env bash
# Debian's PgBouncer in transaction mode on loopback, in front of the PostgreSQL at PG_HOST:PG_PORT, for the local
# topology, the bench and the chaos harness (trust authentication: loopback only, never a deployment's config).
#
#   docker/pgbouncer.sh start    write RUN_DIR/pgbouncer.ini and users.txt, start it, wait until it accepts connections
#   docker/pgbouncer.sh stop
#   docker/pgbouncer.sh pid      its process id (for CPU accounting)
#
# Settings (environment): PGBOUNCER_PORT (16432), PGBOUNCER_POOL_SIZE (20: server connections per database and
# user), RUN_DIR (target/pgbouncer), PG_HOST (127.0.0.1), PG_PORT (5432), PG_USER (postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PGBOUNCER_PORT:-16432}
POOL_SIZE=${PGBOUNCER_POOL_SIZE:-20}
RUN_DIR=$(mkdir -p "${RUN_DIR:-target/pgbouncer}" && cd "${RUN_DIR:-target/pgbouncer}" && pwd)
BIN=$(command -v pgbouncer 2>/dev/null || echo /usr/sbin/pgbouncer)

log() { echo "pgbouncer: $*" >&2; }

alive() { [ -f "$RUN_DIR/pgbouncer.pid" ] && kill -0 "$(cat "$RUN_DIR/pgbouncer.pid")" 2>/dev/null; }

start() {
  [ -x "$BIN" ] || { log "not installed (apt-get install -y pgbouncer)"; exit 3; }
  if alive; then log "already running on 127.0.0.1:$PORT"; return 0; fi
  chmod 777 "$RUN_DIR" # PgBouncer refuses to run as root: as nobody, it writes its log and pid here
  printf '"%s" ""\n' "${PG_USER:-postgres}" >"$RUN_DIR/users.txt"
  cat >"$RUN_DIR/pgbouncer.ini" <<INI
[databases]
* = host=${PG_HOST:-127.0.0.1} port=${PG_PORT:-5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = trust
auth_file = $RUN_DIR/users.txt
admin_users = ${PG_USER:-postgres}
pool_mode = transaction
default_pool_size = $POOL_SIZE
max_client_conn = 2000
logfile = $RUN_DIR/pgbouncer.log
pidfile = $RUN_DIR/pgbouncer.pid
INI
  local as=()
  [ "$(id -u)" = 0 ] && as=(-u nobody)
  "$BIN" -d "${as[@]}" "$RUN_DIR/pgbouncer.ini"
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then log "transaction mode on 127.0.0.1:$PORT (pid $(cat "$RUN_DIR/pgbouncer.pid"))"; return 0; fi
    sleep 0.1
  done
  log "did not start; $RUN_DIR/pgbouncer.log:"; tail -n 5 "$RUN_DIR/pgbouncer.log" >&2; exit 1
}

stop() {
  if alive; then kill "$(cat "$RUN_DIR/pgbouncer.pid")"; log "stopped"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  pid) cat "$RUN_DIR/pgbouncer.pid" ;;
  *) echo "usage: $0 start|stop|pid" >&2; exit 2 ;;
esac
