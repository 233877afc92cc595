#!/usr/bin/env bash
# The platform's own processes on the local control plane: the Twilio emulator, the operator (out
# of cluster, authenticated with a token of its own ServiceAccount, least-privilege RBAC) and the
# SMS path — sms-router, agent, workers — on the local Postgres (as the data-only service role, on
# the schema `make migrate` keeps current) and Redis through Sentinel; then the web-facing side —
# the Stripe emulator, the API (its key sets from the operator's KeyRotation Secrets), the web app,
# iris and career (both on the API's JWT key set) and the edge (nginx serving the chart's route
# table on one origin, as the Gateway does).
# Usage: platform.sh up|down|status
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
# The one origin: Twilio signs and posts to it (/twilio/...), the browser opens it.
EDGE_URL="http://127.0.0.1:$EDGE_PORT"
DEMO_NS=phoenix-demo
STRIPE_SECRET_KEY=sk_test_phoenix_demo_000000000000000000
STRIPE_WEBHOOK_SECRET=whsec_phoenix_demo_000000000000000000

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
      PUBLIC_BASE_URL="$EDGE_URL" NUMBER_SYNC=kubernetes NUMBER_SYNC_NAMESPACE=$DEMO_NS NUMBER_SYNC_LEASE_NAMESPACE="$OP_NS" \
      KUBECONFIG="$PLATFORM_DIR/workers.kubeconfig" SWEEP_INTERVAL_MS=1000 OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
      proc_start "$service" node "$REPO_ROOT/services/$service/src/server.ts"
    wait_for "$service" 60 healthy "$port"
  done
}

healthy() { curl -sf "http://127.0.0.1:$1/healthz" >/dev/null; }
ready() { curl -sf "http://127.0.0.1:$1/readyz" >/dev/null; }

# The API's identity: TwilioNumbers in the demo namespace, KeyRotations read and patched (the
# chart's apiGrants), nothing else.
api_rbac() {
  kubectl apply --server-side -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: $DEMO_NS}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: phoenix-api, namespace: $OP_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: phoenix-api, namespace: $DEMO_NS}
rules:
- {apiGroups: [phoenix.dev], resources: [twilionumbers], verbs: [get, list, watch, create, delete]}
- {apiGroups: [phoenix.dev], resources: [keyrotations], verbs: [get, list, patch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: phoenix-api, namespace: $DEMO_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: phoenix-api}
subjects: [{kind: ServiceAccount, name: phoenix-api, namespace: $OP_NS}]
YAML
}

# The API's two key sets, rotated by the operator (KeyRotation), written where the kubelet would
# mount their Secrets: <dir>/keyset.json.
api_keys() {
  kubectl apply --server-side -f - >/dev/null <<YAML
apiVersion: phoenix.dev/v1alpha1
kind: KeyRotation
metadata: {name: api-jwt, namespace: $DEMO_NS}
spec: {secretName: api-jwt-keys, type: JWTSigningKey, algorithm: ES256, rotationInterval: 720h}
---
apiVersion: phoenix.dev/v1alpha1
kind: KeyRotation
metadata: {name: api-internal, namespace: $DEMO_NS}
spec: {secretName: api-internal-keys, type: HMAC, algorithm: HS256, rotationInterval: 720h}
YAML
  kubectl -n "$DEMO_NS" wait --for=condition=Ready --timeout=60s keyrotation/api-jwt keyrotation/api-internal >/dev/null
  local set
  for set in jwt internal; do
    mkdir -p "$PLATFORM_DIR/keys/$set"
    kubectl -n "$DEMO_NS" get secret "api-$set-keys" -o jsonpath='{.data.keyset\.json}' | base64 -d \
      > "$PLATFORM_DIR/keys/$set/keyset.json.tmp"
    mv "$PLATFORM_DIR/keys/$set/keyset.json.tmp" "$PLATFORM_DIR/keys/$set/keyset.json"
  done
}

