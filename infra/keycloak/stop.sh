#!/usr/bin/env bash
# Stop the Keycloak started by start.sh on $KEYCLOAK_PORT (default 18180): TERM to its process
# group, KILL after a bounded wait. Settings as in start.sh.
set -euo pipefail

# shellcheck source=settings.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/settings.sh"
grace_s="${KEYCLOAK_STOP_TIMEOUT_S:-30}"

if [[ ! -f "$pid_file" ]]; then
  log "not running (no $pid_file)"
  exit 0
fi
pid="$(cat "$pid_file")"
if ! kill -0 "$pid" 2>/dev/null; then
  log "not running (stale pid $pid)"
  rm -f "$pid_file"
  exit 0
fi

# start.sh runs kc.sh under setsid, so the pid is also the process group id; signal the group so
# a build-step JVM still running during start-up goes too. Fall back to the pid alone otherwise.
target="$pid"
if [[ "$(ps -o pgid= -p "$pid" | tr -d ' ')" == "$pid" ]]; then
  target="-$pid"
fi
alive() { kill -0 -- "$target" 2>/dev/null; }

kill -TERM -- "$target" 2>/dev/null || true
for (( i = 0; i < grace_s * 5; i++ )); do
  alive || break
  sleep 0.2
done
if alive; then
  log "still running after ${grace_s}s; sending KILL"
  kill -KILL -- "$target" 2>/dev/null || true
  sleep 0.5
fi
rm -f "$pid_file"
log "stopped (pid $pid)"
