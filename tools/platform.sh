#!/usr/bin/env bash
# The platform's own processes on the local control plane: the Twilio emulator, the operator (out
# of cluster, authenticated with a token of its own ServiceAccount, least-privilege RBAC) and the
# SMS path — sms-router, agent, workers — on the local Postgres (as the data-only service role, on
# the schema `make migrate` keeps current) and Redis through Sentinel. Usage: platform.sh up|down|status
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$TOOLS_DIR/ports.env"
. "$TOOLS_DIR/proc.sh"

OP_NS=phoenix-system
ACCOUNT_SID=AC00000000000000000000000000000000
AUTH_TOKEN=emulator-auth-token-0000000000000
PLATFORM_DIR="$LOCAL_DIR/platform"

DATABASE_URL="postgres://$POSTGRES_SERVICE_ROLE@127.0.0.1:$POSTGRES_PORT/$POSTGRES_APP_DATABASE"
SENTINELS="$(for p in $SENTINEL_PORTS; do printf '127.0.0.1:%s,' "$p"; done | sed 's/,$//')"
ROUTER_URL="http://127.0.0.1:$SMS_ROUTER_PORT"

# A kubeconfig holding a token of ServiceAccount $1 (in $OP_NS), written to $2.
sa_kubeconfig() {
  local token
  token="$(kubectl -n "$OP_NS" create token "$1" --duration=24h)"
  kubectl config view --raw --minify -o json | node -e '
    const c = JSON.parse(require("fs").readFileSync(0, "utf8"));
    c.users = [{ name: process.argv[2], user: { token: process.argv[1] } }];
    c.contexts[0].context.user = process.argv[2];
    c.clusters[0].cluster["certificate-authority-data"] = require("fs").readFileSync(c.clusters[0].cluster["certificate-authority"]).toString("base64");
    delete c.clusters[0].cluster["certificate-authority"];
    process.stdout.write(JSON.stringify(c));' "$token" "$1" > "$2"
}

# The workers' number mirror reads TwilioNumbers and nothing else (the chart grants the same).
workers_rbac() {
  kubectl apply --server-side -f - >/dev/null <<YAML
apiVersion: v1
kind: ServiceAccount
metadata: {name: phoenix-workers, namespace: $OP_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: phoenix-workers-number-sync}
rules: [{apiGroups: [phoenix.dev], resources: [twilionumbers], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: phoenix-workers-number-sync}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: phoenix-workers-number-sync}
subjects: [{kind: ServiceAccount, name: phoenix-workers, namespace: $OP_NS}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: phoenix-workers-leader-election, namespace: $OP_NS}
rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: phoenix-workers-leader-election, namespace: $OP_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: phoenix-workers-leader-election}
subjects: [{kind: ServiceAccount, name: phoenix-workers, namespace: $OP_NS}]
YAML
}

# Where the processes export traces: Jaeger when `make obs-up` runs it, else nowhere (tracing off).
OTLP_ENDPOINT="$("$TOOLS_DIR/obs.sh" env)"
OTLP_ENDPOINT="${OTLP_ENDPOINT#OTEL_EXPORTER_OTLP_ENDPOINT=}"

# sms-router, agent and workers with the environment a pod would get from the chart.
sms_path_up() {
  workers_rbac
  sa_kubeconfig phoenix-workers "$PLATFORM_DIR/workers.kubeconfig"
  local service port
  for service in sms-router agent workers; do
    case "$service" in
      sms-router) port="$SMS_ROUTER_PORT" ;;
      agent) port="$AGENT_PORT" ;;
      workers) port="$WORKERS_PORT" ;;
    esac
    require_port_free "$service" "$port"
    HTTP_PORT="$port" DATABASE_URL="$DATABASE_URL" REDIS_SENTINELS="$SENTINELS" REDIS_MASTER_NAME="$REDIS_MASTER_NAME" \
      TWILIO_ACCOUNT_SID="$ACCOUNT_SID" TWILIO_AUTH_TOKEN="$AUTH_TOKEN" TWILIO_BASE_URL="http://127.0.0.1:$TWILIO_EMULATOR_PORT" \
      PUBLIC_BASE_URL="$ROUTER_URL" NUMBER_SYNC=kubernetes NUMBER_SYNC_NAMESPACE=phoenix-demo NUMBER_SYNC_LEASE_NAMESPACE="$OP_NS" \
      KUBECONFIG="$PLATFORM_DIR/workers.kubeconfig" SWEEP_INTERVAL_MS=1000 OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
      proc_start "$service" node "$REPO_ROOT/services/$service/src/server.ts"
    wait_for "$service" 60 healthy "$port"
  done
}

healthy() { curl -sf "http://127.0.0.1:$1/healthz" >/dev/null; }

up() {
  mkdir -p "$PLATFORM_DIR"
  kubectl apply --server-side --force-conflicts -f "$REPO_ROOT/packages/crds/generated" >/dev/null
  kubectl wait --for=condition=Established --timeout=30s -f "$REPO_ROOT/packages/crds/generated" >/dev/null
  node "$REPO_ROOT/operators/phoenix-operator/src/manifests.ts" "$OP_NS" | kubectl apply --server-side -f - >/dev/null
  require_port_free twilio-emulator "$TWILIO_EMULATOR_PORT"
  PORT="$TWILIO_EMULATOR_PORT" ACCOUNT_SID="$ACCOUNT_SID" AUTH_TOKEN="$AUTH_TOKEN" \
    proc_start twilio-emulator node "$REPO_ROOT/emulators/twilio/src/server.ts"
  wait_for twilio-emulator 30 healthy "$TWILIO_EMULATOR_PORT"
  sa_kubeconfig phoenix-operator "$PLATFORM_DIR/operator.kubeconfig"
  require_port_free phoenix-operator "$OPERATOR_PORT"
  HTTP_PORT="$OPERATOR_PORT" KUBECONFIG="$PLATFORM_DIR/operator.kubeconfig" LEADER_ELECTION_NAMESPACE="$OP_NS" \
    TWILIO_ACCOUNT_SID="$ACCOUNT_SID" TWILIO_AUTH_TOKEN="$AUTH_TOKEN" TWILIO_BASE_URL="http://127.0.0.1:$TWILIO_EMULATOR_PORT" \
    TWILIO_PRICING_URL="http://127.0.0.1:$TWILIO_EMULATOR_PORT" \
    PUBLIC_BASE_URL="$ROUTER_URL" RESYNC_PERIOD_MS=60000 WATCH_NAMESPACE=phoenix-demo OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
    proc_start phoenix-operator node "$REPO_ROOT/operators/phoenix-operator/src/main.ts"
  wait_for phoenix-operator 30 healthy "$OPERATOR_PORT"
  sms_path_up
  log "platform processes ready"
}

down() {
  proc_stop workers
  proc_stop agent
  proc_stop sms-router
  proc_stop phoenix-operator
  proc_stop twilio-emulator
}

status() {
  local rc=0
  echo "platform processes:"
  proc_report twilio-emulator "http://127.0.0.1:$TWILIO_EMULATOR_PORT/_control/state?summary=true" || rc=1
  proc_report phoenix-operator "http://127.0.0.1:$OPERATOR_PORT/metrics" || rc=1
  proc_report sms-router "$ROUTER_URL/metrics" || rc=1
  proc_report agent "http://127.0.0.1:$AGENT_PORT/metrics" || rc=1
  proc_report workers "http://127.0.0.1:$WORKERS_PORT/metrics" || rc=1
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up|down|status" ;;
esac
