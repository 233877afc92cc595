// The chart's routes come from the one route table: every prefix of every entry reaches the
// entry's Service on the one host, the longest-prefix entries (career, iris) take their paths from
// the API, and an entry whose component has no values group cannot be synthesised.
import { ApiObject, App } from "cdk8s";
import { describe, expect, it } from "vitest";
import { manifestOf } from "../constructs/late-patch.ts";
import { Knobs } from "../helm/knobs.ts";
import { readable, templatesOf } from "../helm/render.ts";
import { s } from "../helm/schema.ts";
import { phoenixValues } from "../values.ts";
import { RoutesChart } from "../charts/release.ts";
import { PlatformZonesChart } from "../charts/platform.ts";
import { platformValues } from "../platform-values.ts";
import { routeTable, tableProblems } from "./table.ts";
import type { RouteEntry } from "./table.ts";

interface Backend {
  name: string;
  port: number;
}
interface Route {
  kind: "HTTPRoute";
  metadata: { name: string };
  spec: {
    hostnames: string[];
    rules: Array<{
      matches: Array<{ path: { type: string; value: string } }>;
      backendRefs: Backend[];
      timeouts?: { request: string };
    }>;
  };
}
interface Ingress {
  kind: "Ingress";
  metadata: { name: string };
  spec: {
    rules: Array<{
      host: string;
      http: {
        paths: Array<{
          path: string;
          pathType: string;
          backend: { service: { name: string; port: { number: number } } };
        }>;
      };
    }>;
  };
}

const host = "{{ .Values.hosts.app | quote }}";

function routesOf(table: readonly RouteEntry[], knobs = new Knobs(phoenixValues)) {
  const chart = new RoutesChart(new App(), knobs, table);
  const objects = chart.node
    .findAll()
    .filter((x): x is ApiObject => x instanceof ApiObject)
    .map((o) => readable(manifestOf(o)) as Route | Ingress);
  return {
    chart,
    routes: objects.filter((o): o is Route => o.kind === "HTTPRoute"),
    ingresses: objects.filter((o): o is Ingress => o.kind === "Ingress"),
  };
}

/** The HTTPRoute backend that serves a prefix, by (prefix → backends) over every route. */
function gatewayBackends(routes: Route[]): Map<string, Backend[]> {
  const byPrefix = new Map<string, Backend[]>();
  for (const r of routes)
    for (const rule of r.spec.rules)
      for (const m of rule.matches)
        byPrefix.set(m.path.value, [...(byPrefix.get(m.path.value) ?? []), ...rule.backendRefs]);
  return byPrefix;
}

/** The chart's values without the career group, as before career had a chart. */
const { career: _career, ...withoutCareer } = phoenixValues.props;
const knobsWithoutCareer = new Knobs(s.group(phoenixValues.description, withoutCareer));

