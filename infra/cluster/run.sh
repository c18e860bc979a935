#!/usr/bin/env bash
# `npm run cluster`: a production-shaped deployment on this machine, in the foreground —
# PostgreSQL, Redis, CLUSTER_SIZE server instances (default 3) and nginx in front, each on a free
# port, everything in temporary directories. Ctrl-C (or SIGTERM) stops it all and removes them.
#
# It is the recipe a real deployment follows, with real hosts instead of loopback:
#   1. PostgreSQL (DATABASE_URL): migrations run once, under an advisory lock, whichever instance starts first.
#   2. Redis (REDIS_URL): document updates, awareness and control events between the instances.
#   3. N instances with the same DATABASE_URL, REDIS_URL, USERCONTENT_SECRET, APP_ORIGIN and
#      USERCONTENT_ORIGIN (the public origins, which are nginx's), TRUSTED_PROXIES = nginx's address.
#   4. nginx (infra/nginx) in front: WebSocket upgrade on /collab, the user-content origin on its own port.
# Identity: OIDC_ISSUER (your Keycloak realm) when set; otherwise the embedded IdP with its keys in
# one DATA_DIR shared by the instances (the first one starts alone and makes them).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE="${CLUSTER_SIZE:-3}"
[[ "$SIZE" =~ ^[1-9][0-9]?$ ]] || { echo "CLUSTER_SIZE must be a number from 1 to 99 (got '$SIZE')" >&2; exit 2; }

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
value() { sed -n "s/^$1=//p" <<<"$2" | head -n 1; }

PIDS=()
PG_DIR="" REDIS_DIR="" NGINX_DIR="" DATA_DIR=""
cleanup() {
  trap - EXIT INT TERM
  echo "stopping the cluster" >&2
  [ -n "$NGINX_DIR" ] && bash infra/nginx/stop.sh "$NGINX_DIR" >&2 || true
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$REDIS_DIR" ] && bash infra/redis/stop.sh "$REDIS_DIR" >&2 || true
  [ -n "$PG_DIR" ] && bash infra/postgres/stop.sh "$PG_DIR" >&2 || true
  [ -n "$DATA_DIR" ] && rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

out=$(bash infra/postgres/start.sh); PG_DIR=$(value POSTGRES_DIR "$out"); DATABASE_URL=$(value DATABASE_URL "$out")
out=$(bash infra/redis/start.sh); REDIS_DIR=$(value REDIS_DIR "$out"); REDIS_URL=$(value REDIS_URL "$out")
NGINX_PORT="${NGINX_PORT:-$(free_port)}"
NGINX_USERCONTENT_PORT="${NGINX_USERCONTENT_PORT:-$(free_port)}"
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/live-artifacts-cluster.XXXXXX")
SECRET=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')

UPSTREAMS=() USERCONTENT_UPSTREAMS=()
for i in $(seq 1 "$SIZE"); do
  port=$(free_port); ucport=$(free_port)
  UPSTREAMS+=("127.0.0.1:$port"); USERCONTENT_UPSTREAMS+=("127.0.0.1:$ucport")
  log="$DATA_DIR/instance-$i.log"
  env DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" DATA_DIR="$DATA_DIR" PORT="$port" USERCONTENT_PORT="$ucport" \
    APP_ORIGIN="http://127.0.0.1:$NGINX_PORT" USERCONTENT_ORIGIN="http://127.0.0.1:$NGINX_USERCONTENT_PORT" \
    USERCONTENT_SECRET="$SECRET" TRUSTED_PROXIES=127.0.0.1 INSTANCE_ID="instance-$i" DEMO="$([ "$i" = 1 ] && echo "${DEMO:-1}" || echo 0)" \
    node --import tsx server/main.ts >"$log" 2>&1 &
  PIDS+=("$!")
  # The first instance runs the migrations and makes the embedded IdP's keys; the others wait for it.
  if [ "$i" = 1 ] || [ "$i" = "$SIZE" ]; then
    for _ in $(seq 1 600); do
      grep -q 'live artifacts listening' "$log" 2>/dev/null && break
      kill -0 "${PIDS[-1]}" 2>/dev/null || { echo "instance $i failed to start:" >&2; cat "$log" >&2; exit 1; }
      sleep 0.1
    done
  fi
done
for i in $(seq 1 "$SIZE"); do
  until grep -q 'live artifacts listening' "$DATA_DIR/instance-$i.log"; do
    kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null || { echo "instance $i failed to start:" >&2; cat "$DATA_DIR/instance-$i.log" >&2; exit 1; }
    sleep 0.1
  done
done

out=$(NGINX_PORT="$NGINX_PORT" NGINX_USERCONTENT_PORT="$NGINX_USERCONTENT_PORT" UPSTREAMS=$(IFS=,; echo "${UPSTREAMS[*]}") \
  USERCONTENT_UPSTREAMS=$(IFS=,; echo "${USERCONTENT_UPSTREAMS[*]}") bash infra/nginx/start.sh)
NGINX_DIR=$(value NGINX_DIR "$out")

cat <<INFO

  Live Artifacts cluster: http://127.0.0.1:$NGINX_PORT   (nginx → ${UPSTREAMS[*]})
  PostgreSQL:  $DATABASE_URL
  Redis:       $REDIS_URL
  Logs:        $DATA_DIR/instance-*.log
  Ctrl-C stops everything.

INFO
wait -n "${PIDS[@]}" || true
echo "an instance exited; stopping the cluster" >&2
exit 1
