#!/usr/bin/env bash
# Stop a PostgreSQL started by start.sh and remove its temporary directory.
#
# Usage: stop.sh <POSTGRES_DIR>
# Settings (environment):
#   POSTGRES_KEEP   1 = keep the directory (data and server.log) after stopping
#   POSTGRES_BIN    the directory of pg_ctl (default: newest /usr/lib/postgresql/*/bin)
set -euo pipefail

log() { printf 'postgres: %s\n' "$*" >&2; }

dir="${1:-}"
if [[ -z "$dir" || ! -d "$dir/data" ]]; then
  log "usage: stop.sh <POSTGRES_DIR> (the directory start.sh printed)"
  exit 1
fi
bin="${POSTGRES_BIN:-}"
if [[ -z "$bin" ]]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
[[ -n "$bin" && -x "$bin/pg_ctl" ]] || { log "no PostgreSQL found (set POSTGRES_BIN)"; exit 1; }

as_owner=()
[[ "$(id -u)" == 0 ]] && as_owner=(runuser -u postgres --)

if [[ -f "$dir/data/postmaster.pid" ]]; then
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ||
    { log "pg_ctl stop failed"; exit 1; }
fi
if [[ "${POSTGRES_KEEP:-0}" == 1 ]]; then
  log "stopped; kept $dir"
else
  rm -rf "$dir"
  log "stopped; removed $dir"
fi
