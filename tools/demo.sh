#!/usr/bin/env bash
# `make demo`: the platform on local defaults. Today: the toolchain, the local control plane and
# the data services, then their status and how to reach them. The services and the operator
# join as their issues land.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
"$TOOLS_DIR/build.sh" all
make --no-print-directory deps
"$TOOLS_DIR/data.sh" up
"$TOOLS_DIR/cluster.sh" up
echo
"$TOOLS_DIR/cluster.sh" status
echo
"$TOOLS_DIR/data.sh" status
cat <<TXT

Reach it from this shell:
  . tools/env.sh                  # Node 24, kubectl, helm, k6 on PATH; KUBECONFIG=.local/kubeconfig
  kubectl get nodes -L topology.kubernetes.io/zone
  kubectl auth can-i --list
  psql -h 127.0.0.1 -p 25432 -U phoenix phoenix
  redis-cli -p 26390 sentinel get-master-addr-by-name phoenix
Logs: .local/logs/   Stop everything: make down
TXT
