// Turns synthesised cdk8s objects into Helm templates: one file per object, markers (knobs.ts)
// replaced by template expressions, and the object wrapped in the conditions of its scopes.
import { ApiObject } from "cdk8s";
import type { IConstruct } from "constructs";
import { stringify } from "yaml";
import { manifestOf } from "../constructs/late-patch.ts";
import { conditionsOf, decodeMarker } from "./knobs.ts";

export const generatedHeader = "# Generated from cdk8s/src by `make charts` — do not edit.\n";

// A key (or list item) whose whole value is one marker: `  key: __HELM_…` or `  - __HELM_…`.
const wholeValue = /^(\s*)((?:- )?(?:[^\s:'"][^:]*: )?|- )(["']?)__HELM_([0-9a-f]+)_MLEH__\3$/;

function templateLine(line: string): string {
  const whole = wholeValue.exec(line);
  if (!whole) {
    if (line.includes("__HELM_")) throw new Error(`a marker must be a whole value: ${line}`);
    return line;
  }
  const [, indent = "", prefix = "", , hex = ""] = whole;
  const m = decodeMarker(hex);
  const keyColumn = indent.length + (prefix.startsWith("- ") ? 2 : 0);
  const value = m.block ? `{{- toYaml (${m.e}) | nindent ${keyColumn + 2} }}` : `{{ ${m.e} }}`;
  const rendered = `${indent}${prefix}${value}`;
  if (!m.if) return rendered;
  return `${indent}{{- if ${m.if} }}\n${rendered}\n${indent}{{- end }}`;
}

/** The Helm template text of a plain manifest (markers replaced, conditions applied). */
export function toTemplate(manifest: unknown, conditions: readonly string[] = []): string {
  const yaml = stringify(manifest, { lineWidth: 0 });
  if (yaml.includes("{{")) throw new Error("a manifest contains a literal '{{': Helm would interpret it");
  const body = yaml.trimEnd().split("\n").map(templateLine).join("\n");
  if (body.includes("__HELM_")) throw new Error(`an unplaced marker remains in:\n${body}`);
  const [first, ...others] = conditions;
  if (first === undefined) return `${generatedHeader}${body}\n`;
  const condition = others.length === 0 ? first : `and ${conditions.map((c) => `(${c})`).join(" ")}`;
  return `${generatedHeader}{{- if ${condition} }}\n${body}\n{{- end }}\n`;
}

/** The construct path below its chart, e.g. agent/deployment → agent-deployment.yaml. */
function fileName(obj: ApiObject, scope: IConstruct): string {
  const below = obj.node.scopes.slice(scope.node.scopes.length).map((s) => s.node.id);
  return `${below.join("-").toLowerCase()}.yaml`;
}

/** Every ApiObject under `scope` as `{ "<dir>/<construct path>.yaml": template }`. */
export function templatesOf(scope: IConstruct, dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    const name = `${dir}/${fileName(child, scope)}`;
    if (files[name] !== undefined) throw new Error(`two objects render to ${name}`);
    files[name] = toTemplate(manifestOf(child), conditionsOf(child));
  }
  return files;
}

/** For tests: the manifest with markers shown as readable `{{ … }}` strings. */
export function readable(manifest: unknown): unknown {
  return JSON.parse(
    JSON.stringify(manifest).replace(/__HELM_([0-9a-f]+)_MLEH__/g, (_all, hex: string) => {
      const m = decodeMarker(hex);
      // Inside a JSON string: backslashes doubled (a dashboard's PromQL has \"), quotes shown as ',
      // newlines escaped (the Alloy pipeline is multi-line).
      return `{{ ${m.e} }}${m.if ? ` if ${m.if}` : ""}`
        .replace(/\\/g, "\\\\")
        .replace(/"/g, "'")
        .replace(/\n/g, "\\n");
    }),
  );
}
