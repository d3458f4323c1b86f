#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite: `start` installs
# Debian's server if it is missing, creates a cluster in a temporary folder
# as an unprivileged user, listening on a loopback port only, and prints the
# DATABASE_URL to use; `stop` stops it and removes the folder. Durability is
# off (fsync, synchronous_commit): the data is thrown away.
set -euo pipefail

ROOT="${PG_TEST_ROOT:-${TMPDIR:-/tmp}/closebot-sms-pg}"
PORT="${PG_TEST_PORT:-55433}"
OWNER="${PG_TEST_OS_USER:-postgres}"

as_owner() {
  if [ "$(id -un)" = "$OWNER" ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u "$OWNER" -- "$@"
  else sudo -u "$OWNER" "$@"
  fi
}

bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_server() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  # The package's own cluster is not ours; leave it stopped.
  $sudo service postgresql stop >/dev/null 2>&1 || true
}

start() {
  BIN="$(bin_dir || true)"
  if [ -z "$BIN" ]; then install_server; BIN="$(bin_dir)"; fi
  id "$OWNER" >/dev/null 2>&1 || { echo "no user $OWNER to own the cluster" >&2; exit 1; }
  stop >/dev/null 2>&1 || true
  mkdir -p "$ROOT"
  chown "$OWNER" "$ROOT" 2>/dev/null || true
  as_owner "$BIN/initdb" -D "$ROOT/data" -U closebot --auth=trust -E UTF8 --no-sync >/dev/null
  as_owner "$BIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/server.log" -w -t 60 \
    -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null
  echo "postgres://closebot@127.0.0.1:$PORT/postgres"
}

stop() {
  BIN="$(bin_dir || true)"
  if [ -n "$BIN" ] && [ -d "$ROOT/data" ]; then
    as_owner "$BIN/pg_ctl" -D "$ROOT/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$ROOT"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
