#!/usr/bin/env bash
# Stop the nginx that start.sh started in <dir> and remove the directory: QUIT (graceful: open
# requests finish), TERM after 5 s, KILL after 10 s.
set -euo pipefail

log() { printf 'nginx: %s\n' "$*" >&2; }
dir="${1:-}"
[[ -n "$dir" ]] || { log "usage: stop.sh <NGINX_DIR printed by start.sh>"; exit 2; }
[[ -d "$dir" ]] || { log "no such directory: $dir (already stopped?)"; exit 0; }
[[ -f "$dir/nginx.conf" ]] || { log "$dir is not a directory start.sh made"; exit 2; }

pid="$(cat "$dir/nginx.pid" 2>/dev/null || true)"
alive() { [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }
if alive; then
  kill -QUIT "$pid" 2>/dev/null || true
  for (( i = 0; i < 50; i++ )); do alive || break; sleep 0.1; done
  if alive; then kill -TERM "$pid" 2>/dev/null || true; fi
  for (( i = 0; i < 50; i++ )); do alive || break; sleep 0.1; done
  if alive; then log "still running after 10 s; sending KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
fi
rm -rf "$dir"
