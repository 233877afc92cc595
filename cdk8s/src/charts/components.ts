// One cdk8s Chart per Phoenix component (operator, api, agent, workers, sms-router), each a
// PhoenixWorkload wired to its values, its env, its key sets, its RBAC and its network peers.
import { Chart } from "cdk8s";
import type { App } from "cdk8s";
// A relative import: the operator workspace exports no modules, and its RBAC must be written once.
import { clusterRules, namespaceRules } from "../../../operators/phoenix-operator/src/rbac.ts";
import { twilioNumberResource, keyRotationResource } from "@phoenix/crds";
import { release } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { Grant } from "../constructs/rbac.ts";
import { commonLabels } from "../constructs/labels.ts";
import type { Rule } from "../constructs/zones.ts";
import { dataEnv, kernelEnv, phoenixComponent, twilioEnv } from "./workloads.ts";

export const ports = { api: 8000, agent: 8001, workers: 8002, smsRouter: 8003, operator: 8080 } as const;

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

const chartProps = { disableResourceNameHashes: true } as const;

export class OperatorChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "operator", chartProps);
    const port = ports.operator;
    phoenixComponent(this, k, {
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
        { name: "PUBLIC_BASE_URL", value: k.str("global.publicBaseUrl") },
      ],
      ingress: [fromZone("monitoring", port)],
      egress: [toApiServer(k), toInternet(k), toTracing],
    });
    const labels = commonLabels("phoenix-operator", "operator");
    // The same rules the operator's integration tests bind (operators/phoenix-operator/src/rbac.ts).
    new Grant(this, "cluster-access", {
      serviceAccount: "phoenix-operator",
      rules: clusterRules,
      clusterWide: true,
      labels,
    });
    new Grant(this, "leader-election", { serviceAccount: "phoenix-operator", rules: namespaceRules, labels });
  }
}

export class ApiChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "api", chartProps);
    const port = ports.api;
    phoenixComponent(this, k, {
      key: "api",
      component: "api",
      port,
      kubernetesApiAccess: true,
      keySets: [keySet(k, "jwt"), keySet(k, "internal")],
      env: [...kernelEnv(k, "phoenix-api", port), ...dataEnv(k), keySetEnv("jwt"), keySetEnv("internal")],
      ingress: [fromZone("edge", port), fromZone("monitoring", port), fromTests(port)],
      egress: [toData, toTracing, toApiServer(k), toInternet(k)],
    });
    // Users' numbers are TwilioNumber CRs the API creates and deletes; admins read and trigger
    // key rotations (the phoenix.dev/rotate annotation). Nothing else.
    new Grant(this, "access", {
      serviceAccount: "phoenix-api",
      labels: commonLabels("phoenix-api", "api"),
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
    });
  }
}

export class AgentChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "agent", chartProps);
    const port = ports.agent;
    phoenixComponent(this, k, {
      key: "agent",
      component: "agent",
      port,
      queueScaling: true,
      keySets: [keySet(k, "internal")],
      env: [...kernelEnv(k, "phoenix-agent", port), ...dataEnv(k), keySetEnv("internal")],
      ingress: [fromZone("monitoring", port)],
      // Internet: the optional OpenAI-compatible LLM provider.
      egress: [toData, toTracing, toInternet(k)],
    });
  }
}

export class WorkersChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "workers", chartProps);
    const port = ports.workers;
    phoenixComponent(this, k, {
      key: "workers",
      component: "workers",
      port,
      queueScaling: true,
      keySets: [keySet(k, "internal")],
      env: [...kernelEnv(k, "phoenix-workers", port), ...dataEnv(k), ...twilioEnv(k), keySetEnv("internal")],
      ingress: [fromZone("monitoring", port)],
      egress: [toData, toTracing, toInternet(k)],
    });
  }
}

export class SmsRouterChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "sms-router", chartProps);
    const port = ports.smsRouter;
    phoenixComponent(this, k, {
      key: "smsRouter",
      component: "sms-router",
      port,
      keySets: [keySet(k, "internal")],
      env: [
        ...kernelEnv(k, "phoenix-sms-router", port),
        ...dataEnv(k),
        ...twilioEnv(k),
        { name: "PUBLIC_BASE_URL", value: k.str("global.publicBaseUrl") },
        keySetEnv("internal"),
      ],
      ingress: [fromZone("edge", port), fromZone("monitoring", port), fromTests(port)],
      egress: [toData, toTracing],
    });
  }
}
