#!/usr/bin/env bash
# Images, kind and Helm deployment of Phoenix. Usage:
#   deploy.sh images | kind-load | kind-up | kind-down   (need Docker; kind for the kind-* ones)
#   deploy.sh deploy | undeploy | status
# `deploy` targets the kind cluster when Docker and the kind cluster "phoenix" are there, else the
# local control plane (KUBECONFIG=.local/kubeconfig; started if it is not running). It installs
# phoenix-crds, then the platform releases whose dependencies are vendored, then phoenix, waits
# for every Deployment to be available, and runs `helm test`. Settings (environment):
#   NAMESPACE=phoenix RELEASE=phoenix VALUES=charts/phoenix/values-dev.yaml HELM_ARGS=…
#   CRDS_NAMESPACE=phoenix-system PLATFORM=1 (install the platform layer; needs vendored subcharts)
#   PURGE=1 (undeploy: also uninstall phoenix-crds, deleting every TwilioNumber and KeyRotation)
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

NAMESPACE="${NAMESPACE:-phoenix}"
RELEASE="${RELEASE:-phoenix}"
CRDS_RELEASE="${CRDS_RELEASE:-phoenix-crds}"
CRDS_NAMESPACE="${CRDS_NAMESPACE:-phoenix-system}"
VALUES="${VALUES:-charts/phoenix/values-dev.yaml}"
KIND_CLUSTER="${KIND_CLUSTER:-phoenix}"
IMAGE_REGISTRY="${IMAGE_REGISTRY:-phoenix.local}"
IMAGE_TAG="${IMAGE_TAG:-dev}"
TIMEOUT="${TIMEOUT:-5m}"

need_docker() {
  command -v docker >/dev/null 2>&1 || die "$1 needs Docker (no docker CLI on PATH); on this machine use: make deploy (local control plane)"
  docker info >/dev/null 2>&1 || die "$1 needs a running Docker engine (docker info failed); without one, make deploy targets the local control plane"
}
need_kind() {
  need_docker "$1"
  command -v kind >/dev/null 2>&1 || die "$1 needs kind (https://kind.sigs.k8s.io): go install sigs.k8s.io/kind@v0.30.0"
}

