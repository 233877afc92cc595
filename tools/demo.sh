#!/usr/bin/env bash
# `make demo`: the platform on local defaults. Today: the toolchain, the local control plane, the
# data services, the Twilio emulator and the operator; then a user's TwilioNumber and a
# KeyRotation reconciled to Ready, and how to reach everything. The SMS services join next.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
"$TOOLS_DIR/build.sh" all
make --no-print-directory deps
"$TOOLS_DIR/data.sh" up
"$TOOLS_DIR/cluster.sh" up
"$TOOLS_DIR/platform.sh" up

# A user's dedicated number and the platform's JWT signing keys, as the API will create them.
kubectl apply --server-side -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: phoenix-demo}
---
apiVersion: phoenix.dev/v1alpha1
kind: TwilioNumber
metadata: {name: user-alice, namespace: phoenix-demo}
spec: {userId: alice, areaCode: "415"}
---
apiVersion: phoenix.dev/v1alpha1
kind: KeyRotation
metadata: {name: api-jwt, namespace: phoenix-demo}
spec: {secretName: api-jwt-keys, type: JWTSigningKey, algorithm: ES256, rotationInterval: 720h}
YAML
kubectl -n phoenix-demo wait --for=condition=Ready --timeout=60s twilionumber/user-alice keyrotation/api-jwt >/dev/null

echo
"$TOOLS_DIR/cluster.sh" status
echo
"$TOOLS_DIR/data.sh" status
echo
"$TOOLS_DIR/platform.sh" status
echo
echo "custom resources (kubectl get phoenix -n phoenix-demo):"
kubectl get phoenix -n phoenix-demo 2>&1 | sed 's/^/  /'
echo
echo "Twilio emulator (numbers owned, monthly cost):"
curl -sf "http://127.0.0.1:26499/_control/state?summary=true" | node -e '
  const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log("  " + JSON.stringify({ numbers: (s.numbers ?? []).map((n) => n.phoneNumber), cost: s.cost }));'
cat <<TXT

Reach it from this shell:
  . tools/env.sh                  # Node 24, kubectl, helm, k6 on PATH; KUBECONFIG=.local/kubeconfig
  kubectl get nodes -L topology.kubernetes.io/zone
  kubectl auth can-i --list
  psql -h 127.0.0.1 -p 25432 -U phoenix phoenix
  redis-cli -p 26390 sentinel get-master-addr-by-name phoenix
  kubectl get phoenix -A; kubectl describe twilionumber -n phoenix-demo user-alice
  curl -s localhost:26480/metrics | grep -E '^(reconcile_total|twilio_)'
  curl -s 'localhost:26499/_control/state?summary=true'     # the Twilio emulator's view
Logs: .local/logs/   Stop everything: make down
TXT
