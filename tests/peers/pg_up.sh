#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the store tests (label `store`) on 127.0.0.1.
#   usage: tests/peers/pg_up.sh            -> prints the Herald store URL on stdout, e.g.
#          postgresql://host=127.0.0.1 port=55432 dbname=herald user=herald password=herald
#   export HERALD_TEST_PG_URL="$(tests/peers/pg_up.sh)"; ctest -L store; tests/peers/pg_down.sh
# Port: $HERALD_PG_PORT, else $PGPORT, else 55432. The data folder is a fresh mktemp folder; its path is
# kept in $HERALD_PG_STATE (default /tmp/herald-pg-<port>.state) so pg_down.sh can stop and remove it.
# Works as root (the server runs as the `postgres` user through runuser) and as an ordinary user.
# Needs: postgresql-15 (server binaries in /usr/lib/postgresql/15/bin, or set PGBIN).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${HERALD_PG_PORT:-${PGPORT:-55432}}
STATE=${HERALD_PG_STATE:-/tmp/herald-pg-${PORT}.state}

if [[ ! -x "$PGBIN/initdb" ]]; then
  echo "pg_up.sh: $PGBIN/initdb not found; install postgresql-15 or set PGBIN" >&2; exit 1
fi
if [[ -f "$STATE" ]]; then
  echo "pg_up.sh: $STATE exists (a cluster on port $PORT is already up?); run tests/peers/pg_down.sh first" >&2; exit 1
fi

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PGDATA=$(mktemp -d /tmp/herald-pgdata.XXXXXX)
if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$PGDATA"; fi
chmod 700 "$PGDATA"
echo "$PGDATA" > "$STATE"

as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust --auth-host=scram-sha-256 --no-sync -E UTF8 \
  --locale=C.UTF-8 >"$PGDATA.initdb.log" 2>&1 || { cat "$PGDATA.initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
  -o "-h 127.0.0.1 -p $PORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$PGDATA/server.log" >&2; exit 1; }

deadline=$((SECONDS + 30))
until "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; do
  if (( SECONDS > deadline )); then echo "pg_up.sh: server not ready after 30 s" >&2; cat "$PGDATA/server.log" >&2; exit 1; fi
  sleep 0.2
done
as_pg "$PGBIN/psql" -h "$PGDATA" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE herald LOGIN PASSWORD 'herald'" -c "CREATE DATABASE herald OWNER herald" >/dev/null
echo "postgresql://host=127.0.0.1 port=$PORT dbname=herald user=herald password=herald"
