import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { k6Files, loadChartFiles } from "./load.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const files = loadChartFiles({ version: "0.0.0", appVersion: "0.0.0" });
const template = (name: string) => files[`charts/phoenix-load/templates/${name}.yaml`] ?? "";
/** The template's body without Helm's conditions (good enough for the static parts asserted here). */
const body = (name: string) =>
  parse(
    template(name)
      .split("\n")
      .filter((line) => !/^\s*\{\{-? (if|end)/.test(line))
      .join("\n")
      .replace(/\{\{[^}]*\}\}/g, "x"),
  ) as Record<string, unknown>;

describe("the phoenix-load chart", () => {
  it("ships the k6 suites and their generated thresholds exactly as k6/ holds them", () => {
    const data = (body("scripts") as { data: Record<string, string> }).data;
    for (const file of k6Files) expect(data[file], file).toBe(readFileSync(path.join(repoRoot, "k6", file), "utf8"));
  });

  it("renders nothing unless enabled, and each TestRun behind its suite's flag", () => {
    expect(template("scripts")).toContain("{{- if .Values.enabled }}");
    expect(template("api")).toContain("{{- if and (.Values.enabled) (.Values.api.enabled) }}");
    expect(template("sms")).toContain("{{- if and (.Values.enabled) (.Values.sms.enabled) }}");
  });

  it("runs every k6-operator pod Pod Security restricted, without an API token", () => {
    const spec = (body("sms") as { spec: Record<string, Record<string, unknown>> }).spec;
    for (const pod of ["runner", "initializer", "starter"]) {
      expect(spec[pod], pod).toMatchObject({
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      });
    }
    expect(spec["script"]).toEqual({ configMap: { name: "x", file: "sms-webhook-slo.js" } });
  });

  it("signs the webhooks with the Twilio token from its Secret, never from values", () => {
    const runner = (body("sms") as { spec: { runner: { env: Array<{ name: string; valueFrom?: unknown }> } } }).spec
      .runner;
    expect(runner.env.find((e) => e.name === "AUTH_TOKEN")?.valueFrom).toEqual({
      secretKeyRef: { name: "x", key: "x" },
    });
  });
});
