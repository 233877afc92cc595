// The phoenix-load chart: the k6 SLO suites of k6/ (the same scripts and the same generated
// thresholds.json `make load` runs) as k6-operator TestRuns, behind flags. The scripts ship in one
// ConfigMap; each TestRun runs one suite against the public endpoints (through the Gateway, which
// the apps zone's NetworkPolicies admit). Needs the k6-operator and its CRDs in the cluster.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ApiObject, App, Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-34";
import { s } from "../helm/schema.ts";
import type { Infer } from "../helm/schema.ts";
import { Knobs, onlyIf } from "../helm/knobs.ts";
import { chartYaml, schemaJson, valuesYaml } from "../helm/chart-files.ts";
import { templatesOf } from "../helm/render.ts";
import { commonLabels } from "../constructs/labels.ts";
import { containerSecurityContext, podSecurityContext } from "../constructs/security.ts";

const k6Dir = path.resolve(import.meta.dirname, "../../../k6");
/** The files the suites need side by side (they open ./thresholds.json and import ./twilio-inbound.js). */
export const k6Files = ["sms-webhook-slo.js", "twilio-inbound.js", "api-slo.js", "thresholds.json"] as const;

export const loadValues = s.group("k6 SLO suites as k6-operator TestRuns (needs the k6-operator's CRDs).", {
  enabled: s.bool(false, "Create the scripts ConfigMap and the enabled suites' TestRuns."),
  image: s.str("", "k6 runner image; empty: the k6-operator's default."),
  parallelism: s.int(1, "Runner pods per TestRun (the arrival rates are split between them).", { minimum: 1 }),
  api: s.group("Journey API requests: sign-up and login, authenticated reads and a write (k6/api-slo.js).", {
    enabled: s.bool(true, "Run this suite."),
    baseUrl: s.str("https://app.phoenix.example", "The public origin the API is under (/v1; the phoenix chart's hosts.app)."),
    users: s.int(100, "Accounts signed up in setup for the reads and writes.", { minimum: 1 }),
    authRate: s.int(
      1,
      "Sign-ups + logins per second (the API allows 5 logins per 15 min per client IP: raise RATE_LIMIT_LOGIN_ATTEMPTS for longer runs).",
      { minimum: 0 },
    ),
    readRate: s.int(50, "Authenticated read iterations per second (GET /v1/me and /v1/me/quota).", {
      minimum: 0,
    }),
    writeRate: s.int(10, "Writes per second (POST /v1/me/consents).", { minimum: 0 }),
    duration: s.str("30s", "Duration of each scenario."),
  }),
  sms: s.group(
    "Journey inbound SMS answered: signed Twilio webhook bursts (k6/sms-webhook-slo.js). Each webhook is a real inbound message: the platform answers it through Twilio, so run it only against an installation on the Twilio emulator or a test account.",
    {
      enabled: s.bool(false, "Run this suite."),
      baseUrl: s.str("https://app.phoenix.example", "Where the webhooks are posted (/twilio; the phoenix chart's hosts.app)."),
      publicBaseUrl: s.str(
        "https://app.phoenix.example",
        "The URL Twilio signs (the phoenix chart's global.publicBaseUrl).",
      ),
      users: s.str(
        "[]",
        'JSON list of {"from": user phone, "to": their Phoenix number} the router knows (Ready TwilioNumbers).',
      ),
      authTokenSecret: s.str("phoenix-twilio", "Secret with the Twilio auth token the webhooks are signed with."),
      authTokenKey: s.str("auth-token", "Key of the token in that Secret."),
      rate: s.int(20, "Steady webhooks per second.", { minimum: 1 }),
      burstRate: s.int(200, "Webhooks per second during a burst.", { minimum: 1 }),
      bursts: s.int(3, "Bursts per run.", { minimum: 0 }),
    },
  ),
});

export type LoadValues = Infer<typeof loadValues>;

const chartProps = { disableResourceNameHashes: true } as const;
const scriptsName = `printf "%s-k6-scripts" .Release.Name | quote`;

