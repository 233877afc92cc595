#!/usr/bin/env bash
# The platform's own processes on the local control plane: the Twilio emulator and the operator
# (out of cluster, authenticated with a token of its own ServiceAccount, least-privilege RBAC).
# Grows as services land. Usage: platform.sh up|down|status
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$TOOLS_DIR/ports.env"
. "$TOOLS_DIR/proc.sh"

OP_NS=phoenix-system
ACCOUNT_SID=AC00000000000000000000000000000000
AUTH_TOKEN=emulator-auth-token-0000000000000
PLATFORM_DIR="$LOCAL_DIR/platform"

operator_kubeconfig() {
  local token
  token="$(kubectl -n "$OP_NS" create token phoenix-operator --duration=24h)"
  kubectl config view --raw --minify -o json | node -e '
    const c = JSON.parse(require("fs").readFileSync(0, "utf8"));
    c.users = [{ name: "phoenix-operator", user: { token: process.argv[1] } }];
    c.contexts[0].context.user = "phoenix-operator";
    c.clusters[0].cluster["certificate-authority-data"] = require("fs").readFileSync(c.clusters[0].cluster["certificate-authority"]).toString("base64");
    delete c.clusters[0].cluster["certificate-authority"];
    process.stdout.write(JSON.stringify(c));' "$token" > "$PLATFORM_DIR/operator.kubeconfig"
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
  operator_kubeconfig
  require_port_free phoenix-operator "$OPERATOR_PORT"
  HTTP_PORT="$OPERATOR_PORT" KUBECONFIG="$PLATFORM_DIR/operator.kubeconfig" LEADER_ELECTION_NAMESPACE="$OP_NS" \
    TWILIO_ACCOUNT_SID="$ACCOUNT_SID" TWILIO_AUTH_TOKEN="$AUTH_TOKEN" TWILIO_BASE_URL="http://127.0.0.1:$TWILIO_EMULATOR_PORT" \
    PUBLIC_BASE_URL="https://sms.phoenix.localhost" RESYNC_PERIOD_MS=60000 WATCH_NAMESPACE=phoenix-demo \
    proc_start phoenix-operator node "$REPO_ROOT/operators/phoenix-operator/src/main.ts"
  wait_for phoenix-operator 30 healthy "$OPERATOR_PORT"
  log "platform processes ready"
}

down() {
  proc_stop phoenix-operator
  proc_stop twilio-emulator
}

status() {
  local rc=0
  echo "platform processes:"
  proc_report twilio-emulator "http://127.0.0.1:$TWILIO_EMULATOR_PORT/_control/state?summary=true" || rc=1
  proc_report phoenix-operator "http://127.0.0.1:$OPERATOR_PORT/metrics" || rc=1
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up|down|status" ;;
esac