# The Stripe emulator (its Checkout and Portal pages on loopback; webhooks to the API through the
# edge), the API, the web app and the edge.
web_up() {
  require_port_free stripe-emulator "$STRIPE_EMULATOR_PORT"
  PORT="$STRIPE_EMULATOR_PORT" HOST=127.0.0.1 SECRET_KEY="$STRIPE_SECRET_KEY" \
    PUBLIC_BASE_URL="http://127.0.0.1:$STRIPE_EMULATOR_PORT" WEBHOOK_URL="$EDGE_URL/v1/billing/webhook" \
    WEBHOOK_SECRET="$STRIPE_WEBHOOK_SECRET" proc_start stripe-emulator node "$REPO_ROOT/emulators/stripe/src/server.ts"
  wait_for stripe-emulator 30 stripe_up
  local price
  price="$(STRIPE_API_URL="http://127.0.0.1:$STRIPE_EMULATOR_PORT" STRIPE_SECRET_KEY="$STRIPE_SECRET_KEY" \
    node "$TOOLS_DIR/stripe-catalogue.ts")"
  api_rbac
  sa_kubeconfig phoenix-api "$PLATFORM_DIR/api.kubeconfig"
  api_keys
  require_port_free api "$API_PORT"
  HTTP_PORT="$API_PORT" DATABASE_URL="$DATABASE_URL" REDIS_SENTINELS="$SENTINELS" REDIS_MASTER_NAME="$REDIS_MASTER_NAME" \
    JWT_KEYSET_DIR="$PLATFORM_DIR/keys/jwt" INTERNAL_KEYSET_DIR="$PLATFORM_DIR/keys/internal" \
    KUBECONFIG="$PLATFORM_DIR/api.kubeconfig" NUMBERS_NAMESPACE="$DEMO_NS" KEY_ROTATION_NAMESPACE="$DEMO_NS" \
    KEY_ROTATION_JWT=api-jwt KEY_ROTATION_INTERNAL=api-internal TRUST_PROXY_HOPS=1 \
    STRIPE_SECRET_KEY="$STRIPE_SECRET_KEY" STRIPE_WEBHOOK_SECRET="$STRIPE_WEBHOOK_SECRET" \
    STRIPE_API_URL="http://127.0.0.1:$STRIPE_EMULATOR_PORT" STRIPE_PREMIUM_PRICE_ID="$price" \
    PUBLIC_APP_URL="$EDGE_URL" WEB_ORIGINS="$EDGE_URL" OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
    proc_start api node "$REPO_ROOT/services/api/src/server.ts"
  wait_for api 60 ready "$API_PORT"
  "$TOOLS_DIR/browser.sh" build-client
  require_port_free web "$WEB_PORT"
  HTTP_PORT="$WEB_PORT" API_INTERNAL_URL="http://127.0.0.1:$API_PORT" PUBLIC_BASE_URL="$EDGE_URL" \
    OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" proc_start web node "$REPO_ROOT/services/web/src/server.ts"
  wait_for web 30 ready "$WEB_PORT"
  iris_up
  career_up
  "$TOOLS_DIR/edge.sh" up
}

# The coach: two OpenAI-compatible emulator instances — one playing a local model server (any
# key, like Ollama), one a cloud provider — and iris routing to the local one first.
LLM_CLOUD_KEY=sk-phoenix-demo-cloud-0000000000000000
# LLM_PROVIDERS of iris and career: the local emulator first, then the cloud one.
llm_providers() {
  printf '[%s,%s]' \
    "{\"name\":\"local\",\"kind\":\"local\",\"baseURL\":\"http://127.0.0.1:$LLM_LOCAL_EMULATOR_PORT/v1\",\"apiKey\":\"none\",\"model\":\"phoenix-local-small\",\"costPer1k\":{\"input\":0,\"output\":0}}" \
    "{\"name\":\"cloud\",\"kind\":\"cloud\",\"baseURL\":\"http://127.0.0.1:$LLM_CLOUD_EMULATOR_PORT/v1\",\"apiKey\":\"$LLM_CLOUD_KEY\",\"model\":\"phoenix-cloud-large\",\"costPer1k\":{\"input\":0.15,\"output\":0.6}}"
}
iris_up() {
  require_port_free llm-local "$LLM_LOCAL_EMULATOR_PORT"
  PORT="$LLM_LOCAL_EMULATOR_PORT" HOST=127.0.0.1 API_KEY=none MODELS=phoenix-local-small \
    proc_start llm-local node "$REPO_ROOT/emulators/llm/src/server.ts"
  require_port_free llm-cloud "$LLM_CLOUD_EMULATOR_PORT"
  PORT="$LLM_CLOUD_EMULATOR_PORT" HOST=127.0.0.1 API_KEY="$LLM_CLOUD_KEY" MODELS=phoenix-cloud-large \
    proc_start llm-cloud node "$REPO_ROOT/emulators/llm/src/server.ts"
  wait_for llm-local 30 llm_up "$LLM_LOCAL_EMULATOR_PORT"
  wait_for llm-cloud 30 llm_up "$LLM_CLOUD_EMULATOR_PORT"
  require_port_free iris "$IRIS_PORT"
  HTTP_PORT="$IRIS_PORT" DATABASE_URL="$DATABASE_URL" REDIS_SENTINELS="$SENTINELS" REDIS_MASTER_NAME="$REDIS_MASTER_NAME" \
    JWT_KEYSET_DIR="$PLATFORM_DIR/keys/jwt" LLM_PROVIDERS="$(llm_providers)" OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
    proc_start iris node "$REPO_ROOT/services/iris/src/server.ts"
  wait_for iris 60 ready "$IRIS_PORT"
}

