#!/usr/bin/env bash
# The local control plane: real etcd, kube-apiserver (Node,RBAC authorization, the default
# admission chain with Pod Security), kube-controller-manager, kube-scheduler and kwok managing
# fake nodes in three zones — all on 127.0.0.1. Usage: cluster.sh up|down|status
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$TOOLS_DIR/ports.env"
. "$TOOLS_DIR/proc.sh"

CP_DIR="$LOCAL_DIR/cluster"
PKI="$CP_DIR/pki"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
NODE_ZONES=(zone-a zone-b zone-c)

# sign NAME SUBJECT EXTFILE-LINES... — a key and a CA-signed certificate.
sign() {
  local name="$1" subj="$2"; shift 2
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "$subj" -keyout "$PKI/$name.key" -out "$PKI/$name.csr" 2>/dev/null
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" "$@" > "$PKI/$name.ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -sha256 -days 3650 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}

make_pki() {
  [ -f "$PKI/.complete" ] && return 0
  log "generating PKI in $PKI"
  rm -rf "$PKI"; mkdir -p "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=phoenix-local-ca" \
    -keyout "$PKI/ca.key" -out "$PKI/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  sign apiserver "/CN=kube-apiserver" "extendedKeyUsage=serverAuth" \
    "subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1"
  sign admin "/O=system:masters/CN=phoenix-admin" "extendedKeyUsage=clientAuth"
  sign controller-manager "/CN=system:kube-controller-manager" "extendedKeyUsage=clientAuth"
  sign scheduler "/CN=system:kube-scheduler" "extendedKeyUsage=clientAuth"
  # kwok plays every node's kubelet for all fake nodes, so it needs more than one node identity.
  sign kwok "/O=system:masters/CN=kwok-controller" "extendedKeyUsage=clientAuth"
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  touch "$PKI/.complete"
}

# kubeconfig FILE IDENTITY — a kubeconfig using the IDENTITY client certificate.
kubeconfig() {
  cat > "$1" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: phoenix-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: $2
  user:
    client-certificate: $PKI/$2.crt
    client-key: $PKI/$2.key
contexts:
- name: phoenix-local
  context: {cluster: phoenix-local, user: $2}
current-context: phoenix-local
YAML
}

advertise_address() {
  # The apiserver refuses loopback as its advertise address; any local non-loopback IP will do,
  # since --endpoint-reconciler-type=none means nothing ever dials it.
  hostname -I 2>/dev/null | awk '{print $1}'
}

