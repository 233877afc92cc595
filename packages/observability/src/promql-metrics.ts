// What the rules and dashboards may read: the metric names the code registers, and the metric
// names in a PromQL expression (for the "no invented metric" tests).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

/** Metric names the services, operator and shared packages register with prom-client. */
export function exportedMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        for (const m of readFileSync(full, "utf8").matchAll(/name(?::| =) "([a-z_]+)"/g))
          names.add(m[1] ?? "");
      }
    }
  };
  for (const top of ["services", "operators", "packages"]) {
    for (const pkg of readdirSync(path.join(root, top))) {
      if (pkg !== "observability" && existsSync(path.join(root, top, pkg, "src")))
        walk(path.join(root, top, pkg, "src"));
    }
  }
  return names;
}

/** Metric names in a PromQL expression (recording rules, with a colon, left out). */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, "")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|ignoring|on|without|group_left|group_right)\s*\([^)]*\)/g, " ");
  const keywords = new Set(["and", "or", "unless", "bool"]);
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)]
    .filter((m) => m[2] === undefined && !keywords.has(m[1] ?? "") && !(m[1] ?? "").includes(":"))
    .map((m) => (m[1] ?? "").replace(/_(bucket|count|sum)$/, ""));
}
