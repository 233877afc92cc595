import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { k6Journeys, k6Thresholds, k6ThresholdsPath, renderK6Thresholds } from "./k6-thresholds.ts";
import { slos } from "./slos.ts";
import type { Slo } from "./slos.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

const withObjective = (name: string, objective: number): Slo[] =>
  slos.map((slo) => (slo.name === name ? { ...slo, objective } : slo));

describe("k6 thresholds from the SLOs", () => {
  it("the committed k6/thresholds.json is what the SLOs generate (node packages/observability/src/k6-thresholds.ts)", async () => {
    expect(readFileSync(path.join(repoRoot, k6ThresholdsPath), "utf8")).toBe(await renderK6Thresholds());
  });

  it("bounds the webhook by its latency percentile and error budget", () => {
    expect(k6Thresholds()["sms-webhook"]).toEqual({
      "http_req_failed{route:/twilio/sms,method:POST}": ["rate<0.001"],
      "http_req_duration{route:/twilio/sms,method:POST}": ["p(99)<50"],
    });
  });

  it("gives every API route of the suite the API's objectives", () => {
    const api = k6Thresholds()["api"] ?? {};
    expect(api["http_req_duration{route:/v1/me,method:GET}"]).toEqual(["p(99)<250"]);
    expect(api["http_req_failed{route:/v1/auth/login,method:POST}"]).toEqual(["rate<0.001"]);
    expect(Object.keys(api)).toHaveLength(2 * (k6Journeys.find((j) => j.name === "api")?.routes.length ?? 0));
  });

  it("moves with one change of an objective", () => {
    const latency = k6Thresholds(withObjective("sms-webhook-latency", 0.995))["sms-webhook"] ?? {};
    expect(latency["http_req_duration{route:/twilio/sms,method:POST}"]).toEqual(["p(99.5)<50"]);
    const availability = k6Thresholds(withObjective("api-availability", 0.99))["api"] ?? {};
    expect(availability["http_req_failed{route:/v1/me,method:GET}"]).toEqual(["rate<0.01"]);
  });

  it("refuses a journey naming an SLO that does not exist", () => {
    expect(() => k6Thresholds(slos.filter((slo) => slo.name !== "api-latency"))).toThrow(/api-latency/);
  });
});
