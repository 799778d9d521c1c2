#!/usr/bin/env bash
# Run the scale-out topology on this machine from Debian's packages: N Streamlit replicas of app.py behind nginx
# (sticky sessions, websocket upgrade, cached and gzipped static assets), and optionally a private PostgreSQL +
# PostGIS cluster that the replicas share. See deploy/README.md.
#
#   deploy/local.sh up [--replicas N] [--port P] [--data ROOT] [--db | --no-db]
#   deploy/local.sh status        JSON on stdout; exit 0 when everything is up, 1 otherwise
#   deploy/local.sh down          stops only what `up` started (pids recorded in the run dir); safe to repeat
#
# The run dir ($CONFLICTMAP_DEPLOY_DIR, default ${XDG_RUNTIME_DIR:-/tmp}/conflictmap-deploy) holds the state file,
# the rendered nginx.conf, the logs and the database cluster. Python: $CONFLICTMAP_PYTHON, else the repository's
# .venv (scripts/setup.sh makes it), else python3. Exit 2 on a usage error, 1 when something failed to start.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="${CONFLICTMAP_DEPLOY_DIR:-${XDG_RUNTIME_DIR:-/tmp}/conflictmap-deploy}"
STATE="$RUN_DIR/state.env"
PG_BIN=/usr/lib/postgresql/15/bin
NGINX=/usr/sbin/nginx
HEALTH_TIMEOUT_S="${CONFLICTMAP_HEALTH_TIMEOUT:-90}"
if [ -n "${CONFLICTMAP_PYTHON:-}" ]; then PY="$CONFLICTMAP_PYTHON"
elif [ -x "$REPO/.venv/bin/python" ]; then PY="$REPO/.venv/bin/python"
else PY="$(command -v python3)"; fi

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
say() { echo "local.sh: $*" >&2; }
die() { say "$*"; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_packages() {  # install Debian's packages when a binary is missing (the same ones scripts/test.sh installs)
  local missing=()
  [ -x "$NGINX" ] || missing+=(nginx)
  command -v curl >/dev/null || missing+=(curl)  # the health checks below
  if [ "$1" = yes ]; then
    [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
    [ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]} with apt-get"
    as_root apt-get update -q >/dev/null && as_root apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

free_ports() {  # N ports free on 127.0.0.1 right now (held open together, so they differ)
  "$PY" - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

port_free() {
  "$PY" -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1])))" "$1" 2>/dev/null
}

