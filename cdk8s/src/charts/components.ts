// One cdk8s Chart per Phoenix component (operator, api, agent, workers, sms-router), each a
// PhoenixWorkload wired to its values, its env, its key sets, its RBAC and its network peers.
import { Chart } from "cdk8s";
import type { App } from "cdk8s";
// A relative import: the operator workspace exports no modules, and its RBAC must be written once.
import { clusterRules, namespaceRules } from "../../../operators/phoenix-operator/src/rbac.ts";
import { twilioNumberResource, keyRotationResource } from "@phoenix/crds";
import { leaderElectionRule } from "@phoenix/kube/lease";
import { release } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { Grant } from "../constructs/rbac.ts";
import type { GrantProps } from "../constructs/rbac.ts";
import { commonLabels, selectorLabels } from "../constructs/labels.ts";
import type { Rule } from "../constructs/zones.ts";
import { dataEnv, fromSecret, kernelEnv, phoenixComponent, twilioEnv } from "./workloads.ts";
import type { ComponentSpec } from "./workloads.ts";
import { MonitoringChart } from "./monitoring.ts";

import { ports } from "../ports.ts";

export { ports };

/** Where the key sets are mounted; the services read <dir>/keyset.json (docs/keyset-format.md). */
export const keySetDirs = {
  jwt: "/var/run/secrets/phoenix/jwt-keys",
  internal: "/var/run/secrets/phoenix/internal-keys",
} as const;

const fromZone = (zone: "edge" | "monitoring", port: number): Rule => ({ peers: [{ zone }], ports: [{ port }] });
const fromTests = (port: number): Rule => ({
  peers: [{ pods: { "app.kubernetes.io/component": "test", "app.kubernetes.io/instance": release.name } }],
  ports: [{ port }],
});
// The web pods read the plans from the API (the pricing page), through its Service: both ends.
const fromWeb: Rule = { peers: [{ pods: selectorLabels("phoenix-web") }], ports: [{ port: ports.api }] };
const toApi: Rule = { peers: [{ pods: selectorLabels("phoenix-api") }], ports: [{ port: ports.api }] };
const toData: Rule = { peers: [{ zone: "data" }], ports: [{ port: 5432 }, { port: 6379 }, { port: 26379 }] };
const toTracing: Rule = { peers: [{ zone: "monitoring" }], ports: [{ port: 4317 }, { port: 4318 }] };
const toApiServer = (k: Knobs): Rule => ({
  peers: [{ cidr: k.str("networkPolicy.apiServerCidr") }],
  ports: [{ port: k.int("networkPolicy.apiServerPort") }],
});
const toInternet = (k: Knobs): Rule => ({
  peers: [{ cidr: k.str("networkPolicy.externalCidr"), except: k.block("networkPolicy.externalExcept") }],
  ports: [{ port: 443 }],
});

const keySet = (k: Knobs, which: "jwt" | "internal") => ({
  name: `${which}-keys`,
  secretName: k.str(`keys.${which}.secretName`),
  mountPath: keySetDirs[which],
});
const keySetEnv = (which: "jwt" | "internal") => ({
  name: `${which.toUpperCase()}_KEYSET_DIR`,
  value: keySetDirs[which],
});

type ComponentGrant = Omit<GrantProps, "labels"> & { readonly id: string };

/** One cdk8s Chart per component: its workload (with policy and conditions) and its RBAC. */
export class ComponentChart extends Chart {
  constructor(app: App, k: Knobs, spec: ComponentSpec, grants: readonly ComponentGrant[] = []) {
    super(app, spec.component, { disableResourceNameHashes: true });
    phoenixComponent(this, k, spec);
    const labels = commonLabels(`phoenix-${spec.component}`, spec.component);
    for (const { id, ...grant } of grants) new Grant(this, id, { ...grant, labels });
  }
}