# CVs, letters and Mirror Match: the API's access tokens verified with its JWT key set, the
# monthly quotas in Redis raised by the users' Stripe entitlements (the emulator, with the API's
# key), the letter rewrite through the LLM emulators (after iris_up), PDFs rendered in-process.
career_up() {
  require_port_free career "$CAREER_PORT"
  HTTP_PORT="$CAREER_PORT" DATABASE_URL="$DATABASE_URL" REDIS_SENTINELS="$SENTINELS" REDIS_MASTER_NAME="$REDIS_MASTER_NAME" \
    JWT_KEYSET_DIR="$PLATFORM_DIR/keys/jwt" STRIPE_SECRET_KEY="$STRIPE_SECRET_KEY" \
    STRIPE_API_URL="http://127.0.0.1:$STRIPE_EMULATOR_PORT" LLM_PROVIDERS="$(llm_providers)" \
    OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
    proc_start career node "$REPO_ROOT/services/career/src/server.ts"
  wait_for career 60 ready "$CAREER_PORT"
}

llm_up() { curl -sf "http://127.0.0.1:$1/v1/models" -H "authorization: Bearer $LLM_CLOUD_KEY" >/dev/null; }

stripe_up() { curl -sf "http://127.0.0.1:$STRIPE_EMULATOR_PORT/_control/state" >/dev/null; }

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
    PUBLIC_BASE_URL="$EDGE_URL" RESYNC_PERIOD_MS=60000 WATCH_NAMESPACE=$DEMO_NS OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
    proc_start phoenix-operator node "$REPO_ROOT/operators/phoenix-operator/src/main.ts"
  wait_for phoenix-operator 30 healthy "$OPERATOR_PORT"
  sms_path_up
  web_up
  log "platform processes ready; the web app: $EDGE_URL/"
}

down() {
  "$TOOLS_DIR/edge.sh" down
  proc_stop career
  proc_stop iris
  proc_stop llm-cloud
  proc_stop llm-local
  proc_stop web
  proc_stop api
  proc_stop stripe-emulator
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
  proc_report stripe-emulator "http://127.0.0.1:$STRIPE_EMULATOR_PORT/_control/state" || rc=1
  proc_report api "http://127.0.0.1:$API_PORT/metrics" || rc=1
  proc_report web "http://127.0.0.1:$WEB_PORT/metrics" || rc=1
  proc_report llm-local "http://127.0.0.1:$LLM_LOCAL_EMULATOR_PORT/_control/state" || rc=1
  proc_report llm-cloud "http://127.0.0.1:$LLM_CLOUD_EMULATOR_PORT/_control/state" || rc=1
  proc_report iris "http://127.0.0.1:$IRIS_PORT/metrics" || rc=1
  proc_report career "http://127.0.0.1:$CAREER_PORT/metrics" || rc=1
  "$TOOLS_DIR/edge.sh" status || rc=1
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up|down|status" ;;
esac
