#!/usr/bin/env bash
# Stops the cluster pg_up.sh started on the same port and deletes its data folder.
#   usage: tests/peers/pg_down.sh   (same $HERALD_PG_PORT / $PGPORT / $HERALD_PG_STATE as pg_up.sh)
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${HERALD_PG_PORT:-${PGPORT:-55432}}
STATE=${HERALD_PG_STATE:-/tmp/herald-pg-${PORT}.state}
if [[ ! -f "$STATE" ]]; then echo "pg_down.sh: no $STATE; nothing to stop on port $PORT" >&2; exit 0; fi
PGDATA=$(cat "$STATE")
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [[ -d "$PGDATA" ]]; then
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null; then
    echo "pg_down.sh: pg_ctl stop failed (server already gone?); removing $PGDATA anyway" >&2
  fi
  rm -rf "$PGDATA" "$PGDATA.initdb.log"
fi
rm -f "$STATE"
