#!/usr/bin/env bash
# The drill of recovery to a point in time (README, "Recovery to a point in
# time"), on a throwaway cluster of this machine's PostgreSQL: the same
# settings and commands as in production, in one folder.
#
#   scripts/pitr-drill.sh [WORK_DIR]     (default: a new folder under /tmp)
#
# 1. a cluster with WAL archiving on (archive_mode, archive_command);
# 2. PR Desk's schema and demo data (bin/prdesk migrate up, demo);
# 3. a base backup (pg_basebackup);
# 4. a change worth keeping (an account), the time noted, then a mistake
#    (every account's name overwritten), then a switch of WAL segment so the
#    mistake is archived too;
# 5. the base backup restored into a new data folder, with restore_command
#    and recovery_target_time set to the noted time and recovery.signal;
# 6. started, it replays the archive up to the time and stops there: the
#    account is there and the mistake is not.
# It prints each step's time and exits non-zero if the check fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/prdesk-pitr-XXXXXX)}
port=${PITR_PORT:-54339}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "No PostgreSQL server binaries under /usr/lib/postgresql: apt-get install postgresql" >&2
  exit 1
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
step() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }

mkdir -p "$work"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
data="$work/data" restored="$work/restored" archive="$work/archive" base="$work/base"
as_owner mkdir -p "$archive"
stop_all() {
  as_owner "$bin/pg_ctl" -D "$restored" -m immediate stop >/dev/null 2>&1 || true
  as_owner "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
}
trap stop_all EXIT

step "1. a cluster with WAL archiving in $data"
as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $archive/%f && cp %p $archive/%f'
archive_timeout = 60
EOF
as_owner "$bin/pg_ctl" -D "$data" -l "$work/server.log" -w start >/dev/null
psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres)
"${psql[@]}" -d postgres -c "create database prdesk"
url="postgres://postgres@127.0.0.1:$port/prdesk?sslmode=disable"

step "2. PR Desk's schema and demo data"
(cd "$root" && go build -o "$work/prdesk" ./cmd/prdesk)
DATABASE_URL="$url" "$work/prdesk" migrate up 2>/dev/null
DATABASE_URL="$url" "$work/prdesk" demo >/dev/null 2>&1

step "3. a base backup into $base"
as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$base" -X stream --checkpoint=fast

step "4. a change worth keeping, the time, a mistake"
echo 'a long password for the drill' | DATABASE_URL="$url" "$work/prdesk" user create --username pitr.kept --role staff --name "Atjaunotais Konts" >/dev/null 2>&1
sleep 1
target=$("${psql[@]}" -d prdesk -Atc "select now()")
sleep 1
"${psql[@]}" -d prdesk -c "update users set full_name = 'KĻŪDA'"
# The segment holding the mistake is closed, and waited for in the archive.
segment=$("${psql[@]}" -d prdesk -Atc "select pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 60); do
  [ -f "$archive/$segment" ] && break
  sleep 1
done
[ -f "$archive/$segment" ] || { echo "segment $segment was not archived: see $work/server.log" >&2; exit 1; }
echo "   target time: $target"
as_owner "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null

step "5. the base backup restored into $restored, to $target"
as_owner cp -a "$base" "$restored"
cat >>"$restored/postgresql.conf" <<EOF
restore_command = 'cp $archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
EOF
as_owner touch "$restored/recovery.signal"
start=$(date +%s%N)
as_owner "$bin/pg_ctl" -D "$restored" -l "$work/restored.log" -w -t 300 start >/dev/null
for _ in $(seq 1 60); do
  [ "$("${psql[@]}" -d postgres -Atc "select pg_is_in_recovery()")" = f ] && break
  sleep 1
done
took=$(( ($(date +%s%N) - start) / 1000000 ))

step "6. the check"
kept=$("${psql[@]}" -d prdesk -Atc "select count(*) from users where username = 'pitr.kept'")
wrong=$("${psql[@]}" -d prdesk -Atc "select count(*) from users where full_name = 'KĻŪDA'")
users=$("${psql[@]}" -d prdesk -Atc "select count(*) from users")
echo "   recovered in ${took} ms: $users accounts, the kept one: $kept, overwritten names: $wrong"
if [ "$kept" != 1 ] || [ "$wrong" != 0 ]; then
  echo "FAILED: recovery to $target did not stop between the change and the mistake" >&2
  exit 1
fi
echo "OK: recovered to $target; the files are in $work (remove it when done)"
