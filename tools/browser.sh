#!/usr/bin/env bash
# The browser the tests and `make demo` drive: Debian's Chromium, whose major version must be the
# one the pinned playwright-core speaks (nothing is downloaded at run time), and the web client
# built by Vite. Usage: browser.sh ensure|path|build-client
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

CHROMIUM=/usr/lib/chromium/chromium

# The Chromium major playwright-core was released for (its browsers.json).
expected_major() {
  node -e 'const f = require("path").join(process.argv[1], "node_modules/playwright-core/browsers.json");
    const b = JSON.parse(require("fs").readFileSync(f, "utf8")).browsers.find((x) => x.name === "chromium");
    process.stdout.write(b.browserVersion.split(".")[0]);' "$REPO_ROOT"
}

ensure() {
  if [ ! -x "$CHROMIUM" ]; then
    [ "$(id -u)" -eq 0 ] || die "Chromium is missing: install Debian's chromium package (needs root)"
    log "installing Debian's chromium with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  fi
  local have want
  have="$("$CHROMIUM" --version 2>/dev/null | grep -oE '[0-9]+' | head -1)"
  want="$(expected_major)"
  [ "$have" = "$want" ] || die "Chromium $have is installed but playwright-core speaks Chromium $want: pin playwright-core to the release for Chromium $have"
}

# Vite's production build of services/web/client into services/web/dist/client.
build_client() {
  log "building the web client (vite)"
  npm run --silent build -w @phoenix/web >"$LOCAL_DIR/logs/web-build.log" 2>&1 || {
    tail -30 "$LOCAL_DIR/logs/web-build.log" >&2
    die "the web client did not build"
  }
}

mkdir -p "$LOCAL_DIR/logs"
case "${1:-}" in
  ensure) ensure ;;
  path) echo "$CHROMIUM" ;;
  build-client) build_client ;;
  *) die "usage: $0 ensure|path|build-client" ;;
esac
