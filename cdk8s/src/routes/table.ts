// The one route table of the public origin (apps.md §2, docs/decisions/0052): the chart's
// HTTPRoutes and Ingresses (charts/release.ts RoutesChart) and the local nginx edge (nginx.ts)
// are both generated from it, so a browser meets the same routing on `make demo` as behind the
// Gateway. Pure data: no cdk8s, no Helm.
import { ports } from "../ports.ts";

/** The phoenix chart's values groups a route can point at: <component>.enabled gates the route. */
export type RoutedComponent = "api" | "smsRouter" | "web" | "career" | "iris";

export interface RouteEntry {
  /** phoenix-<id> names the HTTPRoute and the Ingress; the nginx upstream is named after it too. */
  readonly id: string;
  /** What is behind it, for people (NOTES.txt, the nginx config's comments). */
  readonly what: string;
  /** The backend's values group in the phoenix chart: the route exists only while <component>.enabled. */
  readonly component: RoutedComponent;
  /** Kubernetes Service of the backend. */
  readonly service: string;
  /** The Service's port. */
  readonly port: number;
  /**
   * Path prefixes, matched per path segment (Gateway API PathPrefix): "/v1" takes /v1 and /v1/…,
   * never /v1x. The longest matching prefix of the whole table wins, wherever its entry stands.
   */
  readonly prefixes: readonly string[];
  /** The tools/ports.env variable with the process's local port (the local edge's upstream). */
  readonly localPort: string;
  /** Server-sent events: no response buffering, no request timeout. Default false. */
  readonly streaming?: boolean;
  /** Largest request body the backend accepts. Default 1 MiB, fastify's default bodyLimit. */
  readonly maxBodyBytes?: number;
}

export const defaultMaxBodyBytes = 1024 * 1024;

/**
 * The routes of the components that exist. Order is for reading only (most specific first): the
 * Gateway, an Ingress controller and nginx all pick the longest matching prefix.
 */
export const routeTable: readonly RouteEntry[] = [
  // Twilio's webhooks: /twilio/sms/{numberSid?} and /twilio/status (signed against publicBaseUrl).
  {
    id: "twilio",
    what: "Twilio webhooks (numbers configured with global.publicBaseUrl)",
    component: "smsRouter",
    service: "phoenix-sms-router",
    port: ports.smsRouter,
    prefixes: ["/twilio"],
    localPort: "SMS_ROUTER_PORT",
  },
  {
    id: "api",
    what: "the REST API",
    component: "api",
    service: "phoenix-api",
    port: ports.api,
    prefixes: ["/v1"],
    localPort: "API_PORT",
  },
  {
    id: "iris",
    what: "Iris: chat (SSE) and journal",
    component: "iris",
    service: "phoenix-iris",
    port: ports.iris,
    prefixes: ["/v1/chat", "/v1/journal"],
    localPort: "IRIS_PORT",
    streaming: true,
  },
  {
    id: "career",
    what: "Career: CV, letters, Mirror Match",
    component: "career",
    service: "phoenix-career",
    port: ports.career,
    prefixes: ["/v1/cv", "/v1/letters", "/v1/job-offers"],
    localPort: "CAREER_PORT",
    // POST /v1/cv/upload: a 5 MiB file (services/career MAX_UPLOAD_BYTES) in a multipart envelope.
    maxBodyBytes: 6 * 1024 * 1024,
  },
  // Everything else: the public pages, /app/ (the client), /static/, POST /consent.
  {
    id: "web",
    what: "the web app",
    component: "web",
    service: "phoenix-web",
    port: ports.web,
    prefixes: ["/"],
    localPort: "WEB_PORT",
  },
];

/** Problems that make a table ambiguous; empty when it is sound. */
export function tableProblems(table: readonly RouteEntry[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const entry of table) {
    if (table.filter((e) => e.id === entry.id).length > 1) problems.push(`id ${entry.id} appears twice`);
    for (const prefix of entry.prefixes) {
      if (!/^\/([a-z0-9-]+(\/[a-z0-9-]+)*)?$/.test(prefix))
        problems.push(`${entry.id}: bad prefix ${prefix}`);
      const other = owner.get(prefix);
      if (other !== undefined) problems.push(`${prefix} is routed to both ${other} and ${entry.id}`);
      owner.set(prefix, entry.id);
    }
  }
  return [...new Set(problems)];
}