apiserver_ready() { curl -sf --cacert "$PKI/ca.crt" "https://127.0.0.1:$APISERVER_PORT/readyz" ; }
etcd_ready() { curl -sf "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'; }
secure_healthz() { curl -sfk "https://127.0.0.1:$1/healthz"; }

# ConfigMaps bypass the watch cache (--watch-cache-sizes configmaps#0): their watches are served
# by etcd, so after a compaction a stale resourceVersion gets the real 410 Gone even on a cluster
# younger than the cache's retention — the reflector's relist path is tested against that.
start_components() {
  require_port_free etcd "$ETCD_PORT"
  require_port_free kube-apiserver "$APISERVER_PORT"
  require_port_free kube-controller-manager "$KCM_PORT"
  require_port_free kube-scheduler "$SCHEDULER_PORT"
  require_port_free kwok "$KWOK_PORT"
  proc_start etcd "$KUBE_BIN/etcd" --name phoenix-local --data-dir "$CP_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "phoenix-local=http://127.0.0.1:$ETCD_PEER_PORT" \
    --listen-metrics-urls "" --quota-backend-bytes 4294967296 --unsafe-no-fsync
  wait_for etcd 30 etcd_ready

  proc_start kube-apiserver "$KUBE_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" --etcd-prefix /registry \
    --bind-address 127.0.0.1 --secure-port "$APISERVER_PORT" --advertise-address "$(advertise_address)" \
    --endpoint-reconciler-type none \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" --client-ca-file "$PKI/ca.crt" \
    --authorization-mode Node,RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --api-audiences https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range 10.96.0.0/16 --allow-privileged=true \
    --max-requests-inflight 2000 --max-mutating-requests-inflight 1000 \
    --watch-cache-sizes configmaps#0
  wait_for kube-apiserver 90 apiserver_ready

  proc_start kube-controller-manager "$KUBE_BIN/kube-controller-manager" \
    --kubeconfig "$CP_DIR/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$CP_DIR/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$CP_DIR/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" \
    --authorization-always-allow-paths /healthz,/readyz,/livez,/metrics \
    --root-ca-file "$PKI/ca.crt" --service-account-private-key-file "$PKI/sa.key" \
    --use-service-account-credentials --leader-elect=false \
    --kube-api-qps 200 --kube-api-burst 400 --concurrent-deployment-syncs 10 --concurrent-replicaset-syncs 10
  proc_start kube-scheduler "$KUBE_BIN/kube-scheduler" \
    --kubeconfig "$CP_DIR/scheduler.kubeconfig" \
    --authentication-kubeconfig "$CP_DIR/scheduler.kubeconfig" \
    --authorization-kubeconfig "$CP_DIR/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" \
    --authorization-always-allow-paths /healthz,/readyz,/livez,/metrics --leader-elect=false
  proc_start kwok "$GOTOOLS_BIN/kwok" --kubeconfig "$CP_DIR/kwok.kubeconfig" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds 40 --cidr 10.244.0.1/16 --server-address "127.0.0.1:$KWOK_PORT"
  wait_for kube-controller-manager 60 secure_healthz "$KCM_PORT"
  wait_for kube-scheduler 60 secure_healthz "$SCHEDULER_PORT"
}

apply_nodes() {
  local i
  for i in "${!NODE_ZONES[@]}"; do
    cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: {node.alpha.kubernetes.io/ttl: "0", kwok.x-k8s.io/node: fake}
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
    topology.kubernetes.io/zone: ${NODE_ZONES[$i]}
    topology.kubernetes.io/region: local
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "250"}
  capacity: {cpu: "32", memory: 256Gi, pods: "250"}
YAML
  done | kubectl apply -f - >/dev/null
  kubectl wait --for=condition=Ready node --all --timeout=60s >/dev/null
}

up() {
  [ -f "$KUBE_BIN/.complete" ] && [ -f "$GOTOOLS_BIN/.complete" ] || die "tools are not built: run make tools"
  mkdir -p "$CP_DIR"
  make_pki
  kubeconfig "$LOCAL_DIR/kubeconfig" admin
  kubeconfig "$CP_DIR/controller-manager.kubeconfig" controller-manager
  kubeconfig "$CP_DIR/scheduler.kubeconfig" scheduler
  kubeconfig "$CP_DIR/kwok.kubeconfig" kwok
  local start=$SECONDS
  start_components
  apply_nodes
  log "control plane ready in $((SECONDS - start))s: KUBECONFIG=$LOCAL_DIR/kubeconfig"
}

down() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do proc_stop "${COMPONENTS[$i]}"; done
  [ "${1:-}" = "--purge" ] && rm -rf "$CP_DIR" "$LOCAL_DIR/kubeconfig"
  log "control plane stopped"
}

status() {
  local rc=0
  echo "local control plane (Kubernetes v$KUBE_VERSION, kwok v$KWOK_VERSION):"
  proc_report etcd "http://127.0.0.1:$ETCD_PORT" || rc=1
  proc_report kube-apiserver "https://127.0.0.1:$APISERVER_PORT" || rc=1
  proc_report kube-controller-manager "https://127.0.0.1:$KCM_PORT/healthz" || rc=1
  proc_report kube-scheduler "https://127.0.0.1:$SCHEDULER_PORT/healthz" || rc=1
  proc_report kwok "http://127.0.0.1:$KWOK_PORT/healthz" || rc=1
  if [ $rc -eq 0 ]; then
    kubectl get nodes -L topology.kubernetes.io/zone 2>&1 | sed 's/^/  /'
    echo "  use: export KUBECONFIG=$LOCAL_DIR/kubeconfig; kubectl get nodes"
  fi
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) status ;;
  *) die "usage: $0 up|down [--purge]|status" ;;
esac
