#!/usr/bin/env bash
# `make demo`: the platform on local defaults — the toolchain, the local control plane, the data
# services, local observability (Prometheus, Jaeger, VictoriaLogs), the Twilio and Stripe
# emulators, the operator, the SMS path (sms-router, agent, workers), the API, the web app and the
# edge as local processes; then a user with a dedicated number provisioned by the operator
# (TwilioNumber) and a scripted SMS conversation through the emulator, and a browser journey
# through the web app in Chromium. Prints the URL to open.
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$TOOLS_DIR/ports.env"
cd "$REPO_ROOT"
"$TOOLS_DIR/build.sh" all
make --no-print-directory deps
"$TOOLS_DIR/data.sh" up
# The owner role migrates; the services connect as the data-only service role (ADR 0009).
"$TOOLS_DIR/migrate.sh"
"$TOOLS_DIR/cluster.sh" up
# Before the platform: its processes export traces to Jaeger only if it runs when they start.
"$TOOLS_DIR/obs.sh" up
"$TOOLS_DIR/platform.sh" up

# The demo conversation's last inbound SMS: its trace_id from the agent's log line in VictoriaLogs
# (shipped from .local/logs), its trace in Jaeger, and the queries to reach both and Prometheus.
demo_observability() {
  local vl="http://127.0.0.1:$VICTORIALOGS_PORT" jaeger="http://127.0.0.1:$JAEGER_QUERY_PORT" trace="" spans=0
  local last='service:agent "inbound message handled" | sort by (_time) desc | limit 1 | fields trace_id'
  for _ in $(seq 1 80); do
    trace="$(curl -sf "$vl/select/logsql/query" --data-urlencode "query=$last" | node -e '
      const line = require("fs").readFileSync(0, "utf8").trim();
      if (line) process.stdout.write(JSON.parse(line).trace_id ?? "");' || true)"
    if [ -n "$trace" ]; then
      # Complete once the router's, the agent's and the workers' spans have all arrived.
      spans="$(curl -sf "$jaeger/api/traces/$trace" | node -e '
        const t = JSON.parse(require("fs").readFileSync(0, "utf8")).data?.[0];
        const services = new Set(t?.spans.map((s) => t.processes[s.processID].serviceName));
        process.stdout.write(String(services.size >= 3 ? t.spans.length : 0));' || echo 0)"
      [ "$spans" -gt 0 ] && break
    fi
    sleep 0.25
  done
  echo
  echo "Observability (make obs-up / obs-down; on loopback):"
  echo "  curl -s 'http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query' --data-urlencode 'query=sum by (service) (rate(http_requests_total[1m]))'"
  echo "  curl -s 'http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query' --data-urlencode 'query=up'"
  if [ -n "$trace" ] && [ "$spans" -gt 0 ]; then
    echo "  the demo conversation's last SMS: trace $trace ($spans spans: sms-router -> agent -> workers -> Twilio)"
    echo "  curl -s $jaeger/api/traces/$trace"
    echo "  curl -s $vl/select/logsql/query --data-urlencode 'query=trace_id:$trace'   # its log lines, every service"
  else
    echo "  (no trace of the demo conversation found yet; see .local/logs/jaeger.log and log-shipper.log)"
    echo "  curl -s '$jaeger/api/traces?service=sms-router&limit=5'"
    echo "  curl -s $vl/select/logsql/query --data-urlencode 'query=service:agent'"
  fi
}

# A user as the API will create them (its phone is the only sender answered on its number).
DEMO_PHONE="+15551230001"
DB_URL="postgres://$POSTGRES_SERVICE_ROLE@127.0.0.1:$POSTGRES_PORT/$POSTGRES_APP_DATABASE"
USER_ID="$(psql "$DB_URL" -qtA -v ON_ERROR_STOP=1 <<SQL
SELECT set_config('phoenix.scope', 'system', false) \\g /dev/null
INSERT INTO users (phone_e164, time_zone) VALUES ('$DEMO_PHONE', 'America/New_York')
  ON CONFLICT (phone_e164) DO UPDATE SET updated_at = now() RETURNING id;
SQL
)"
# A fresh start for the scripted conversation on every run (earlier runs' tasks and check-ins go).
psql "$DB_URL" -qtA -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT set_config('phoenix.scope', 'system', false);
DELETE FROM tasks WHERE user_id = '$USER_ID';
DELETE FROM reminders WHERE user_id = '$USER_ID';
DELETE FROM focus_sessions WHERE user_id = '$USER_ID';
DELETE FROM energy_checkins WHERE user_id = '$USER_ID';
DELETE FROM quota_notices WHERE user_id = '$USER_ID';
-- The conversation switches to French ("langue fr"): each run starts from the phone's default
-- (English for +1 555); premium, so a few runs a day stay under the daily message quota.
UPDATE users SET language = NULL, plan = 'premium' WHERE id = '$USER_ID';
SQL

