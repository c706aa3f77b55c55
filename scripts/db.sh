#!/usr/bin/env bash
# Finds or starts the PostgreSQL that PR Desk uses and prints its URL.
#
#   scripts/db.sh url    print the URL (starting a private cluster if needed)
#   scripts/db.sh stop   stop the private cluster under ./var/pg, if it runs
#   scripts/db.sh which  say which server the URL points to
#
# Order: $DATABASE_URL; a server on 127.0.0.1:5432 that lets user postgres in
# without a password (database "prdesk" is created there); otherwise a private
# cluster under ./var/pg on port $PRDESK_PG_PORT (default 54329).
# PRDESK_DB=private skips the server on 5432 and always uses the private cluster.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pgdir="$root/var/pg"
port="${PRDESK_PG_PORT:-54329}"
dbname="${PRDESK_DB_NAME:-prdesk}"

log() { printf '%s\n' "$*" >&2; }

pgbin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$d" ] && command -v pg_ctl >/dev/null 2>&1; then d=$(dirname "$(command -v pg_ctl)"); fi
  printf '%s' "$d"
}

as_owner() {
  # initdb and postgres refuse to run as root: run them as the postgres user.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

system_server_ok() {
  [ "${PRDESK_DB:-}" = private ] && return 1
  command -v psql >/dev/null 2>&1 || return 1
  PGCONNECT_TIMEOUT=3 psql -w -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

ensure_database() { # host port
  local exists
  exists=$(psql -w -h "$1" -p "$2" -U postgres -d postgres -Atqc "select 1 from pg_database where datname = '$dbname'")
  if [ "$exists" != 1 ]; then
    psql -w -h "$1" -p "$2" -U postgres -d postgres -qc "create database \"$dbname\"" >/dev/null
  fi
}

install_postgres() {
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed and this is not root: install Debian's 'postgresql' package, or set DATABASE_URL."
    exit 1
  fi
  log "Installing Debian's postgresql package…"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

start_private() {
  local bin
  bin=$(pgbin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then install_postgres; bin=$(pgbin); fi
  export PATH="$bin:$PATH"
  mkdir -p "$pgdir"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$root/var"; fi
  if [ ! -f "$pgdir/data/PG_VERSION" ]; then
    log "Creating a private PostgreSQL cluster in $pgdir…"
    as_owner "$bin/initdb" -D "$pgdir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c max_connections=200" start >/dev/null
  fi
  ensure_database 127.0.0.1 "$port"
}

case "${1:-url}" in
  url)
    if [ -n "${DATABASE_URL:-}" ]; then printf '%s\n' "$DATABASE_URL"; exit 0; fi
    if system_server_ok; then
      ensure_database 127.0.0.1 5432
      printf 'postgres://postgres@127.0.0.1:5432/%s?sslmode=disable\n' "$dbname"
    else
      start_private
      printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$port" "$dbname"
    fi
    ;;
  which)
    if [ -n "${DATABASE_URL:-}" ]; then echo "DATABASE_URL"; elif system_server_ok; then echo "the PostgreSQL on 127.0.0.1:5432";
    else echo "the private cluster in $pgdir (port $port)"; fi
    ;;
  stop)
    bin=$(pgbin)
    if [ -f "$pgdir/data/PG_VERSION" ] && [ -n "$bin" ]; then
      as_owner "$bin/pg_ctl" -D "$pgdir/data" -m fast stop 2>/dev/null && log "Stopped the private cluster in $pgdir." || log "The private cluster in $pgdir is not running."
    else
      log "No private cluster in $pgdir; a system PostgreSQL is left alone."
    fi
    ;;
  *) log "usage: $0 url|which|stop"; exit 2 ;;
esac
