#!/usr/bin/env bash
# Start a throwaway PostgreSQL for development and tests: a fresh cluster in a new temporary
# directory, listening on 127.0.0.1 only, trust authentication on loopback, with a database
# `artifacts`. Returns once it accepts connections.
#
# Prints two machine-readable lines on stdout (everything else goes to stderr):
#   DATABASE_URL=postgres://postgres@127.0.0.1:<port>/artifacts
#   POSTGRES_DIR=<the temporary directory; pass it to stop.sh>
#
# Settings (environment):
#   PGPORT          port on 127.0.0.1 (default: a free one); fails if it is taken
#   POSTGRES_FAST   1 = fsync, synchronous_commit and full_page_writes off (tests only: a crash
#                   loses data)
#   POSTGRES_BIN    the directory of initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#
# Run as root, the cluster belongs to the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

log() { printf 'postgres: %s\n' "$*" >&2; }

bin="${POSTGRES_BIN:-}"
if [[ -z "$bin" ]]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [[ -z "$bin" || ! -x "$bin/pg_ctl" ]]; then
  log "no PostgreSQL found (looked in /usr/lib/postgresql/*/bin; set POSTGRES_BIN)"
  exit 1
fi

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ -n "${PGPORT:-}" ]]; then
  port="$PGPORT"
  if port_taken "$port"; then
    log "port $port is already in use by another process"
    exit 1
  fi
else
  # A free port from the kernel (bind to port 0), for a server that starts a moment later.
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || true)"
  if [[ -z "$port" ]]; then
    for _ in $(seq 1 50); do
      candidate=$((20000 + RANDOM % 40000))
      if ! port_taken "$candidate"; then port="$candidate"; break; fi
    done
  fi
  [[ -n "$port" ]] || { log "found no free port"; exit 1; }
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/la-postgres-XXXXXX")"
data="$dir/data"
as_owner=()
if [[ "$(id -u)" == 0 ]]; then
  chown postgres: "$dir"
  chmod 700 "$dir"
  as_owner=(runuser -u postgres --)
fi
user="$("${as_owner[@]}" id -un)"

cleanup_on_failure() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap 'status=$?; if (( status != 0 )); then [[ -f "$dir/server.log" ]] && tail -n 20 "$dir/server.log" >&2; cleanup_on_failure; fi' EXIT

"${as_owner[@]}" "$bin/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; log "initdb failed"; exit 1; }

# Loopback only, trusted: a throwaway cluster nobody else can reach.
cat >"$data/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
{
  echo "listen_addresses = '127.0.0.1'"
  echo "port = $port"
  echo "unix_socket_directories = '$dir'"
  echo "max_connections = 200"
  if [[ "${POSTGRES_FAST:-0}" == 1 ]]; then
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
  fi
} >>"$data/postgresql.conf"
[[ "$(id -u)" == 0 ]] && chown postgres: "$data/pg_hba.conf"

"${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
  { log "PostgreSQL did not start"; exit 1; }
"${as_owner[@]}" "$bin/psql" -h "$dir" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qc 'create database artifacts' >&2 ||
  { log "could not create the database artifacts"; exit 1; }

log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, files in $dir"
echo "DATABASE_URL=postgres://$user@127.0.0.1:$port/artifacts"
echo "POSTGRES_DIR=$dir"
