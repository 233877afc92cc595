// The marker → template translation, and the check that knobs name only declared values.
import { describe, expect, it } from "vitest";
import { Knobs } from "./knobs.ts";
import { toTemplate } from "./render.ts";
import { s } from "./schema.ts";

const values = s.group("test", {
  replicas: s.int(1, "r"),
  name: s.str("x", "n"),
  labels: s.stringMap({}, "l"),
  on: s.bool(false, "o"),
});
const k = new Knobs(values);

describe("toTemplate", () => {
  it("turns markers into unquoted Helm expressions, strings quoted by the expression itself", () => {
    const out = toTemplate({ spec: { replicas: k.int("replicas"), name: k.str("name") } });
    expect(out).toContain("  replicas: {{ .Values.replicas }}\n");
    expect(out).toContain("  name: {{ .Values.name | quote }}\n");
  });

  it("renders a block marker as toYaml nindented under its key, also inside a list item", () => {
    const out = toTemplate({ items: [{ labels: k.block("labels") }] });
    expect(out).toContain("  - labels: {{- toYaml (.Values.labels) | nindent 6 }}");
  });

  it("wraps a conditional field and a conditional object", () => {
    const out = toTemplate({ spec: { replicas: k.int("replicas", { if: "not .Values.on" }) } }, [
      ".Values.on",
      "true",
    ]);
    expect(out).toContain("{{- if and (.Values.on) (true) }}\n");
    expect(out).toContain("  {{- if not .Values.on }}\n  replicas: {{ .Values.replicas }}\n  {{- end }}");
    expect(out.trimEnd().endsWith("{{- end }}")).toBe(true);
  });

  it("refuses a marker embedded in a longer string and a literal '{{'", () => {
    expect(() => toTemplate({ image: `registry/${k.str("name")}` })).toThrow(/whole value/);
    expect(() => toTemplate({ note: "{{ oops }}" })).toThrow(/literal/);
  });
});

describe("Knobs", () => {
  it("refuses undeclared paths and mismatched types", () => {
    expect(() => k.int("replica")).toThrow(/not declared/);
    expect(() => k.int("name")).toThrow(/is string, not integer/);
  });
});