function operator(k: Knobs): ComponentSpec {
  const port = ports.operator;
  return {
    key: "operator",
    component: "operator",
    port,
    kubernetesApiAccess: true,
    env: [
      ...kernelEnv(k, "phoenix-operator", port),
      { name: "WATCH_NAMESPACE", value: k.str("operator.watchNamespace") },
      { name: "LEADER_ELECTION_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
      { name: "CONCURRENCY", value: k.expr(".Values.operator.concurrency | toString | quote") },
      ...twilioEnv(k),
      { name: "TWILIO_PRICING_URL", value: k.str("twilio.pricingUrl") },
      { name: "PUBLIC_BASE_URL", value: k.str("global.publicBaseUrl") },
    ],
    ingress: [fromZone("monitoring", port)],
    egress: [toApiServer(k), toInternet(k), toTracing],
  };
}

// The same rules the operator's integration tests bind (operators/phoenix-operator/src/rbac.ts).
const operatorGrants: ComponentGrant[] = [
  { id: "cluster-access", serviceAccount: "phoenix-operator", rules: clusterRules, clusterWide: true },
  { id: "leader-election", serviceAccount: "phoenix-operator", rules: namespaceRules },
];

function api(k: Knobs): ComponentSpec {
  const port = ports.api;
  return {
    key: "api",
    component: "api",
    port,
    kubernetesApiAccess: true,
    keySets: [keySet(k, "jwt"), keySet(k, "internal")],
    env: [
      ...kernelEnv(k, "phoenix-api", port),
      ...dataEnv(k),
      keySetEnv("jwt"),
      keySetEnv("internal"),
      // Users' TwilioNumbers and the KeyRotations live in the release's namespace.
      { name: "NUMBERS_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
      { name: "KEY_ROTATION_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
      { name: "TRUST_PROXY_HOPS", value: k.expr(".Values.api.trustProxyHops | toString | quote") },
      // The one origin; Checkout and the Portal return to its /app/billing (BILLING_*_PATH).
      { name: "PUBLIC_APP_URL", value: k.str("global.publicBaseUrl") },
      fromSecret("STRIPE_SECRET_KEY", k.str("api.stripe.secretName"), "secret-key", true),
      fromSecret("STRIPE_WEBHOOK_SECRET", k.str("api.stripe.secretName"), "webhook-secret", true),
      { name: "STRIPE_PREMIUM_PRICE_ID", value: k.str("api.stripe.premiumPriceId") },
      // GET /v1/plans lists the free plan as career and iris enforce it: the same values.
      ...careerFreeEnv(k),
      irisFreeEnv(k),
    ],
    ingress: [fromZone("edge", port), fromZone("monitoring", port), fromTests(port), fromWeb],
    egress: [toData, toTracing, toApiServer(k), toInternet(k)],
  };
}

/** The free plan's letters and CVs a month (career.quota), given to career and to the API. */
function careerFreeEnv(k: Knobs) {
  return [
    {
      name: "CAREER_FREE_LETTERS_PER_MONTH",
      value: k.expr(".Values.career.quota.freeLettersPerMonth | toString | quote"),
    },
    { name: "CAREER_FREE_CVS_PER_MONTH", value: k.expr(".Values.career.quota.freeCvsPerMonth | toString | quote") },
  ];
}

/** The free plan's coach messages a day (iris.quota), given to iris and to the API. */
function irisFreeEnv(k: Knobs) {
  return { name: "IRIS_QUOTA_FREE_PER_DAY", value: k.expr(".Values.iris.quota.freePerDay | toString | quote") };
}

// Users' numbers are TwilioNumber CRs the API creates and deletes; admins read and trigger key
// rotations (the phoenix.dev/rotate annotation). Nothing else.
const apiGrants: ComponentGrant[] = [
  {
    id: "access",
    serviceAccount: "phoenix-api",
    rules: [
      {
        apiGroups: [twilioNumberResource.group],
        resources: [twilioNumberResource.plural],
        verbs: ["get", "list", "watch", "create", "delete"],
      },
      {
        apiGroups: [keyRotationResource.group],
        resources: [keyRotationResource.plural],
        verbs: ["get", "list", "patch"],
      },
    ],
  },
];

/** services/web: stateless, talks to the API only (server-side, for the pricing page's plans). */
function web(k: Knobs): ComponentSpec {
  const port = ports.web;
  return {
    key: "web",
    component: "web",
    port,
    env: [
      ...kernelEnv(k, "phoenix-web", port),
      { name: "API_INTERNAL_URL", value: `http://phoenix-api:${ports.api}` },
      { name: "PUBLIC_BASE_URL", value: k.str("global.publicBaseUrl") },
    ],
    ingress: [fromZone("edge", port), fromZone("monitoring", port), fromTests(port)],
    egress: [toApi, toTracing],
  };
}

/**
 * services/iris: chat and journal behind the edge (SSE), on Postgres and Redis (the workers' queues:
 * a reminder set in chat fires by SMS), verifying the API's access tokens with the JWT key set;
 * the internet (443) for cloud LLM providers, whose list comes from an optional Secret.
 */
function iris(k: Knobs): ComponentSpec {
  const port = ports.iris;
  return {
    key: "iris",
    component: "iris",
    port,
    keySets: [keySet(k, "jwt")],
    env: [
      ...kernelEnv(k, "phoenix-iris", port),
      ...dataEnv(k),
      keySetEnv("jwt"),
      fromSecret("LLM_PROVIDERS", k.str("iris.llm.secretName"), "providers", true),
      irisFreeEnv(k),
      { name: "IRIS_QUOTA_PREMIUM_PER_DAY", value: k.expr(".Values.iris.quota.premiumPerDay | toString | quote") },
    ],
    ingress: [fromZone("edge", port), fromZone("monitoring", port), fromTests(port)],
    egress: [toData, toTracing, toInternet(k)],
  };
}

/**
 * services/career: CVs, letters and Mirror Match behind the edge, on Postgres and Redis (the monthly
 * quotas, the LLM token budget), verifying the API's access tokens with the JWT key set; PDFs are
 * rendered in-process (Typst, its fonts built into the module). The internet (443) for Stripe (the
 * users' entitlements, read with the API's key, optional) and cloud LLM providers (the letter
 * rewrite, optional Secret).
 */
function career(k: Knobs): ComponentSpec {
  const port = ports.career;
  return {
    key: "career",
    component: "career",
    port,
    keySets: [keySet(k, "jwt")],
    env: [
      ...kernelEnv(k, "phoenix-career", port),
      ...dataEnv(k),
      keySetEnv("jwt"),
      ...careerFreeEnv(k),
      { name: "CAREER_QUOTA_FAIL_MODE", value: k.str("career.quota.failMode") },
      fromSecret("STRIPE_SECRET_KEY", k.str("api.stripe.secretName"), "secret-key", true),
      fromSecret("LLM_PROVIDERS", k.str("career.llm.secretName"), "providers", true),
    ],
    ingress: [fromZone("edge", port), fromZone("monitoring", port), fromTests(port)],
    egress: [toData, toTracing, toInternet(k)],
  };
}

type Worker = "agent" | "workers" | "smsRouter";

/**
 * The three SMS-path services: Postgres, Redis, traces, the internal key set. The workers also send
 * through Twilio (status callbacks to the public URL) and mirror TwilioNumber CRs into Postgres
 * (docs/decisions/0007), so they read those from the API server.
 */
function smsPath(k: Knobs, key: Worker): ComponentSpec {
  const component = key === "smsRouter" ? "sms-router" : key;
  const port = ports[key];
  const twilio = key === "agent" ? [] : twilioEnv(k);
  const publicUrl = key === "agent" ? [] : [{ name: "PUBLIC_BASE_URL", value: k.str("global.publicBaseUrl") }];
  const numberSync =
    key === "workers"
      ? [
          { name: "NUMBER_SYNC", value: "kubernetes" },
          { name: "NUMBER_SYNC_NAMESPACE", value: k.str("operator.watchNamespace") },
          // One replica writes: the one holding this Lease in the release's namespace.
          { name: "NUMBER_SYNC_LEASE_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        ]
      : [];
  const egress = { agent: [toData, toTracing, toInternet(k)], workers: [toData, toTracing, toInternet(k), toApiServer(k)], smsRouter: [toData, toTracing] }[key];
  return {
    key,
    component,
    port,
    queueScaling: key !== "smsRouter",
    ...(key === "workers" && { kubernetesApiAccess: true }),
    keySets: [keySet(k, "internal")],
    env: [
      ...kernelEnv(k, `phoenix-${component}`, port),
      ...dataEnv(k),
      ...twilio,
      ...publicUrl,
      ...numberSync,
      keySetEnv("internal"),
    ],
    // Twilio's webhooks come through the edge; helm test checks the router's /readyz.
    ingress:
      key === "smsRouter"
        ? [fromZone("edge", port), fromZone("monitoring", port), fromTests(port)]
        : [fromZone("monitoring", port)],
    // Internet: Twilio for the workers, the optional LLM provider for the agent.
    egress,
  };
}

// The workers' number mirror reads TwilioNumbers and holds its Lease; nothing else.
const workersGrants: ComponentGrant[] = [
  { id: "leader-election", serviceAccount: "phoenix-workers", rules: [leaderElectionRule] },
  {
    id: "number-sync",
    serviceAccount: "phoenix-workers",
    rules: [
      {
        apiGroups: [twilioNumberResource.group],
        resources: [twilioNumberResource.plural],
        verbs: ["get", "list", "watch"],
      },
    ],
    clusterWide: true,
  },
];

/** The component charts, then the PrometheusRules that watch them (charts/monitoring.ts). */
export function componentCharts(app: App, k: Knobs): Chart[] {
  return [
    new ComponentChart(app, k, operator(k), operatorGrants),
    new ComponentChart(app, k, api(k), apiGrants),
    new ComponentChart(app, k, smsPath(k, "agent")),
    new ComponentChart(app, k, smsPath(k, "workers"), workersGrants),
    new ComponentChart(app, k, smsPath(k, "smsRouter")),
    new ComponentChart(app, k, web(k)),
    new ComponentChart(app, k, iris(k)),
    new ComponentChart(app, k, career(k)),
    new MonitoringChart(app, k),
  ];
}