wait_http() {  # wait_http URL SECONDS [PID]: until URL answers "ok" (or the process died)
  local url="$1" deadline=$((SECONDS + $2)) pid="${3:-}"
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$(curl -s --max-time 2 "$url" 2>/dev/null)" = ok ]; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

alive() {  # alive PID WORD: the process exists and its command line contains WORD (not a recycled pid)
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$2"
}

started_at() {  # the start time of a process (clock ticks since boot): a pid with another start time was reused
  [ -r "/proc/$1/stat" ] && sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20
}

ours() {  # ours PID START: the process we started (same pid, same start time, before and after it exec'd)
  [ -n "$1" ] && [ -n "$2" ] && [ "$(started_at "$1" 2>/dev/null)" = "$2" ]
}

stop_pid() {  # stop_pid PID CHECK ARG: TERM, then KILL after 10 s, while `CHECK PID ARG` says it is still ours
  local pid="$1" check="$2" arg="$3" i
  "$check" "$pid" "$arg" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do "$check" "$pid" "$arg" || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

db_commands_exist() { (cd "$REPO" && "$PY" -m conflictmap db --help >/dev/null 2>&1); }

start_db() {  # a private cluster: initdb as `postgres` (initdb refuses root), listening on 127.0.0.1 only
  PG_PORT="$(free_ports 1)"
  PG_DIR="$RUN_DIR/pg"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$RUN_DIR"; then
    PG_DIR="$(mktemp -d /tmp/conflictmap-pg.XXXXXX)"  # the run dir is not reachable by postgres
  fi
  mkdir -p "$PG_DIR"
  local pw; pw="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
  printf '%s\n' "$pw" >"$PG_DIR/.pw"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$PG_DIR"
  chmod 700 "$PG_DIR"
  pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/.pw" --auth-local=peer \
    --auth-host=scram-sha-256 -E UTF8 >"$RUN_DIR/logs/initdb.log" 2>&1 || die "initdb failed (see $RUN_DIR/logs/initdb.log)"
  rm -f "$PG_DIR/.pw"
  pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null || die "PostgreSQL did not start (see $PG_DIR/postgres.log)"
  PG_PID="$(head -1 "$PG_DIR/data/postmaster.pid")"
  pg "$PG_BIN/psql" -q -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE conflictmap" >/dev/null
  pg "$PG_BIN/psql" -q -h "$PG_DIR" -p "$PG_PORT" -U postgres -d conflictmap -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
  DATABASE_URL="postgresql://postgres:$pw@127.0.0.1:$PG_PORT/conflictmap"
  printf '%s\n' "$DATABASE_URL" >"$RUN_DIR/database_url"
  chmod 600 "$RUN_DIR/database_url"
}

load_db() {  # db init + db load, only where this checkout has the `db` commands (the PostGIS backend)
  if ! db_commands_exist; then
    say "this checkout has no 'python -m conflictmap db' commands: the cluster runs, the replicas read the files"
    DB_LOADED=no
    return 0
  fi
  (cd "$REPO" && CONFLICTMAP_DATABASE_URL="$DATABASE_URL" "$PY" -m conflictmap db init >"$RUN_DIR/logs/db-init.json") \
    || die "db init failed (see $RUN_DIR/logs/db-init.json)"
  (cd "$REPO" && CONFLICTMAP_DATABASE_URL="$DATABASE_URL" "$PY" -m conflictmap db load ${DATA:+"$DATA"} >"$RUN_DIR/logs/db-load.json") \
    || die "db load failed (see $RUN_DIR/logs/db-load.json)"
  DB_LOADED=yes
}

write_state() {
  cat >"$STATE" <<EOF
NGINX_PORT=$NGINX_PORT
NGINX_CONF=$RUN_DIR/nginx.conf
REPLICA_PORTS="$REPLICA_PORTS"
REPLICA_PIDS="$REPLICA_PIDS"
REPLICA_STARTS="$REPLICA_STARTS"
DATA="${DATA:-}"
PG_DIR="${PG_DIR:-}"
PG_PORT="${PG_PORT:-}"
PG_PID="${PG_PID:-}"
DB_LOADED="${DB_LOADED:-no}"
NGINX_WORK="${NGINX_WORK:-}"
EOF
}

cmd_up() {
  local replicas=2 port=8080 db=auto
  DATA=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --replicas) [ $# -ge 2 ] || usage; replicas="$2"; shift 2 ;;
      --port) [ $# -ge 2 ] || usage; port="$2"; shift 2 ;;
      --data) [ $# -ge 2 ] || usage; DATA="$(cd "$2" 2>/dev/null && pwd)" || die "no such data root: $2"; shift 2 ;;
      --db) db=yes; shift ;;
      --no-db) db=no; shift ;;
      *) usage ;;
    esac
  done
  [[ "$replicas" =~ ^[0-9]+$ ]] && [ "$replicas" -ge 1 ] && [ "$replicas" -le 32 ] || { say "--replicas: 1 to 32"; usage; }
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || { say "--port: 1 to 65535"; usage; }
  if [ -f "$STATE" ]; then
    if cmd_status >/dev/null; then say "already up (deploy/local.sh status; down first to change it)"; cmd_status; return 0; fi
    say "a previous run is partly down: stopping what is left of it"
    cmd_down
  fi
  if [ "$db" = auto ]; then if db_commands_exist; then db=yes; else db=no; fi; fi
  ensure_packages "$db"
  port_free "$port" || die "port $port is taken (choose another with --port)"
  mkdir -p "$RUN_DIR/logs"
  chmod 755 "$RUN_DIR"
  NGINX_PORT="$port"
  REPLICA_PORTS="" REPLICA_PIDS="" REPLICA_STARTS="" PG_DIR="" PG_PORT="" PG_PID="" DB_LOADED=no NGINX_WORK=""
  write_state  # from here on, `down` can clean up whatever did start
  # a failed up stops what it had started (the logs stay for the reason)
  trap 'rc=$?; if [ "$rc" -ne 0 ]; then say "up failed: stopping what it started"; cmd_down; fi; exit "$rc"' EXIT
  if [ "$db" = yes ]; then
    start_db
    write_state
    load_db
    write_state
  fi

  # every replica shares one cookie secret, so a viewer that fails over keeps a valid XSRF cookie for uploads
  local secret; secret="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
  # copy Leaflet & co. into static/vendor once, before N processes would do it at the same time
  (cd "$REPO" && "$PY" -c "from conflictmap import assets; assets.ensure_vendor_assets()") || die "could not prepare static/vendor"
  local ports p pid i=0 servers=""
  ports="$(free_ports "$replicas")"
  for p in $ports; do
    i=$((i + 1))
    (
      cd "$REPO"
      export STREAMLIT_SERVER_COOKIE_SECRET="$secret"
      if [ -n "$DATA" ]; then export CONFLICTMAP_DATA="$DATA"; else unset CONFLICTMAP_DATA; fi
      if [ "$DB_LOADED" = yes ]; then export CONFLICTMAP_DATABASE_URL="$DATABASE_URL"; fi
      exec setsid "$PY" -m streamlit run app.py --server.port "$p" --server.address 127.0.0.1 \
        --server.headless true --browser.gatherUsageStats false >"$RUN_DIR/logs/replica-$i.log" 2>&1 </dev/null
    ) &
    pid=$!
    REPLICA_PORTS="$REPLICA_PORTS${REPLICA_PORTS:+ }$p"
    REPLICA_PIDS="$REPLICA_PIDS${REPLICA_PIDS:+ }$pid"
    REPLICA_STARTS="$REPLICA_STARTS${REPLICA_STARTS:+ }$(started_at "$pid")"
    servers="${servers}server 127.0.0.1:$p max_fails=1 fail_timeout=10s; "
  done
  write_state
  i=0
  for p in $REPLICA_PORTS; do
    i=$((i + 1))
    pid="$(echo "$REPLICA_PIDS" | cut -d' ' -f"$i")"
    wait_http "http://127.0.0.1:$p/_stcore/health" "$HEALTH_TIMEOUT_S" "$pid" \
      || die "replica $i (port $p) did not become healthy (see $RUN_DIR/logs/replica-$i.log)"
  done

  # as root, nginx's workers run as nobody and write its temporary files and cache: in the run dir if nobody can
  # reach it, else in a directory of their own under /tmp (removed by down)
  NGINX_WORK="$RUN_DIR/nginx-work"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u nobody -- test -x "$RUN_DIR"; then
    NGINX_WORK="$(mktemp -d /tmp/conflictmap-nginx.XXXXXX)"
  fi
  write_state
  mkdir -p "$NGINX_WORK/tmp" "$NGINX_WORK/cache"
  if [ "$(id -u)" -eq 0 ]; then chmod 755 "$NGINX_WORK"; chown -R nobody:nogroup "$NGINX_WORK/tmp" "$NGINX_WORK/cache"; fi
  sed -e "s|@LISTEN@|127.0.0.1:$NGINX_PORT|" -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@WORK_DIR@|$NGINX_WORK|g" \
    -e "s|@SERVERS@|$servers|" "$REPO/deploy/nginx.conf" >"$RUN_DIR/nginx.conf"
  "$NGINX" -t -q -p "$RUN_DIR" -e "$RUN_DIR/logs/nginx-error.log" -c "$RUN_DIR/nginx.conf" \
    || die "the rendered nginx.conf does not pass nginx -t"
  "$NGINX" -p "$RUN_DIR" -e "$RUN_DIR/logs/nginx-error.log" -c "$RUN_DIR/nginx.conf" || die "nginx did not start"
  wait_http "http://127.0.0.1:$NGINX_PORT/_stcore/health" 20 || die "nginx does not answer on port $NGINX_PORT"
  trap - EXIT
  cmd_status
}

