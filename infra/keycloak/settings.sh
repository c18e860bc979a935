# Sourced by start.sh and stop.sh: the settings both read (see start.sh for the full list).
port="${KEYCLOAK_PORT:-18180}"
cache="${KEYCLOAK_HOME_CACHE:-$HOME/.cache/live-artifacts/keycloak}"
run_dir="${KEYCLOAK_RUN_DIR:-$cache/run}"
pid_file="$run_dir/keycloak-$port.pid"

log() { printf '[keycloak] %s\n' "$*" >&2; }
