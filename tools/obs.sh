#!/usr/bin/env bash
# Local observability on loopback, from the tool cache (tools/build.sh obs, obs-stores): Prometheus
# scraping the local platform's processes (make demo: the operator, sms-router, agent, workers),
# Jaeger v2 receiving the services' OTLP traces, VictoriaLogs receiving their log files through
# tools/log-shipper.ts (the Loki push API, as Alloy ships to Loki in a cluster). State under
# .local/obs, pid files and logs as tools/proc.sh keeps them. Usage: obs.sh up|down [--purge]|status|env
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$TOOLS_DIR/ports.env"
. "$TOOLS_DIR/proc.sh"

OBS_DIR="$LOCAL_DIR/obs"
export JAEGER_OTLP_HTTP_PORT JAEGER_QUERY_PORT JAEGER_QUERY_GRPC_PORT JAEGER_HEALTH_PORT
# The processes whose log files are shipped and whose /metrics Prometheus scrapes (tools/platform.sh).
SHIPPED="twilio-emulator phoenix-operator sms-router agent workers"

prometheus_config() {
  cat >"$OBS_DIR/prometheus.yml" <<YAML
# Written by tools/obs.sh — the local platform's processes as tools/platform.sh starts them.
global: {scrape_interval: 5s, evaluation_interval: 5s}
scrape_configs:
  - job_name: phoenix-operator
    static_configs: [{targets: ["127.0.0.1:$OPERATOR_PORT"], labels: {service: phoenix-operator}}]
  - job_name: sms-router
    static_configs: [{targets: ["127.0.0.1:$SMS_ROUTER_PORT"], labels: {service: sms-router}}]
  - job_name: agent
    static_configs: [{targets: ["127.0.0.1:$AGENT_PORT"], labels: {service: agent}}]
  - job_name: workers
    static_configs: [{targets: ["127.0.0.1:$WORKERS_PORT"], labels: {service: workers}}]
  - job_name: prometheus
    static_configs: [{targets: ["127.0.0.1:$PROMETHEUS_PORT"]}]
YAML
}

up() {
  [ -f "$OBS_BIN/.complete" ] || "$TOOLS_DIR/build.sh" obs
  [ -f "$OBS_STORES_BIN/.complete" ] || "$TOOLS_DIR/build.sh" obs-stores
  mkdir -p "$OBS_DIR"
  require_port_free victoria-logs "$VICTORIALOGS_PORT"
  proc_start victoria-logs "$OBS_STORES_BIN/victoria-logs" -httpListenAddr="127.0.0.1:$VICTORIALOGS_PORT" \
    -storageDataPath="$OBS_DIR/victoria-logs" -retentionPeriod=7d -loggerLevel=WARN
  for port in "$JAEGER_OTLP_HTTP_PORT" "$JAEGER_QUERY_PORT" "$JAEGER_QUERY_GRPC_PORT" "$JAEGER_HEALTH_PORT"; do
    require_port_free jaeger "$port"
  done
  proc_start jaeger "$OBS_STORES_BIN/jaeger" --config "$TOOLS_DIR/obs/jaeger.yaml"
  prometheus_config
  require_port_free prometheus "$PROMETHEUS_PORT"
  proc_start prometheus "$OBS_BIN/prometheus" --config.file="$OBS_DIR/prometheus.yml" \
    --storage.tsdb.path="$OBS_DIR/prometheus" --storage.tsdb.retention.time=2d \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --log.level=warn
  local files=() name
  for name in $SHIPPED; do files+=("$name=$LOG_DIR/$name.log"); done
  proc_start log-shipper node "$TOOLS_DIR/log-shipper.ts" --push "http://127.0.0.1:$VICTORIALOGS_PORT" \
    --positions "$OBS_DIR/log-shipper-positions.json" "${files[@]}"
  wait_for victoria-logs 30 curl -sf "http://127.0.0.1:$VICTORIALOGS_PORT/health"
  wait_for jaeger 30 curl -sf "http://127.0.0.1:$JAEGER_HEALTH_PORT/status"
  wait_for prometheus 30 curl -sf "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
  proc_alive log-shipper || die "log-shipper exited (see $LOG_DIR/log-shipper.log)"
  log "observability ready: Prometheus :$PROMETHEUS_PORT, Jaeger :$JAEGER_QUERY_PORT, VictoriaLogs :$VICTORIALOGS_PORT"
}

down() {
  proc_stop log-shipper
  proc_stop prometheus
  proc_stop jaeger
  proc_stop victoria-logs
  [ "${1:-}" = "--purge" ] && rm -rf "$OBS_DIR"
  log "observability stopped"
}

status() {
  local rc=0
  echo "observability:"
  proc_report prometheus "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query?query=up" || rc=1
  proc_report jaeger "http://127.0.0.1:$JAEGER_QUERY_PORT/api/traces/<trace id>" || rc=1
  proc_report victoria-logs "http://127.0.0.1:$VICTORIALOGS_PORT/select/logsql/query?query=..." || rc=1
  proc_report log-shipper "$(echo "$SHIPPED" | wc -w) log files -> VictoriaLogs" || rc=1
  return $rc
}

# The services' tracing settings while observability runs (tools/platform.sh passes them on).
env_vars() {
  if proc_alive jaeger; then echo "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT"; fi
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) status ;;
  env) env_vars ;;
  *) die "usage: $0 up|down [--purge]|status|env" ;;
esac