cmd_status() {
  if [ ! -f "$STATE" ]; then
    printf '{"up": false, "run_dir": "%s"}\n' "$RUN_DIR"
    return 1
  fi
  # shellcheck disable=SC1090
  . "$STATE"
  local ok=0 i=0 p pid nginx_pid="" rep="" healthy alive_ db=null
  for p in $REPLICA_PORTS; do
    i=$((i + 1))
    pid="$(echo "$REPLICA_PIDS" | cut -d' ' -f"$i")"
    alive_=false; healthy=false
    ours "$pid" "$(echo "$REPLICA_STARTS" | cut -d' ' -f"$i")" && alive_=true
    [ "$(curl -s --max-time 2 "http://127.0.0.1:$p/_stcore/health" 2>/dev/null)" = ok ] && healthy=true
    [ "$healthy" = true ] || ok=1
    rep="$rep${rep:+, }{\"port\": $p, \"pid\": $pid, \"alive\": $alive_, \"healthy\": $healthy}"
  done
  [ -n "$REPLICA_PORTS" ] || ok=1
  [ -f "$RUN_DIR/nginx.pid" ] && nginx_pid="$(cat "$RUN_DIR/nginx.pid")"
  local nginx_ok=false
  alive "$nginx_pid" nginx && [ "$(curl -s --max-time 2 "http://127.0.0.1:$NGINX_PORT/_stcore/health" 2>/dev/null)" = ok ] \
    && nginx_ok=true
  [ "$nginx_ok" = true ] || ok=1
  if [ -n "$PG_DIR" ]; then
    local pg_ok=false
    alive "$PG_PID" postgres && pg "$PG_BIN/pg_isready" -q -h "$PG_DIR" -p "$PG_PORT" && pg_ok=true
    [ "$pg_ok" = true ] || ok=1
    db="{\"port\": $PG_PORT, \"pid\": ${PG_PID:-null}, \"ready\": $pg_ok, \"loaded\": $([ "$DB_LOADED" = yes ] && echo true || echo false), \"url_file\": \"$RUN_DIR/database_url\"}"
  fi
  printf '{"up": %s, "url": "http://127.0.0.1:%s/", "run_dir": "%s", "nginx": {"port": %s, "pid": %s, "healthy": %s}, "replicas": [%s], "db": %s}\n' \
    "$([ "$ok" -eq 0 ] && echo true || echo false)" "$NGINX_PORT" "$RUN_DIR" "$NGINX_PORT" "${nginx_pid:-null}" \
    "$nginx_ok" "$rep" "$db"
  return "$ok"
}

cmd_down() {
  if [ ! -f "$STATE" ]; then say "nothing to stop (no $STATE)"; return 0; fi
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -f "$RUN_DIR/nginx.pid" ]; then stop_pid "$(cat "$RUN_DIR/nginx.pid")" alive nginx; fi
  local pid i=0
  for pid in $REPLICA_PIDS; do
    i=$((i + 1))
    stop_pid "$pid" ours "$(echo "${REPLICA_STARTS:-}" | cut -d' ' -f"$i")"
    say "stopped replica (pid $pid)"
  done
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || stop_pid "$PG_PID" alive postgres
    rm -rf "$PG_DIR"
  fi
  [ -n "${NGINX_WORK:-}" ] && rm -rf "$NGINX_WORK"
  rm -rf "$STATE" "$RUN_DIR/nginx.conf" "$RUN_DIR/nginx.pid" "$RUN_DIR/database_url"
  say "down (logs kept in $RUN_DIR/logs)"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  status) shift; [ $# -eq 0 ] || usage; cmd_status ;;
  down) shift; [ $# -eq 0 ] || usage; cmd_down ;;
  *) usage ;;
esac
