#!/usr/bin/env bash
# Start a throwaway Redis for tests and the local cluster: Debian's redis-server on 127.0.0.1,
# nothing persisted (no RDB snapshots, no AOF), everything (pid, log, working dir) in a fresh
# `mktemp -d` directory. Prints, on stdout:
#   REDIS_URL=redis://127.0.0.1:<port>
#   REDIS_PORT=<port>
#   REDIS_DIR=<the directory stop.sh takes>
# and returns once `redis-cli ping` answers PONG, or fails with the log tail.
#
# Settings (environment):
#   REDIS_PORT             a fixed port; fails if it is taken (default: a free one)
#   REDIS_READY_TIMEOUT_S  how long to wait for PONG (default 10)
set -euo pipefail

log() { printf 'redis: %s\n' "$*" >&2; }
for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null || { log "missing required tool: $tool (apt-get install redis-server)"; exit 1; }
done

timeout_s="${REDIS_READY_TIMEOUT_S:-10}"
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

dir="$(mktemp -d "${TMPDIR:-/tmp}/la-redis.XXXXXX")"
cleanup_on_error() { rm -rf "$dir"; }
trap cleanup_on_error ERR

# One attempt on a port: redis-server daemonizes after binding, so a taken port shows as an
# exit before the pid file exists (and "Address already in use" in the log).
start_on() {
  local port="$1"
  rm -f "$dir/redis.pid" "$dir/redis.log"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" \
    --protected-mode yes >/dev/null
  local deadline=$(( $(date +%s) + timeout_s ))
  while (( $(date +%s) < deadline )); do
    if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)" == "PONG" ]] && [[ -s "$dir/redis.pid" ]]; then
      return 0
    fi
    if grep -q 'Address already in use' "$dir/redis.log" 2>/dev/null; then
      return 2
    fi
    sleep 0.05
  done
  return 1
}

if [[ -n "${REDIS_PORT:-}" ]]; then
  if port_taken "$REDIS_PORT"; then
    log "REDIS_PORT=$REDIS_PORT: 127.0.0.1:$REDIS_PORT is already in use; stop what listens there or unset REDIS_PORT"
    rm -rf "$dir"
    exit 1
  fi
  candidates=("$REDIS_PORT")
else
  # Random ports in the dynamic range, skipping taken ones; a race with another process that
  # binds the port first is caught by start_on and the next candidate is tried.
  candidates=()
  while (( ${#candidates[@]} < 20 )); do
    p=$(( 20000 + RANDOM % 40000 ))
    port_taken "$p" || candidates+=("$p")
  done
fi

port=""
for candidate in "${candidates[@]}"; do
  status=0
  start_on "$candidate" || status=$?
  if (( status == 0 )); then port="$candidate"; break; fi
  if (( status == 2 )) && [[ -z "${REDIS_PORT:-}" ]]; then continue; fi
  if (( status == 2 )); then
    log "REDIS_PORT=$candidate: 127.0.0.1:$candidate is already in use"
  else
    log "did not answer PONG within ${timeout_s}s on port $candidate; log tail:"
    tail -n 20 "$dir/redis.log" >&2 || true
    [[ -s "$dir/redis.pid" ]] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
  exit 1
done
if [[ -z "$port" ]]; then
  log "no free port found"
  rm -rf "$dir"
  exit 1
fi
echo "$port" >"$dir/port"
echo "REDIS_URL=redis://127.0.0.1:$port"
echo "REDIS_PORT=$port"
echo "REDIS_DIR=$dir"
