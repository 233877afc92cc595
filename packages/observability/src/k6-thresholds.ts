// The k6 SLO suites' thresholds, generated from the same SLOs as the alert rules (slos.ts): per
// journey, each route the suite requests gets the latency objective as a percentile bound
// (`p(99)<50` for "99 % within 50 ms") and the availability objective as an error-rate budget
// (`rate<0.001` for 99.9 %). `node packages/observability/src/k6-thresholds.ts` writes
// k6/thresholds.json, which k6/*-slo.js read with open(); k6-thresholds.test.ts fails on drift.
// k6 measures from the client, so its latency includes the network the server-side SLI does not.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { slos as allSlos } from "./slos.ts";
import type { Slo } from "./slos.ts";

export interface K6Route {
  readonly method: "GET" | "POST";
  /** The route as the services label it (`route` in http_requests_total), and the k6 tag. */
  readonly route: string;
}

export interface K6Journey {
  /** The suite (k6/<name>-slo.js) and the key in thresholds.json. */
  readonly name: string;
  /** The SLOs whose objectives bound every route of the journey. */
  readonly slos: readonly string[];
  readonly routes: readonly K6Route[];
}

export const k6Journeys: readonly K6Journey[] = [
  {
    name: "sms-webhook",
    slos: ["sms-webhook-availability", "sms-webhook-latency"],
    routes: [{ method: "POST", route: "/twilio/sms" }],
  },
  {
    name: "api",
    slos: ["api-availability", "api-latency"],
    routes: [
      { method: "POST", route: "/v1/auth/signup" },
      { method: "POST", route: "/v1/auth/login" },
      { method: "GET", route: "/v1/me" },
      { method: "GET", route: "/v1/me/quota" },
      { method: "POST", route: "/v1/me/consents" },
    ],
  },
];

export type K6Thresholds = Record<string, Record<string, string[]>>;

/** Drops binary float noise: 1 - 0.999 is 0.0010000000000000009. */
const clean = (n: number) => Number(n.toPrecision(6));

function thresholdsOf(slo: Slo): Record<"metric" | "bound", string> {
  if (slo.sli.kind === "latency") {
    return {
      metric: "http_req_duration",
      bound: `p(${String(clean(slo.objective * 100))})<${String(clean(Number(slo.sli.le) * 1000))}`,
    };
  }
  return { metric: "http_req_failed", bound: `rate<${String(clean(1 - slo.objective))}` };
}

/** `{ journey: { "metric{route:…,method:…}": [bound] } }` for every route of every journey. */
export function k6Thresholds(slos: readonly Slo[] = allSlos): K6Thresholds {
  const result: K6Thresholds = {};
  for (const journey of k6Journeys) {
    const thresholds: Record<string, string[]> = {};
    for (const name of journey.slos) {
      const slo = slos.find((s) => s.name === name);
      if (!slo) throw new Error(`k6 journey ${journey.name}: no SLO named ${name}`);
      const { metric, bound } = thresholdsOf(slo);
      for (const { method, route } of journey.routes) {
        (thresholds[`${metric}{route:${route},method:${method}}`] ??= []).push(bound);
      }
    }
    result[journey.name] = thresholds;
  }
  return result;
}

const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const k6ThresholdsPath = "k6/thresholds.json";

/** k6/thresholds.json's content, formatted as `prettier --check` wants it. */
export async function renderK6Thresholds(slos: readonly Slo[] = allSlos): Promise<string> {
  const document = {
    $comment:
      "Generated from packages/observability/src/slos.ts by `node packages/observability/src/k6-thresholds.ts` — do not edit.",
    journeys: k6Thresholds(slos),
  };
  const file = path.join(repoRoot, k6ThresholdsPath);
  return format(JSON.stringify(document), { ...(await resolveConfig(file)), filepath: file });
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(path.join(repoRoot, k6ThresholdsPath), await renderK6Thresholds());
  process.stdout.write(`wrote ${k6ThresholdsPath}\n`);
}
