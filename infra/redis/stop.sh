#!/usr/bin/env bash
# Stop the Redis that start.sh started in <dir> and remove the directory: SHUTDOWN NOSAVE
# through redis-cli, TERM then KILL on the pid if it does not go within a bounded wait.
# A directory whose Redis is already gone (killed by a test) is just removed.
set -euo pipefail

log() { printf 'redis: %s\n' "$*" >&2; }
dir="${1:-}"
if [[ -z "$dir" ]]; then log "usage: stop.sh <REDIS_DIR printed by start.sh>"; exit 2; fi
if [[ ! -d "$dir" ]]; then log "no such directory: $dir (already stopped?)"; exit 0; fi
if [[ ! -f "$dir/port" && ! -f "$dir/redis.pid" ]]; then log "$dir is not a directory start.sh made"; exit 2; fi

pid="$(cat "$dir/redis.pid" 2>/dev/null || true)"
port="$(cat "$dir/port" 2>/dev/null || true)"
alive() { [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

if alive; then
  [[ -n "$port" ]] && redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
  for (( i = 0; i < 50; i++ )); do alive || break; sleep 0.1; done
  if alive; then kill -TERM "$pid" 2>/dev/null || true; fi
  for (( i = 0; i < 50; i++ )); do alive || break; sleep 0.1; done
  if alive; then log "still running after 10 s; sending KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
fi
rm -rf "$dir"
