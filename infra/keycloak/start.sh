#!/usr/bin/env bash
# Start a local development Keycloak with the `artifacts` realm imported.
#
# Fetches the Keycloak distribution from Maven Central once (through `mvn`, so Maven's own
# settings, proxy and mirror apply), extracts it into a cache directory, copies
# artifacts-realm.json into its data/import/ and runs `kc.sh start-dev --import-realm` in the
# background. Returns when the realm's discovery document answers 200, or fails with the log tail.
#
# Settings (environment):
#   KEYCLOAK_VERSION      distribution version (default 26.4.7; runs on Java 17)
#   KEYCLOAK_PORT         HTTP port on 127.0.0.1 (default 18180)
#   KEYCLOAK_HOME_CACHE   where distributions are kept (default ~/.cache/live-artifacts/keycloak)
#   KEYCLOAK_RUN_DIR      pid and log files (default $KEYCLOAK_HOME_CACHE/run)
#   KEYCLOAK_DB           dev-mem (default: fresh realm from the JSON on every start, nothing on
#                         disk) or dev-file (keeps changes made in the admin console; the import
#                         is then skipped while the realm exists)
#   KEYCLOAK_HOSTNAME     public base URL, fixes the token issuer (default http://127.0.0.1:$PORT)
#   KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD   master-realm admin (default admin / admin)
#   KEYCLOAK_READY_TIMEOUT_S                        how long to wait for the realm (default 180)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=settings.sh
source "$here/settings.sh"
version="${KEYCLOAK_VERSION:-26.4.7}"
db="${KEYCLOAK_DB:-dev-mem}"
hostname_url="${KEYCLOAK_HOSTNAME:-http://127.0.0.1:$port}"
timeout_s="${KEYCLOAK_READY_TIMEOUT_S:-180}"
home="$cache/keycloak-$version"
log_file="$run_dir/keycloak-$port.log"
ready_url="http://127.0.0.1:$port/realms/artifacts/.well-known/openid-configuration"

now_ms() { date +%s%3N; }

for tool in java mvn curl tar; do
  command -v "$tool" >/dev/null || { log "missing required tool: $tool"; exit 1; }
done

if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  log "already running (pid $(cat "$pid_file")); run stop.sh first"
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  log "port $port is already in use by another process"
  exit 1
fi

mkdir -p "$cache" "$run_dir"

# 1. Distribution: download and extract once per version.
if [[ ! -x "$home/bin/kc.sh" ]]; then
  tarball="$cache/keycloak-quarkus-dist-$version.tar.gz"
  if [[ ! -f "$tarball" ]]; then
    log "downloading org.keycloak:keycloak-quarkus-dist:$version:tar.gz from Maven Central"
    t0=$(now_ms)
    if ! mvn -B -Dstyle.color=never dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:tar.gz" \
      -DoutputDirectory="$cache" -Dmdep.overWriteReleases=true >"$run_dir/mvn.log" 2>&1; then
      log "download failed; last Maven output ($run_dir/mvn.log):"
      tail -n 30 "$run_dir/mvn.log" >&2
      exit 1
    fi
    log "downloaded in $(( $(now_ms) - t0 )) ms"
  fi
  log "extracting into $home"
  tmp="$(mktemp -d "$cache/extract.XXXXXX")"
  tar -xzf "$tarball" -C "$tmp"
  rm -rf "$home"
  mv "$tmp/keycloak-$version" "$home"
  rmdir "$tmp"
  rm -f "$tarball" # Maven's local repository keeps a copy
fi

# 2. Realm: a fresh copy of the JSON on every start.
mkdir -p "$home/data/import"
cp "$here/artifacts-realm.json" "$home/data/import/artifacts-realm.json"

# 3. Start in its own session so stop.sh can end the whole process group (kc.sh first runs a
#    build step in a child JVM, then execs the server JVM under the same pid).
log "starting Keycloak $version on 127.0.0.1:$port (db $db); log: $log_file"
t0=$(now_ms)
KC_BOOTSTRAP_ADMIN_USERNAME="${KEYCLOAK_ADMIN_USER:-admin}" \
KC_BOOTSTRAP_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
  setsid "$home/bin/kc.sh" start-dev --import-realm \
    --http-port "$port" --http-host 127.0.0.1 --hostname "$hostname_url" \
    --db "$db" \
    >"$log_file" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pid_file"

# 4. Ready once the realm's discovery document is served.
deadline=$(( $(date +%s) + timeout_s ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$ready_url" || true)" == 200 ]]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    log "Keycloak exited during start-up; last log lines:"
    tail -n 40 "$log_file" >&2
    rm -f "$pid_file"
    exit 1
  fi
  if (( $(date +%s) >= deadline )); then
    log "realm not ready after ${timeout_s}s; last log lines:"
    tail -n 40 "$log_file" >&2
    "$here/stop.sh" || true
    exit 1
  fi
  sleep 1
done
log "ready in $(( $(now_ms) - t0 )) ms: issuer $hostname_url/realms/artifacts (pid $pid)"
