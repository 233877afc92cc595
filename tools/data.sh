#!/usr/bin/env bash
# Real PostgreSQL and Redis (1 primary, 2 replicas, 3 Sentinels) from Debian packages, on
# project-owned loopback ports with data under .local/ — never a system-wide instance.
# Usage: data.sh up|down [--purge]|status|roles
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$TOOLS_DIR/ports.env"
. "$TOOLS_DIR/proc.sh"

PG_DIR="$LOCAL_DIR/postgres"
REDIS_DIR="$LOCAL_DIR/redis"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"

ensure_packages() {
  local missing=()
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql postgresql-contrib)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-sentinel >/dev/null || missing+=(redis-sentinel)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}: install them with apt-get (needs root)"
  log "installing ${missing[*]} with apt-get"
  apt-get update -qq >&2
  # policy-rc.d keeps Debian from starting system-wide instances we would not own.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  rm -f /usr/sbin/policy-rc.d
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
}

# Postgres refuses to run as root; as root we drop to the postgres system user.
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups); fi

postgres_up() {
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $PG_DIR/data"
    mkdir -p "$PG_DIR/data" "$PG_DIR/run"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$PG_DIR"; fi
    chmod 700 "$PG_DIR/data"
    "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U phoenix --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  require_port_free postgres "$POSTGRES_PORT"
  proc_start postgres "${AS_PG[@]}" "$PG_BIN/postgres" -D "$PG_DIR/data" -c listen_addresses=127.0.0.1 \
    -c port="$POSTGRES_PORT" -c unix_socket_directories="$PG_DIR/run" -c max_connections=300 \
    -c shared_buffers=256MB -c logging_collector=off
  wait_for postgres 60 "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT"
  if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U phoenix -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'phoenix'" | grep -q 1; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$POSTGRES_PORT" -U phoenix phoenix
  fi
  postgres_roles
}

# The platform's two roles (docs/decisions/0009-database-roles.md), as CloudNativePG's owner and
# managed role are in a cluster: the owner owns the services' database and every object the
# migrations create (`make migrate` runs them as it); the services' role gets data privileges only
# (granted by the same run). Neither is a superuser nor BYPASSRLS, so row-level security applies.
# Idempotent; also moves a database left by the older layout (owned by the services' role).
postgres_roles() {
  local owner="$POSTGRES_OWNER_ROLE" service="$POSTGRES_SERVICE_ROLE" db="$POSTGRES_APP_DATABASE"
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U phoenix -v ON_ERROR_STOP=1 -qtA)
  "${psql[@]}" -d postgres >/dev/null <<SQL
SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY['$owner', '$service']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE "$owner" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER ROLE "$service" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \gexec
SQL
  if [ "$("${psql[@]}" -d postgres -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$db'")" = "$service" ]; then
    log "moving $db and its objects from $service to the owner role $owner"
    "${psql[@]}" -d "$db" -c "REASSIGN OWNED BY \"$service\" TO \"$owner\"" -c "ALTER DATABASE \"$db\" OWNER TO \"$owner\""
  fi
}

redis_conf() {
  local port="$1" primary="$2" dir="$REDIS_DIR/$1"
  mkdir -p "$dir"
  # Written once: after a failover Redis and the Sentinels rewrite their own files with the
  # current topology, and a restart must keep it.
  [ -f "$dir/redis.conf" ] && return 0
  {
    echo "port $port"; echo "bind 127.0.0.1"; echo "dir $dir"; echo "daemonize no"
    echo "appendonly yes"; echo "appendfsync everysec"; echo "save \"\""
    echo "maxmemory 512mb"; echo "maxmemory-policy noeviction"
    if [ "$port" != "$primary" ]; then echo "replicaof 127.0.0.1 $primary"; fi
  } > "$dir/redis.conf"
}

sentinel_conf() {
  local port="$1" primary="$2" dir="$REDIS_DIR/sentinel-$1"
  mkdir -p "$dir"
  [ -f "$dir/sentinel.conf" ] && return 0
  cat > "$dir/sentinel.conf" <<CONF
port $port
bind 127.0.0.1
dir $dir
daemonize no
sentinel resolve-hostnames no
sentinel monitor $REDIS_MASTER_NAME 127.0.0.1 $primary 2
sentinel down-after-milliseconds $REDIS_MASTER_NAME 2000
sentinel failover-timeout $REDIS_MASTER_NAME 10000
sentinel parallel-syncs $REDIS_MASTER_NAME 1
CONF
}

redis_up() {
  local ports=($REDIS_PORTS) port
  local primary="${ports[0]}"
  for port in $REDIS_PORTS; do
    redis_conf "$port" "$primary"
    require_port_free "redis-$port" "$port"
    proc_start "redis-$port" redis-server "$REDIS_DIR/$port/redis.conf"
  done
  for port in $REDIS_PORTS; do wait_for "redis-$port" 30 redis-cli -p "$port" ping; done
  for port in $SENTINEL_PORTS; do
    sentinel_conf "$port" "$primary"
    require_port_free "sentinel-$port" "$port"
    proc_start "sentinel-$port" redis-sentinel "$REDIS_DIR/sentinel-$port/sentinel.conf"
  done
  for port in $SENTINEL_PORTS; do
    wait_for "sentinel-$port" 30 sentinel_sees_quorum "$port"
  done
}

sentinel_sees_quorum() {
  redis-cli -p "$1" sentinel ckquorum "$REDIS_MASTER_NAME" | grep -q '^OK'
}

up() {
  ensure_packages
  local start=$SECONDS
  postgres_up
  redis_up
  log "data services ready in $((SECONDS - start))s"
}

down() {
  local port
  for port in $SENTINEL_PORTS; do proc_stop "sentinel-$port"; done
  for port in $REDIS_PORTS; do proc_stop "redis-$port"; done
  proc_stop postgres INT   # SIGINT = fast shutdown; SIGTERM would wait for clients to leave
  [ "${1:-}" = "--purge" ] && rm -rf "$PG_DIR" "$REDIS_DIR"
  log "data services stopped"
}

status() {
  local rc=0 port
  echo "data services:"
  proc_report postgres "postgres://phoenix@127.0.0.1:$POSTGRES_PORT/phoenix" || rc=1
  for port in $REDIS_PORTS; do
    proc_report "redis-$port" "$(redis-cli -p "$port" info replication 2>/dev/null | grep -m1 '^role:' | tr -d '\r')" || rc=1
  done
  for port in $SENTINEL_PORTS; do proc_report "sentinel-$port" "sentinel" || rc=1; done
  if [ $rc -eq 0 ]; then
    echo "  primary: $(redis-cli -p "${SENTINEL_PORTS%% *}" sentinel get-master-addr-by-name "$REDIS_MASTER_NAME" | paste -sd:)"
    echo "  use: psql -h 127.0.0.1 -p $POSTGRES_PORT -U phoenix phoenix"
    echo "       redis-cli -p ${SENTINEL_PORTS%% *} sentinel get-master-addr-by-name $REDIS_MASTER_NAME"
  fi
  return $rc
}

case "${1:-}" in
  up) up ;;
  roles) postgres_roles ;;
  down) shift; down "$@" ;;
  status) status ;;
  *) die "usage: $0 up|down [--purge]|status|roles" ;;
esac
