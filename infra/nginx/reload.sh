#!/usr/bin/env bash
# Point a running nginx (started by start.sh in <dir>) at a new upstream list without dropping
# connections: re-renders nginx.conf with the same ports, tests it, and sends `-s reload` (new
# workers take new requests, old ones finish theirs; open WebSockets stay on the old workers
# until they close). UPSTREAMS / USERCONTENT_UPSTREAMS (or --upstreams= / --usercontent-upstreams=)
# as in start.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=render.sh
source "$here/render.sh"
dir="${1:-}"
[[ -n "$dir" && -f "$dir/nginx.conf" ]] || { log "usage: reload.sh <NGINX_DIR> [--upstreams=a:1,b:2] [--usercontent-upstreams=...]"; exit 2; }
shift
for arg in "$@"; do
  case "$arg" in
    --upstreams=*) UPSTREAMS="${arg#*=}" ;;
    --usercontent-upstreams=*) USERCONTENT_UPSTREAMS="${arg#*=}" ;;
    *) log "unknown argument: $arg"; exit 2 ;;
  esac
done
nginx_bin="${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
port="$(cat "$dir/port")"
usercontent_port="$(cat "$dir/usercontent_port" 2>/dev/null || true)"
if [[ -n "${USERCONTENT_UPSTREAMS:-}" && -z "$usercontent_port" ]]; then
  log "this nginx was started without a user-content listener; restart it to add one"; exit 1
fi
cp "$dir/nginx.conf" "$dir/nginx.conf.previous"
render_config
if ! "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -t -q 2>"$dir/test.log"; then
  log "new config rejected, keeping the running one:"; cat "$dir/test.log" >&2
  mv "$dir/nginx.conf.previous" "$dir/nginx.conf"
  exit 1
fi
"$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -s reload
