#!/usr/bin/env bash
# Start nginx (Debian's binary, not as a system service) in front of Live Artifacts instances,
# with its own prefix in a fresh `mktemp -d` directory: config, pid, logs and temp files all
# live there (`nginx -p <dir> -c <dir>/nginx.conf -e <dir>/error.log`). Prints, on stdout:
#   NGINX_URL=http://127.0.0.1:<port>
#   NGINX_USERCONTENT_URL=http://127.0.0.1:<port>   (when USERCONTENT_UPSTREAMS is given)
#   NGINX_DIR=<the directory reload.sh and stop.sh take>
# and returns once nginx answers HTTP.
#
# Settings (environment, or --name=value flags of the same names in lower case):
#   UPSTREAMS               app instances, host:port comma-separated (required)
#   USERCONTENT_UPSTREAMS   the same instances' USERCONTENT_PORTs (optional)
#   NGINX_PORT / NGINX_USERCONTENT_PORT   fixed ports; fail if taken (default: free ones)
#   NGINX_WORKERS (1), NGINX_WORKER_CONNECTIONS (16384), NGINX_MAX_FAILS (1),
#   NGINX_FAIL_TIMEOUT_S (5), NGINX_READY_TIMEOUT_S (10)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=render.sh
source "$here/render.sh"
for arg in "$@"; do
  case "$arg" in
    --upstreams=*) UPSTREAMS="${arg#*=}" ;;
    --usercontent-upstreams=*) USERCONTENT_UPSTREAMS="${arg#*=}" ;;
    *) log "unknown argument: $arg"; exit 2 ;;
  esac
done
nginx_bin="${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
[[ -x "$nginx_bin" ]] || { log "nginx not found (apt-get install nginx-light or nginx)"; exit 1; }
command -v curl >/dev/null || { log "missing required tool: curl"; exit 1; }
timeout_s="${NGINX_READY_TIMEOUT_S:-10}"

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
random_free_port() {
  local p
  while :; do p=$(( 20000 + RANDOM % 40000 )); port_taken "$p" || { echo "$p"; return; }; done
}
for setting in NGINX_PORT NGINX_USERCONTENT_PORT; do
  if [[ -n "${!setting:-}" ]] && port_taken "${!setting}"; then
    log "$setting=${!setting}: 127.0.0.1:${!setting} is already in use; stop what listens there or unset $setting"
    exit 1
  fi
done

dir="$(mktemp -d "${TMPDIR:-/tmp}/la-nginx.XXXXXX")"
# Workers may run as another user (nginx started as root): they must reach the temp paths.
chmod 0755 "$dir"
trap 'rm -rf "$dir"' ERR

started=""
for (( attempt = 0; attempt < 10; attempt++ )); do
  port="${NGINX_PORT:-$(random_free_port)}"
  usercontent_port=""
  if [[ -n "${USERCONTENT_UPSTREAMS:-}" ]]; then
    usercontent_port="${NGINX_USERCONTENT_PORT:-$(random_free_port)}"
    [[ "$usercontent_port" == "$port" ]] && continue
  fi
  render_config
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -t -q 2>"$dir/test.log" || {
    log "config test failed:"; cat "$dir/test.log" >&2; rm -rf "$dir"; exit 1;
  }
  if "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/start.log"; then
    started=1
    break
  fi
  # A port taken between the probe and the bind: try others, unless they were fixed.
  if grep -q 'Address already in use' "$dir/start.log" && [[ -z "${NGINX_PORT:-}" && -z "${NGINX_USERCONTENT_PORT:-}" ]]; then continue; fi
  log "nginx did not start:"; cat "$dir/start.log" >&2
  rm -rf "$dir"
  exit 1
done
[[ -n "$started" ]] || { log "no free port found"; rm -rf "$dir"; exit 1; }
echo "$port" >"$dir/port"
echo "${usercontent_port}" >"$dir/usercontent_port"

# Answering = any HTTP status (502 while no instance is up yet is still nginx answering).
deadline=$(( $(date +%s) + timeout_s ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)" != "000" ]]; do
  if (( $(date +%s) >= deadline )); then
    log "nginx did not answer within ${timeout_s}s; error log:"; tail -n 20 "$dir/error.log" >&2 || true
    "$here/stop.sh" "$dir" || true
    exit 1
  fi
  sleep 0.05
done
echo "NGINX_URL=http://127.0.0.1:$port"
[[ -n "$usercontent_port" ]] && echo "NGINX_USERCONTENT_URL=http://127.0.0.1:$usercontent_port"
echo "NGINX_DIR=$dir"
