// The labels every Phoenix object carries; selectors use only the immutable pair (name, instance).
import { release } from "../helm/knobs.ts";

export type Zone = "edge" | "apps" | "data" | "monitoring";

/** Pod label naming the NetworkPolicy zone; namespaces carry the same key (values: networkPolicy.zoneLabel). */
export const zoneLabel = "phoenix.dev/zone";

export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": release.name };
}

export function commonLabels(name: string, component: string): Record<string, string> {
  return {
    ...selectorLabels(name),
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": "phoenix",
    "app.kubernetes.io/managed-by": release.service,
    "app.kubernetes.io/version": release.version,
    "helm.sh/chart": release.chart,
  };
}
