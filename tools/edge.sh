#!/usr/bin/env bash
# The local edge: nginx from Debian in front of the local processes, on one origin
# (http://127.0.0.1:$EDGE_PORT), with its configuration generated from the route table the
# chart's HTTPRoutes come from (cdk8s/src/routes, ADR 0052). Runs in the foreground under
# proc_start like every local process; pid, access log and temp files under .local/edge, errors in
# .local/logs/edge.log. Usage: edge.sh up|down|status|conf|install
# (install: only nginx-light, for test/platform/edge.int.test.ts, which starts its own nginx)
set -euo pipefail
. "$(dirname "$0")/env.sh"
set -a
. "$TOOLS_DIR/ports.env"
set +a
. "$TOOLS_DIR/proc.sh"

EDGE_DIR="$LOCAL_DIR/edge"
CONF="$EDGE_DIR/nginx.conf"
NGINX="${NGINX:-/usr/sbin/nginx}"
# As root, nginx runs as nobody: it needs no privilege (a port above 1024, files it owns).
AS_USER=()
if [ "$(id -u)" -eq 0 ]; then AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi

ensure_nginx() {
  dpkg -s nginx-light >/dev/null 2>&1 && [ -x "$NGINX" ] && return 0
  [ "$(id -u)" -eq 0 ] || die "nginx-light is not installed: install it with apt-get (needs root)"
  log "installing nginx-light with apt-get"
  apt-get update -qq >&2
  # policy-rc.d keeps Debian from starting a system-wide nginx on port 80 that we would not own.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >&2
  rm -f /usr/sbin/policy-rc.d
}

# Writes the configuration from the route table and has nginx check it.
conf() {
  mkdir -p "$EDGE_DIR"
  node "$REPO_ROOT/cdk8s/src/routes/nginx.ts" "$EDGE_DIR" > "$CONF.new"
  mv "$CONF.new" "$CONF"
  if [ ${#AS_USER[@]} -gt 0 ]; then chown -R nobody:nogroup "$EDGE_DIR"; fi
  "${AS_USER[@]}" "$NGINX" -t -q -e stderr -p "$EDGE_DIR" -c "$CONF"
}

# Listening (a request would be proxied, and logged as an error while the processes are down).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$EDGE_PORT") 2>/dev/null; }

up() {
  ensure_nginx
  require_port_free edge "$EDGE_PORT"
  conf
  if proc_alive edge; then
    # Running: pick up a changed table without dropping connections.
    "${AS_USER[@]}" "$NGINX" -e stderr -p "$EDGE_DIR" -c "$CONF" -s reload
  else
    proc_start edge "${AS_USER[@]}" "$NGINX" -e stderr -p "$EDGE_DIR" -c "$CONF"
  fi
  wait_for edge 15 listening
  log "edge ready: http://127.0.0.1:$EDGE_PORT/ (/twilio → sms-router :$SMS_ROUTER_PORT, /v1 → api :$API_PORT, /v1/chat /v1/journal → iris :$IRIS_PORT, /v1/cv /v1/letters /v1/job-offers → career :$CAREER_PORT, / → web :$WEB_PORT)"
}

# SIGQUIT: nginx's graceful shutdown (finish the requests in flight).
down() { proc_stop edge QUIT; }

status() {
  echo "edge:"
  proc_report edge "http://127.0.0.1:$EDGE_PORT/ (config $CONF)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  conf) conf && cat "$CONF" ;;
  install) ensure_nginx ;;
  *) die "usage: $0 up|down|status|conf|install" ;;
esac
