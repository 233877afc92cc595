#!/usr/bin/env bash
# `make migrate`: the store's migrations on the local services' database, run as the owner role,
# then the services' role granted data privileges only (docs/decisions/0009-database-roles.md).
# Idempotent. The services never migrate themselves: they stop at boot if this has not run.
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$TOOLS_DIR/ports.env"
"$TOOLS_DIR/data.sh" status >/dev/null 2>&1 || die "the data services are not running: make data-up"
"$TOOLS_DIR/data.sh" roles
DATABASE_URL="postgres://$POSTGRES_OWNER_ROLE@127.0.0.1:$POSTGRES_PORT/$POSTGRES_APP_DATABASE" \
  DATABASE_SERVICE_ROLE="$POSTGRES_SERVICE_ROLE" LOG_LEVEL="${LOG_LEVEL:-warn}" \
  node "$REPO_ROOT/packages/store/src/main.ts"
log "$POSTGRES_APP_DATABASE migrated by $POSTGRES_OWNER_ROLE; the services connect as $POSTGRES_SERVICE_ROLE"
