# Sourced by start.sh and reload.sh: renders nginx.conf.template into "$dir/nginx.conf" from
#   dir, port, usercontent_port, UPSTREAMS, USERCONTENT_UPSTREAMS, and the NGINX_* tunables.
# Upstream lists are comma-separated host:port pairs.

log() { printf 'nginx: %s\n' "$*" >&2; }

# "a:1,b:2" -> one `server` line each, with passive health-check parameters.
server_lines() {
  local list="$1" entry out=""
  IFS=',' read -r -a entries <<<"$list"
  for entry in "${entries[@]}"; do
    entry="${entry// /}"
    [[ -z "$entry" ]] && continue
    if [[ ! "$entry" =~ ^[^:]+:[0-9]+$ ]]; then log "not host:port: '$entry'"; return 1; fi
    out+="    server $entry max_fails=${NGINX_MAX_FAILS:-1} fail_timeout=${NGINX_FAIL_TIMEOUT_S:-5}s;"$'\n'
  done
  [[ -n "$out" ]] || { log "empty upstream list"; return 1; }
  printf '%s' "${out%$'\n'}"
}

render_config() {
  local template="$here/nginx.conf.template" app_servers usercontent_servers forwarded
  [[ -n "${UPSTREAMS:-}" ]] || { log "UPSTREAMS is required (e.g. UPSTREAMS=127.0.0.1:8101,127.0.0.1:8102)"; return 1; }
  app_servers="$(server_lines "$UPSTREAMS")" || return 1
  usercontent_servers=""
  if [[ -n "${USERCONTENT_UPSTREAMS:-}" ]]; then usercontent_servers="$(server_lines "$USERCONTENT_UPSTREAMS")" || return 1; fi
  # nginx is the edge: these replace whatever the client sent, never append to it (a client
  # could otherwise put any address in front of its own). The server trusts them only from
  # the addresses in TRUSTED_PROXIES.
  forwarded="      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_set_header Forwarded \"\";"
  local conf
  conf="$(<"$template")"
  conf="${conf//@DIR@/$dir}"
  conf="${conf//@PORT@/$port}"
  conf="${conf//@USERCONTENT_PORT@/${usercontent_port:-0}}"
  conf="${conf//@WORKERS@/${NGINX_WORKERS:-1}}"
  conf="${conf//@WORKER_CONNECTIONS@/${NGINX_WORKER_CONNECTIONS:-16384}}"
  conf="${conf//@NOFILE@/${NGINX_NOFILE:-$(ulimit -Hn)}}"
  conf="${conf//@APP_SERVERS@/$app_servers}"
  conf="${conf//@USERCONTENT_SERVERS@/$usercontent_servers}"
  conf="${conf//@FORWARDED_HEADERS@/$forwarded}"
  if [[ -n "$usercontent_servers" ]]; then
    conf="$(printf '%s\n' "$conf" | grep -v -e '^@USERCONTENT_BEGIN@$' -e '^@USERCONTENT_END@$')"
  else
    conf="$(printf '%s\n' "$conf" | sed '/^@USERCONTENT_BEGIN@$/,/^@USERCONTENT_END@$/d')"
  fi
  printf '%s\n' "$conf" >"$dir/nginx.conf.new"
  mv "$dir/nginx.conf.new" "$dir/nginx.conf"
}
