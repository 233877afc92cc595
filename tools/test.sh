#!/usr/bin/env bash
# `make test`: lint, typecheck, unit and integration tiers. Starts the control plane and the
# data services if they are not already running, and stops exactly what it started.
# Usage: test.sh all|unit|integration
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
mode="${1:-all}"
mkdir -p reports "$LOCAL_DIR/logs"

started=()
cleanup() {
  local rc=$?
  for what in "${started[@]}"; do "$TOOLS_DIR/$what.sh" down || true; done
  exit $rc
}
trap cleanup EXIT

deps() { make --no-print-directory deps; }

# bring_up cluster|data — starts it unless it already runs, remembering what we started.
bring_up() {
  if "$TOOLS_DIR/$1.sh" status >/dev/null 2>&1; then return 0; fi
  "$TOOLS_DIR/$1.sh" down >/dev/null 2>&1 || true   # clear a crashed leftover
  "$TOOLS_DIR/$1.sh" up
  started+=("$1")
}

# Debian's Chromium and nginx (the edge) for the browser tests, and the web client they load.
browser() {
  "$TOOLS_DIR/browser.sh" ensure
  "$TOOLS_DIR/edge.sh" install
  "$TOOLS_DIR/browser.sh" build-client
}

case "$mode" in
  unit)
    deps
    vitest run --project unit
    ;;
  integration)
    deps
    "$TOOLS_DIR/build.sh" all
    bring_up data
    "$TOOLS_DIR/migrate.sh"
    bring_up cluster
    browser
    vitest run --project "integration*"
    ;;
  all)
    # The cold tool build takes tens of minutes: run it while the static checks run.
    "$TOOLS_DIR/build.sh" all > "$LOCAL_DIR/logs/tools-build.log" 2>&1 &
    build_pid=$!
    deps
    log "lint"; npm run --silent lint
    log "typecheck"; npm run --silent typecheck
    log "waiting for the toolchain (progress: $LOCAL_DIR/logs/tools-build.log)"
    if ! wait "$build_pid"; then tail -40 "$LOCAL_DIR/logs/tools-build.log" >&2; die "tool build failed"; fi
    bring_up data
    "$TOOLS_DIR/migrate.sh"   # the owner and service roles the test databases use (ADR 0009)
    bring_up cluster
    browser
    log "unit and integration tiers"
    vitest run
    ;;
  *) die "usage: $0 all|unit|integration" ;;
esac