# Every deployable workspace: a folder under services/ or operators/ with src/server.ts or src/main.ts.
workspaces() {
  local dir
  for dir in services/*/ operators/*/; do
    dir="${dir%/}"
    if [ -f "$dir/src/server.ts" ] || [ -f "$dir/src/main.ts" ]; then echo "$dir"; fi
  done
}
image_of() { echo "$IMAGE_REGISTRY/phoenix-$(basename "${1#operators/phoenix-}"):$IMAGE_TAG"; }

images() {
  need_docker "make images"
  local ws
  for ws in $(workspaces); do
    log "building $(image_of "$ws") from $ws"
    docker build --build-arg SERVICE="$ws" -t "$(image_of "$ws")" .
  done
}

kind_load() {
  need_kind "make kind-load"
  local ws
  for ws in $(workspaces); do kind load docker-image --name "$KIND_CLUSTER" "$(image_of "$ws")"; done
}

kind_up() {
  need_kind "make kind-up"
  if kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then log "kind cluster $KIND_CLUSTER exists"; return; fi
  kind create cluster --name "$KIND_CLUSTER" --config kind-config.yaml --wait 120s
}

kind_down() {
  need_kind "make kind-down"
  kind delete cluster --name "$KIND_CLUSTER"
}

# The kind cluster when it runs, else the local control plane (started on demand).
select_cluster() {
  if command -v kind >/dev/null 2>&1 && docker info >/dev/null 2>&1 \
    && kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
    export KUBECONFIG="$LOCAL_DIR/kind-$KIND_CLUSTER.kubeconfig"
    kind get kubeconfig --name "$KIND_CLUSTER" > "$KUBECONFIG"
    log "target: kind cluster $KIND_CLUSTER"
    return
  fi
  log "target: the local control plane (no Docker engine or no kind cluster \"$KIND_CLUSTER\")"
  "$TOOLS_DIR/cluster.sh" status >/dev/null 2>&1 || { make --no-print-directory tools; "$TOOLS_DIR/cluster.sh" up; }
}

has_crd() { kubectl get crd "$1" >/dev/null 2>&1; }

# Optional objects whose CRDs are not installed are switched off, and said so.
feature_flags() {
  local -a flags=()
  has_crd servicemonitors.monitoring.coreos.com || { flags+=(--set serviceMonitor.enabled=false); log "no Prometheus Operator CRDs: ServiceMonitors off" ; }
  has_crd scaledobjects.keda.sh || { flags+=(--set keda.enabled=false); log "no KEDA CRDs: queue-depth autoscaling off"; }
  has_crd httproutes.gateway.networking.k8s.io || { flags+=(--set gateway.enabled=false); log "no Gateway API CRDs: HTTPRoutes off"; }
  printf '%s\n' "${flags[@]}"
}

ensure_namespace() {
  kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  # Pod Security restricted on every namespace (architecture §6); the zone label drives the NetworkPolicies.
  kubectl label namespace "$1" --overwrite \
    pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=latest \
    pod-security.kubernetes.io/warn=restricted "phoenix.dev/zone=$2" >/dev/null
}

platform() {
  if [ "${PLATFORM:-0}" != 1 ]; then log "platform layer skipped (PLATFORM=1 installs it; see docs/decisions/0021)"; return; fi
  compgen -G "charts/phoenix-platform/charts/*.tgz" >/dev/null \
    || die "PLATFORM=1 needs the platform's subcharts: helm dependency build charts/phoenix-platform (network access)"
  local zone
  # Operators first (their CRDs), then the zones whose objects need them (docs/decisions/0021).
  for zone in operators monitoring data edge; do
    ensure_namespace "phoenix-$zone" "$zone"
    helm upgrade --install "platform-$zone" charts/phoenix-platform -n "phoenix-$zone" \
      -f "charts/phoenix-platform/ci/$zone-values.yaml" --wait --timeout "$TIMEOUT"
  done
}

deploy() {
  select_cluster
  log "phoenix-crds → $CRDS_NAMESPACE"
  ensure_namespace "$CRDS_NAMESPACE" none
  # --take-ownership: CRDs applied earlier by kubectl (tests, make demo) become this release's.
  helm upgrade --install "$CRDS_RELEASE" charts/phoenix-crds -n "$CRDS_NAMESPACE" --take-ownership --wait --timeout "$TIMEOUT"
  kubectl wait --for=condition=Established --timeout=60s crd/twilionumbers.phoenix.dev crd/keyrotations.phoenix.dev >/dev/null
  platform
  log "phoenix ($RELEASE) → $NAMESPACE with $VALUES"
  ensure_namespace "$NAMESPACE" apps
  local -a flags
  mapfile -t flags < <(feature_flags)
  # shellcheck disable=SC2086 # HELM_ARGS is a list of words on purpose
  helm upgrade --install "$RELEASE" charts/phoenix -n "$NAMESPACE" -f "$VALUES" "${flags[@]}" ${HELM_ARGS:-} \
    --wait --timeout "$TIMEOUT"
  kubectl -n "$NAMESPACE" wait --for=condition=Available --timeout=120s deployment \
    -l "app.kubernetes.io/instance=$RELEASE"
  kubectl -n "$NAMESPACE" get deployments,pods -l "app.kubernetes.io/instance=$RELEASE" -o wide
  log "helm test $RELEASE"
  helm test "$RELEASE" -n "$NAMESPACE" --timeout "$TIMEOUT"
}

undeploy() {
  select_cluster
  helm uninstall "$RELEASE" -n "$NAMESPACE" --wait --ignore-not-found
  if [ "${PURGE:-0}" = 1 ]; then
    helm uninstall "$CRDS_RELEASE" -n "$CRDS_NAMESPACE" --wait --ignore-not-found
    # The chart keeps its CRDs on uninstall (helm.sh/resource-policy: keep): PURGE deletes them.
    kubectl delete crd twilionumbers.phoenix.dev keyrotations.phoenix.dev --ignore-not-found --wait
  fi
  log "undeployed $RELEASE from $NAMESPACE"
}

status() {
  select_cluster
  helm list -A
  kubectl -n "$NAMESPACE" get deployments,pods -l "app.kubernetes.io/instance=$RELEASE" -o wide
}

case "${1:-}" in
  images) images ;;
  kind-load) kind_load ;;
  kind-up) kind_up ;;
  kind-down) kind_down ;;
  deploy) deploy ;;
  undeploy) undeploy ;;
  status) status ;;
  *) die "usage: $0 images|kind-load|kind-up|kind-down|deploy|undeploy|status" ;;
esac