# userId is immutable: a TwilioNumber left by an older demo for another user id goes first.
existing="$(kubectl -n phoenix-demo get twilionumber user-alice -o jsonpath='{.spec.userId}' 2>/dev/null || true)"
if [ -n "$existing" ] && [ "$existing" != "$USER_ID" ]; then
  kubectl -n phoenix-demo delete twilionumber user-alice --wait=true --timeout=60s >/dev/null
fi

# The SMS user's dedicated number, as the API creates it (the namespace and the API's KeyRotations
# come with the platform: tools/platform.sh).
kubectl apply --server-side -f - >/dev/null <<YAML
apiVersion: phoenix.dev/v1alpha1
kind: TwilioNumber
metadata: {name: user-alice, namespace: phoenix-demo}
spec: {userId: "$USER_ID", areaCode: "415"}
YAML
kubectl -n phoenix-demo wait --for=condition=Ready --timeout=60s twilionumber/user-alice >/dev/null
NUMBER="$(kubectl -n phoenix-demo get twilionumber user-alice -o jsonpath='{.status.phoneNumber}')"
# The workers mirror Ready TwilioNumbers into Postgres, where sms-router looks numbers up.
for _ in $(seq 1 120); do
  mirrored="$(psql "$DB_URL" -qtA -c "SELECT set_config('phoenix.scope', 'system', false)" \
    -c "SELECT count(*) FROM phone_numbers WHERE e164 = '$NUMBER' AND active" | tail -1)"
  [ "$mirrored" = "1" ] && break
  sleep 0.25
done
[ "$mirrored" = "1" ] || die "the workers did not mirror $NUMBER into phone_numbers (logs: .local/logs/workers.log)"

TWILIO_EMULATOR_PORT="$TWILIO_EMULATOR_PORT" node "$TOOLS_DIR/demo-conversation.ts" "$DEMO_PHONE" "$NUMBER"

# The web app as a person uses it, in Chromium through the edge: signup in French, the number
# activated, a task texted in and shown on Today, a question to the coach and a reminder set in the
# chat, a journal entry, Premium through Checkout, the data export.
echo
echo "Browser journey (Chromium, in French, through http://127.0.0.1:$EDGE_PORT):"
"$TOOLS_DIR/browser.sh" ensure
EDGE_URL="http://127.0.0.1:$EDGE_PORT" TWILIO_EMULATOR_URL="http://127.0.0.1:$TWILIO_EMULATOR_PORT" \
  LLM_LOCAL_EMULATOR_URL="http://127.0.0.1:$LLM_LOCAL_EMULATOR_PORT" node "$TOOLS_DIR/demo-journey.ts"

echo
"$TOOLS_DIR/cluster.sh" status
echo
"$TOOLS_DIR/data.sh" status
echo
"$TOOLS_DIR/platform.sh" status
echo
"$TOOLS_DIR/obs.sh" status
echo
echo "custom resources (kubectl get phoenix -n phoenix-demo):"
kubectl get phoenix -n phoenix-demo 2>&1 | sed 's/^/  /'
echo
echo "Twilio emulator (numbers owned, monthly cost):"
curl -sf "http://127.0.0.1:26499/_control/state?summary=true" | node -e '
  const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log("  " + JSON.stringify(s.cost));'
cat <<TXT

Reach it from this shell:
  . tools/env.sh                  # Node 24, kubectl, helm, k6 on PATH; KUBECONFIG=.local/kubeconfig
  kubectl get nodes -L topology.kubernetes.io/zone
  kubectl auth can-i --list
  psql postgres://$POSTGRES_SERVICE_ROLE@127.0.0.1:$POSTGRES_PORT/$POSTGRES_APP_DATABASE   # the services' data, as their data-only role (row-level security: SET phoenix.scope = 'system' to see all)
  make migrate                    # migrations, as the owner role $POSTGRES_OWNER_ROLE (the services never migrate)
  redis-cli -p 26390 sentinel get-master-addr-by-name phoenix
  kubectl get phoenix -A; kubectl describe twilionumber -n phoenix-demo user-alice
  curl -s localhost:26480/metrics | grep -E '^(reconcile_total|twilio_)'
  curl -s localhost:$SMS_ROUTER_PORT/metrics | grep ^sms_     # sms-router: inbound by outcome, signature failures
  curl -s localhost:$AGENT_PORT/metrics | grep ^agent_        # agent: intents, handling time
  curl -s localhost:$WORKERS_PORT/metrics | grep ^worker_     # workers: jobs by queue and outcome
  curl -s 'localhost:26499/_control/state?summary=true'     # the Twilio emulator's view
Logs: .local/logs/   Stop everything: make down
TXT
demo_observability
cat <<TXT

Open the web app: http://127.0.0.1:$EDGE_PORT/   (French; English at /en; the signed-in app at /app/)
  It runs on this machine's loopback. From another machine: ssh -L $EDGE_PORT:127.0.0.1:$EDGE_PORT <this host>, then open the same URL.
  The journey's screenshots: .local/demo/*.png; the API behind the edge: http://127.0.0.1:$EDGE_PORT/v1/plans
TXT
