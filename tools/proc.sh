#!/usr/bin/env bash
# Process supervision shared by cluster.sh and data.sh: every component is a detached process
# with a pid file under .local/run and a log under .local/logs, so `down` can find and stop
# exactly what `up` started and `status` can tell a crashed component from a stopped one.
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"

proc_alive() {
  local pidfile="$RUN_DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  # A killed process not yet reaped by its parent is a zombie: dead, whatever kill -0 says.
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]
}

# proc_start NAME CMD ARGS... — starts CMD in its own session unless NAME is already running.
proc_start() {
  local name="$1"; shift
  if proc_alive "$name"; then return 0; fi
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/$name.pid"
}

# proc_stop NAME [SIGNAL] — SIGNAL (default TERM), up to 15 s grace, then SIGKILL; removes the pid file.
proc_stop() {
  local name="$1" sig="${2:-TERM}" pidfile="$RUN_DIR/$1.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -"$sig" "$pid" 2>/dev/null || true
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
}

# proc_report NAME DETAIL — one status line; returns 1 for a component that crashed.
proc_report() {
  local name="$1" detail="$2"
  if proc_alive "$name"; then
    printf '  %-26s running  pid %-8s %s\n' "$name" "$(cat "$RUN_DIR/$name.pid")" "$detail"
  elif [ -f "$RUN_DIR/$name.pid" ]; then
    printf '  %-26s CRASHED  (see %s)\n' "$name" "$LOG_DIR/$name.log"; return 1
  else
    printf '  %-26s stopped\n' "$name"; return 1
  fi
}

# wait_for WHAT SECONDS CMD... — polls CMD every 0.25 s until it succeeds.
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && die "$what not ready after ${secs}s (logs: $LOG_DIR)"
    sleep 0.25
  done
}

# require_port_free NAME PORT — before starting NAME: a listener on PORT that is not ours
# (another checkout's environment, a system service) would make NAME fail obscurely.
require_port_free() {
  proc_alive "$1" && return 0
  if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
    die "port $2 (for $1) is already in use by another process; stop it (e.g. \`make down\` in the checkout that started it)"
  fi
}
