#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 server: initdb and pg_ctl on a
# temporary folder, a loopback port, stopped and removed afterwards.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PGPORT=${PGPORT:-55432}
# In memory where the machine has a roomy tmpfs (2 GB free or more): the suite creates and truncates
# tables by the thousand, which a slow disk turns into hours.
shm_free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}')
in_memory=""
if [ "${shm_free_kb:-0}" -ge 2097152 ]; then
  PGBASE=$(mktemp -d -p /dev/shm)
else
  PGBASE=$(mktemp -d)
  # Otherwise a tmpfs of our own where we may mount one (root outside a locked-down container).
  if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=4g tmpfs "$PGBASE" 2>/dev/null; then in_memory=mounted; fi
fi
chmod 755 "$PGBASE"
# The test suite sets PG_AUTOVACUUM=off: its tests fill tables inside transactions they roll back, so autovacuum
# finds them empty and records zero rows over pages it has not yet cut away; the planner then takes every table for
# one row and joins the next test's data by nested loops (a page of the default data went from 6 s to 143 s). Never
# analysed, a table is estimated from its pages. The bench keeps autovacuum, as production does.
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGBASE"
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$PGBASE/data" -m fast stop >/dev/null 2>&1 || true
  if [ -n "$in_memory" ]; then umount "$PGBASE" || true; fi
  rm -rf "$PGBASE"
}
trap cleanup EXIT
as_postgres "$PGBIN/initdb" -D "$PGBASE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$PGBASE/data" -l "$PGBASE/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGBASE -c fsync=off -c full_page_writes=off -c synchronous_commit=off \
     -c wal_level=minimal -c max_wal_senders=0 -c shared_buffers=256MB -c max_wal_size=2GB -c autovacuum=${PG_AUTOVACUUM:-on}" start >/dev/null
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE ROLE interlocal LOGIN SUPERUSER" >/dev/null
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE interlocal OWNER interlocal" >/dev/null
export DATABASE_URL="postgres://interlocal@127.0.0.1:$PGPORT/interlocal"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
"$@"