describe("the routes chart, from the route table", () => {
  const { chart, routes, ingresses } = routesOf(routeTable);

  it("matches its snapshot", () => {
    expect({ routes, ingresses }).toMatchSnapshot();
  });

  it("sends every prefix of the table to its entry's Service, and only there, as an HTTPRoute and an Ingress", () => {
    const backends = gatewayBackends(routes);
    const ingressBackends = new Map(
      ingresses.flatMap((i) =>
        i.spec.rules.flatMap((r) => r.http.paths.map((p) => [p.path, p.backend.service] as const)),
      ),
    );
    const prefixes = routeTable.flatMap((e) => e.prefixes);
    expect(prefixes.sort()).toEqual([
      "/",
      "/twilio",
      "/v1",
      "/v1/chat",
      "/v1/cv",
      "/v1/job-offers",
      "/v1/journal",
      "/v1/letters",
    ]);
    for (const entry of routeTable) {
      for (const prefix of entry.prefixes) {
        expect(backends.get(prefix), prefix).toEqual([{ name: entry.service, port: entry.port }]);
        expect(ingressBackends.get(prefix), prefix).toEqual({
          name: entry.service,
          port: { number: entry.port },
        });
      }
    }
    expect([...backends.keys()].sort()).toEqual([...prefixes].sort());
    expect(backends.get("/v1")).toEqual([{ name: "phoenix-api", port: 8000 }]);
    expect(backends.get("/twilio")).toEqual([{ name: "phoenix-sms-router", port: 8003 }]);
    expect(backends.get("/")).toEqual([{ name: "phoenix-web", port: 8004 }]);
  });

  it("puts every route on the one host hosts.app, with segment-wise prefix matches", () => {
    for (const r of routes) {
      expect(r.spec.hostnames, r.metadata.name).toEqual([host]);
      for (const m of r.spec.rules.flatMap((rule) => rule.matches)) expect(m.path.type).toBe("PathPrefix");
    }
    for (const i of ingresses) {
      expect(
        i.spec.rules.map((r) => r.host),
        i.metadata.name,
      ).toEqual([host]);
      for (const p of i.spec.rules.flatMap((r) => r.http.paths)) expect(p.pathType).toBe("Prefix");
    }
  });

  it("renders each route only while the gateway (or ingress) and its backend component are enabled", () => {
    const templates = templatesOf(chart, "templates/routes");
    for (const entry of routeTable) {
      expect(templates[`templates/routes/${entry.id}-route.yaml`]).toContain(
        `{{- if and .Values.gateway.enabled .Values.${entry.component}.enabled }}`,
      );
      expect(templates[`templates/routes/${entry.id}-ingress.yaml`]).toContain(
        `{{- if and .Values.ingress.enabled .Values.${entry.component}.enabled }}`,
      );
    }
  });

  it("lets the Gateway's edge zone reach exactly the Services the table routes to", () => {
    const zones = new PlatformZonesChart(new App(), new Knobs(platformValues));
    const edge = zones.node
      .findAll()
      .filter((x): x is ApiObject => x instanceof ApiObject)
      .map(
        (o) =>
          readable(manifestOf(o)) as {
            metadata: { name: string };
            spec: {
              egress?: Array<{
                to: Array<{ namespaceSelector?: { matchLabels: Record<string, string> } }>;
                ports: Array<{ port: number }>;
              }>;
            };
          },
      )
      .find((m) => m.metadata.name === "edge-allow");
    const toApps = edge?.spec.egress?.find((r) =>
      r.to.some((p) => p.namespaceSelector?.matchLabels["phoenix.dev/zone"] === "apps"),
    );
    expect(toApps?.ports.map((p) => p.port).sort()).toEqual([8000, 8003, 8004, 8005, 8006]);
  });
});

describe("the longest-prefix routes (career, iris)", () => {
  it("cannot be synthesised without their component: the synth names the missing values group", () => {
    expect(() => routesOf(routeTable, knobsWithoutCareer)).toThrow(
      /values path career\.enabled is not declared/,
    );
  });

  it("take their prefixes from the API: /v1/cv goes to career, /v1/chat to iris, streaming without a request timeout", () => {
    const { routes } = routesOf(routeTable);
    const backends = gatewayBackends(routes);
    for (const prefix of ["/v1/cv", "/v1/letters", "/v1/job-offers"])
      expect(backends.get(prefix), prefix).toEqual([{ name: "phoenix-career", port: 8006 }]);
    for (const prefix of ["/v1/chat", "/v1/journal"])
      expect(backends.get(prefix), prefix).toEqual([{ name: "phoenix-iris", port: 8005 }]);
    const api = routes.find((r) => r.metadata.name === "phoenix-api");
    expect(api?.spec.rules.flatMap((rule) => rule.matches.map((m) => m.path.value))).toEqual(["/v1"]);
    const iris = routes.find((r) => r.metadata.name === "phoenix-iris");
    expect(iris?.spec.rules[0]?.timeouts).toEqual({ request: "0s" });
    expect(api?.spec.rules[0]?.timeouts).toBeUndefined();
    const career = routes.find((r) => r.metadata.name === "phoenix-career");
    expect(career?.spec.rules[0]?.timeouts).toBeUndefined();
  });
});

describe("tableProblems", () => {
  it("accepts the table", () => {
    expect(tableProblems(routeTable)).toEqual([]);
  });

  it("refuses a prefix routed twice, a duplicate id and a malformed prefix", () => {
    const [twilio, api] = routeTable as [RouteEntry, RouteEntry];
    expect(tableProblems([twilio, { ...api, prefixes: ["/twilio"] }])).toEqual([
      "/twilio is routed to both twilio and api",
    ]);
    expect(tableProblems([api, { ...api, prefixes: ["/v2"] }])).toEqual(["id api appears twice"]);
    expect(tableProblems([{ ...api, prefixes: ["/v1/"] }])).toEqual(["api: bad prefix /v1/"]);
    expect(tableProblems([{ ...api, prefixes: ["v1"] }])).toEqual(["api: bad prefix v1"]);
  });

  it("stops the synth of a table with problems", () => {
    const [twilio] = routeTable as [RouteEntry];
    expect(() => routesOf([twilio, twilio])).toThrow(/route table: id twilio appears twice/);
  });
});
