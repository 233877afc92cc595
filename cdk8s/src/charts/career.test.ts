// The career workload in the phoenix chart (ADR 0080): the API's JWT key set mounted like the
// API's and iris's, the quota knobs of its config, Stripe's key (the API's Secret) and the LLM
// providers as optional Secrets, and a NetworkPolicy that lets it reach the data, tracing and the
// internet on 443 (Stripe, cloud LLMs) — nothing else: it renders its PDFs in-process.
import { ApiObject } from "cdk8s";
import { describe, expect, it } from "vitest";
import { manifestOf } from "../constructs/late-patch.ts";
import { readable } from "../helm/render.ts";
import { buildApp } from "../synth.ts";

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

const all = buildApp()
  .phoenix.flatMap((c) => c.node.findAll())
  .filter((x): x is ApiObject => x instanceof ApiObject)
  .map((o) => readable(manifestOf(o)) as Manifest);

describe("the career workload", () => {
  const career = all.find((m) => m.kind === "Deployment" && m.metadata.name === "phoenix-career");
  const pod = (
    career?.spec as {
      template: {
        spec: {
          containers: Array<{
            env: Array<{ name: string; value?: string }>;
            volumeMounts: Array<{ name: string; mountPath: string }>;
          }>;
          volumes: Array<{ name: string; secret?: { secretName: string } }>;
        };
      };
    }
  ).template.spec;
  const envVars = pod.containers[0]?.env ?? [];
  const env = Object.fromEntries(envVars.map((e) => [e.name, e.value]));
  const secretOf = (name: string) =>
    (
      envVars.find((e) => e.name === name) as
        | { valueFrom?: { secretKeyRef?: { name: string; key: string; optional: boolean } } }
        | undefined
    )?.valueFrom?.secretKeyRef;
  const policy = all.find((m) => m.kind === "NetworkPolicy" && m.metadata.name === "phoenix-career")
    ?.spec as {
    ingress: Array<{ from: Array<Record<string, unknown>>; ports: Array<{ port: number }> }>;
    egress: Array<{ to: Array<Record<string, unknown>>; ports: Array<{ port: number }> }>;
  };

  it("verifies the API's access tokens with the JWT key set, mounted like the API's", () => {
    expect(env.JWT_KEYSET_DIR).toBe("/var/run/secrets/phoenix/jwt-keys");
    expect(pod.containers[0]?.volumeMounts).toContainEqual(
      expect.objectContaining({ name: "jwt-keys", mountPath: "/var/run/secrets/phoenix/jwt-keys" }),
    );
    expect(pod.volumes.find((v) => v.name === "jwt-keys")?.secret?.secretName).toBe(
      "{{ .Values.keys.jwt.secretName | quote }}",
    );
    expect(Object.keys(env)).not.toContain("INTERNAL_KEYSET_DIR");
  });

  it("reads its port, data and quotas from the chart (every variable of its config without a usable default)", () => {
    expect(env.HTTP_PORT).toBe("8006");
    expect(env.SERVICE_NAME).toBe("phoenix-career");
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(["DATABASE_URL", "REDIS_SENTINELS", "REDIS_MASTER_NAME"]),
    );
    expect(env.CAREER_FREE_LETTERS_PER_MONTH).toBe(
      "{{ .Values.career.quota.freeLettersPerMonth | toString | quote }}",
    );
    expect(env.CAREER_FREE_CVS_PER_MONTH).toBe(
      "{{ .Values.career.quota.freeCvsPerMonth | toString | quote }}",
    );
    expect(env.CAREER_QUOTA_FAIL_MODE).toBe("{{ .Values.career.quota.failMode | quote }}");
  });

  it("reads Stripe's key from the API's Secret and the LLM providers from its own, both optional", () => {
    expect(secretOf("STRIPE_SECRET_KEY")).toEqual({
      name: "{{ .Values.api.stripe.secretName | quote }}",
      key: "secret-key",
      optional: true,
    });
    expect(secretOf("LLM_PROVIDERS")).toEqual({
      name: "{{ .Values.career.llm.secretName | quote }}",
      key: "providers",
      optional: true,
    });
    expect(Object.keys(env)).not.toContain("STRIPE_WEBHOOK_SECRET");
  });

  it("is reached from the edge zone, monitoring and the helm test pods on 8006; talks to data, tracing and the internet on 443 only", () => {
    expect(policy.ingress.map((r) => r.ports)).toEqual([
      [{ port: 8006, protocol: "TCP" }],
      [{ port: 8006, protocol: "TCP" }],
      [{ port: 8006, protocol: "TCP" }],
    ]);
    expect(policy.egress.map((r) => r.ports.map((p) => p.port))).toEqual([[5432, 6379, 26379], [4317, 4318], [443]]);
    // The internet without the cluster's own ranges (networkPolicy.externalExcept): no other service.
    expect(JSON.stringify(policy.egress[2]?.to)).toContain("networkPolicy.externalExcept");
    expect(JSON.stringify(policy.egress)).not.toContain("podSelector");
  });
});