/**
 * The settings of every k6-operator pod: Pod Security restricted and no API token. The root file
 * system stays writable: the initializer writes the test archive it inspects (restricted allows it).
 * The image override is the runner's (and the initializer's, which runs the same k6); the starter
 * keeps the operator's own image.
 */
function restrictedPod(k: Knobs, options: { env?: k8s.EnvVar[]; k6Image?: boolean } = {}) {
  return {
    securityContext: podSecurityContext,
    containerSecurityContext: { ...containerSecurityContext, readOnlyRootFilesystem: false },
    automountServiceAccountToken: false,
    ...(options.env ? { env: options.env } : {}),
    ...(options.k6Image ? { image: k.expr(".Values.image | quote", { if: ".Values.image" }) } : {}),
  };
}

export class LoadChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "load", chartProps);
    const labels = commonLabels("phoenix-load", "load");
    new k8s.KubeConfigMap(this, "scripts", {
      metadata: { name: k.expr(scriptsName), labels },
      data: Object.fromEntries(k6Files.map((f) => [f, readFileSync(path.join(k6Dir, f), "utf8")])),
    });
    const value = (name: string, expression: string): k8s.EnvVar => ({ name, value: k.expr(expression) });
    const num = (key: string) => `${k.path(key, "integer")} | toString | quote`;
    const testRun = (suite: "api" | "sms", file: string, env: k8s.EnvVar[]) => {
      const run = new ApiObject(this, suite, {
        apiVersion: "k6.io/v1alpha1",
        kind: "TestRun",
        metadata: { name: k.expr(`printf "%s-${suite}-slo" .Release.Name | quote`), labels },
        spec: {
          parallelism: k.int("parallelism"),
          script: { configMap: { name: k.expr(scriptsName), file } },
          // Thresholds decide the verdict; the runner's exit code 99 marks the TestRun failed.
          runner: restrictedPod(k, { env, k6Image: true }),
          initializer: restrictedPod(k, { k6Image: true }),
          starter: restrictedPod(k),
        },
      });
      onlyIf(run, k.path(`${suite}.enabled`, "boolean"));
    };
    testRun("api", "api-slo.js", [
      value("BASE_URL", `${k.path("api.baseUrl", "string")} | quote`),
      value("USERS", num("api.users")),
      value("AUTH_RATE", num("api.authRate")),
      value("READ_RATE", num("api.readRate")),
      value("WRITE_RATE", num("api.writeRate")),
      value("DURATION", `${k.path("api.duration", "string")} | quote`),
    ]);
    testRun("sms", "sms-webhook-slo.js", [
      value("BASE_URL", `${k.path("sms.baseUrl", "string")} | quote`),
      value("PUBLIC_BASE_URL", `${k.path("sms.publicBaseUrl", "string")} | quote`),
      value("USERS", `${k.path("sms.users", "string")} | quote`),
      {
        name: "AUTH_TOKEN",
        valueFrom: { secretKeyRef: { name: k.str("sms.authTokenSecret"), key: k.str("sms.authTokenKey") } },
      },
      value("RATE", num("sms.rate")),
      value("BURST_RATE", num("sms.burstRate")),
      value("BURSTS", num("sms.bursts")),
    ]);
    onlyIf(this, k.path("enabled", "boolean"));
  }
}

/** charts/phoenix-load/*: a chart of its own, so the phoenix release never needs the k6-operator. */
export function loadChartFiles(meta: { version: string; appVersion: string }): Record<string, string> {
  const chart = new LoadChart(new App(), new Knobs(loadValues));
  const files: Record<string, string> = {
    "Chart.yaml": chartYaml({
      ...meta,
      name: "phoenix-load",
      description: "The k6 SLO suites of k6/ as k6-operator TestRuns (thresholds generated from the SLOs).",
    }),
    "values.yaml": valuesYaml(loadValues),
    "values.schema.json": schemaJson(loadValues),
    ...templatesOf(chart, "templates"),
  };
  return Object.fromEntries(Object.entries(files).map(([name, content]) => [`charts/phoenix-load/${name}`, content]));
}
