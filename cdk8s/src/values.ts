// The phoenix chart's values: the SRE-facing knobs, declared once with their defaults and
// descriptions (→ values.yaml, values.schema.json, the TypeScript type of the environment files).
import { s } from "./helm/schema.ts";
import type { Infer } from "./helm/schema.ts";

interface WorkloadDefaults {
  readonly description: string;
  readonly enabled: boolean;
  readonly replicas: number;
  readonly cpu: string;
  readonly memory: string;
  /** Largest V8 semi-space in MiB: the young generation is up to three of them. */
  readonly semiSpaceMiB: number;
}

const resources = (cpu: string, memory: string) =>
  s.group("Container requests and limits (memory limit = request: no overcommit on memory).", {
    requests: s.group("Scheduling requests.", {
      cpu: s.quantity(cpu, "CPU request."),
      memory: s.quantity(memory, "Memory request."),
    }),
    limits: s.group("Hard limits.", {
      cpu: s.quantity(`${Number.parseInt(cpu, 10) * 4}m`, "CPU limit (throttling, not eviction)."),
      memory: s.quantity(memory, "Memory limit (OOM kill above it)."),
    }),
  });

const workload = (d: WorkloadDefaults) => ({
  enabled: s.bool(d.enabled, `Deploy ${d.description}.`),
  image: s.group("Image of this component (registry and default tag under global.image).", {
    repository: s.str("", "Repository under global.image.registry; empty: phoenix-<component>."),
    tag: s.str("", "Tag; empty: global.image.tag."),
  }),
  replicas: s.int(d.replicas, "Replicas when no autoscaler owns the count.", { minimum: 0 }),
  resources: resources(d.cpu, d.memory),
  nodeOptions: s.str(
    `--max-old-space-size-percentage=60 --max-semi-space-size=${d.semiSpaceMiB}`,
    "NODE_OPTIONS: the V8 old space as a share of the memory limit (the rest is young generation, code and buffers) and the young generation's semi-space in MiB (too small a one makes the GC promote short-lived objects and run full collections; see ADR 0011).",
  ),
  autoscaling: s.group("HorizontalPodAutoscaler on CPU utilisation.", {
    enabled: s.bool(false, "Create the HPA (the Deployment then leaves replicas to it)."),
    minReplicas: s.int(2, "Lower bound.", { minimum: 1 }),
    maxReplicas: s.int(6, "Upper bound.", { minimum: 1 }),
    targetCPUUtilizationPercentage: s.int(70, "Average CPU utilisation to hold.", {
      minimum: 1,
      maximum: 100,
    }),
  }),
  pdb: s.group("PodDisruptionBudget.", {
    maxUnavailable: s.int(1, "Pods a voluntary disruption (drain) may take down at once.", { minimum: 0 }),
  }),
  topologySpread: s.bool(false, "HA: spread replicas across zones (topology.kubernetes.io/zone)."),
  podAnnotations: s.stringMap({}, "Extra pod annotations."),
  nodeSelector: s.stringMap({}, "Node selector."),
  tolerations: s.objectList([], "Tolerations."),
});

const queueScaling = (queue: string) =>
  s.group("KEDA ScaledObject on the BullMQ queue depth (needs keda.enabled; replaces the CPU HPA).", {
    enabled: s.bool(false, "Scale on queue depth."),
    queue: s.str(queue, "BullMQ queue whose waiting list (bull:<queue>:wait) is measured."),
    listLength: s.int(50, "Waiting jobs per replica.", { minimum: 1 }),
    minReplicas: s.int(1, "Lower bound.", { minimum: 0 }),
    maxReplicas: s.int(10, "Upper bound.", { minimum: 1 }),
    pollingInterval: s.int(15, "Seconds between queue measurements.", { minimum: 1 }),
  });

const keyRotation = (secretName: string, algorithm: "ES256" | "HS256", interval: string) =>
  s.group("KeyRotation policy (see the KeyRotation CRD for the constraints between durations).", {
    secretName: s.str(secretName, "Secret holding the key set (keyset.json), mounted into the services."),
    algorithm: s.str(algorithm, "Key algorithm."),
    rotationInterval: s.str(interval, "How often a new key becomes active."),
    overlap: s.str("30m", "How long a replaced key keeps verifying."),
  });

export const phoenixValues = s.group("Phoenix: operator and services.", {
  global: s.group("Settings every component shares.", {
    image: s.group("Images: <registry>/<repository>:<tag>.", {
      registry: s.str("ghcr.io/phoenix", "Registry (and path) of the Phoenix images."),
      tag: s.str("0.1.0", "Default tag of every Phoenix image."),
      pullPolicy: s.enumOf(["Always", "IfNotPresent", "Never"], "IfNotPresent", "Image pull policy."),
    }),
    imagePullSecrets: s.objectList([], "Pull secrets, e.g. [{name: regcred}]."),
    logLevel: s.enumOf(
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
      "info",
      "LOG_LEVEL of every component.",
    ),
    otlpEndpoint: s.str(
      "http://jaeger-collector.phoenix-monitoring:4318",
      "OTLP/HTTP endpoint for traces; empty disables export.",
    ),
    publicBaseUrl: s.str(
      "https://app.phoenix.example",
      "The one public origin (https://<hosts.app>): Twilio signs it + /twilio/… (the router checks against it), the web app's canonical links, the API's Checkout return URL.",
    ),
  }),
  database: s.group(
    "PostgreSQL: the services connect as a data-only role, the migrate Job as the schema's owner (docs/decisions/0009).",
    {
      secretName: s.str(
        "phoenix-db-service",
        "Secret with the services' connection URI, as the data-only role (phoenix-platform's postgres.serviceRole).",
      ),
      uriKey: s.str("uri", "Key of the URI in that Secret."),
      serviceRole: s.str(
        "phoenix_app",
        "The services' role: the migrate Job grants it data privileges only.",
      ),
      owner: s.group("The schema's owner, used by the migrate Job only.", {
        secretName: s.str(
          "phoenix-db-app",
          "Secret with the owner's connection URI (CloudNativePG's <cluster>-app Secret, copied into this namespace).",
        ),
        uriKey: s.str("uri", "Key of the URI in that Secret."),
      }),
    },
  ),
  migrations: s.group(
    "The migrate Job: a Helm pre-install/pre-upgrade hook that migrates the schema as its owner and grants the services' role, before any Deployment rolls.",
    {
      enabled: s.bool(true, "Run the migrate Job (off only if the schema is migrated some other way)."),
      image: s.group("Image with the migrate entry point (every service image has it).", {
        repository: s.str(
          "",
          "Repository under global.image.registry; empty: phoenix-api (phoenix-sms-router without the API).",
        ),
        tag: s.str("", "Tag; empty: global.image.tag."),
      }),
      backoffLimit: s.int(2, "Retries of a failed migration pod.", { minimum: 0 }),
      activeDeadlineSeconds: s.int(600, "The Job (and so the install or upgrade) fails after this long.", {
        minimum: 1,
      }),
    },
  ),
  redis: s.group("Valkey/Redis through Sentinel.", {
    sentinels: s.str(
      "valkey-sentinel.phoenix-data:26379",
      "Sentinel addresses, host:port[,host:port…] (REDIS_SENTINELS).",
    ),
    masterName: s.str("phoenix", "Sentinel master set name."),
    passwordSecret: s.str("phoenix-redis", "Secret holding the Redis password (optional)."),
    passwordKey: s.str("password", "Key of the password in that Secret."),
  }),
  twilio: s.group("Twilio account (the credentials stay in a Secret).", {
    baseUrl: s.str("https://api.twilio.com", "Twilio REST base URL (the emulator's in dev)."),
    pricingUrl: s.str(
      "https://pricing.twilio.com",
      "Twilio Pricing API base URL: the operator records each number's monthly price from it (the emulator's in dev).",
    ),
    secretName: s.str("phoenix-twilio", "Secret with account-sid and auth-token."),
  }),
  secrets: s.group("Dev only: create the Secrets above from these values (use a secret manager elsewhere).", {
    create: s.bool(
      false,
      "Create the database (service role and owner), phoenix-redis and phoenix-twilio Secrets from the values below.",
    ),
    databaseUri: s.str("", "The services' DATABASE_URL (the data-only role)."),
    databaseOwnerUri: s.str(
      "",
      "The owner's DATABASE_URL, for the migrate Job (a hook Secret, deleted once it succeeded).",
    ),
    redisPassword: s.str("", "Redis password."),
    twilioAccountSid: s.str("", "Twilio account SID (AC…)."),
    twilioAuthToken: s.str("", "Twilio auth token."),
  }),
  operator: s.group("phoenix-operator (TwilioNumber, KeyRotation).", {
    ...workload({
      description: "the operator",
      enabled: true,
      replicas: 1,
      cpu: "100m",
      // 10,000 TwilioNumbers peaked at 272 MiB RSS (make bench-operator, ADR 0011).
      memory: "384Mi",
      semiSpaceMiB: 16,
    }),
    watchNamespace: s.str("", "Reconcile only this namespace; empty: all namespaces."),
    concurrency: s.int(16, "Reconciles in flight.", { minimum: 1 }),
  }),
  api: s.group("services/api, the public REST API (accounts, numbers, billing, GDPR, admin).", {
    ...workload({
      description: "the API",
      enabled: true,
      replicas: 2,
      cpu: "200m",
      memory: "256Mi",
      semiSpaceMiB: 8,
    }),
    trustProxyHops: s.int(
      1,
      "Proxies in front of the API whose X-Forwarded-For is trusted (the gateway: 1).",
    ),
    stripe: s.group("Billing through Stripe; without the Secret, billing routes answer 503.", {
      secretName: s.str("phoenix-stripe", "Secret with keys secret-key and webhook-secret (optional)."),
      premiumPriceId: s.str(
        "",
        "Stripe price of the premium plan (price_…); empty: looked up by lookup key.",
      ),
    }),
  }),
  agent: s.group("services/agent, the assistant engine.", {
    ...workload({
      description: "the agent",
      enabled: true,
      replicas: 2,
      cpu: "200m",
      memory: "256Mi",
      semiSpaceMiB: 8,
    }),
    keda: queueScaling("inbound"),
  }),
  workers: s.group("services/workers, BullMQ workers (outbound SMS, reminders, nudges).", {
    ...workload({
      description: "the workers",
      enabled: true,
      replicas: 2,
      cpu: "200m",
      memory: "256Mi",
      semiSpaceMiB: 8,
    }),
    keda: queueScaling("outbound"),
  }),
  smsRouter: s.group("services/sms-router, the Twilio webhooks.", {
    ...workload({
      description: "the SMS router",
      enabled: true,
      replicas: 2,
      cpu: "200m",
      memory: "192Mi",
      semiSpaceMiB: 8,
    }),
  }),
  web: s.group(
    "services/web, the web app: public pages (fr, en) and the signed-in client; no database, no Redis.",
    {
      ...workload({
        description: "the web app",
        enabled: true,
        replicas: 2,
        cpu: "100m",
        memory: "160Mi",
        semiSpaceMiB: 4,
      }),
    },
  ),
  iris: s.group(
    "services/iris: the coach Alessio in chat (SSE) and the journal; Postgres, Redis, the API's JWT key set, optional LLM providers.",
    {
      ...workload({
        description: "iris",
        enabled: true,
        replicas: 2,
        cpu: "200m",
        memory: "256Mi",
        semiSpaceMiB: 8,
      }),
      llm: s.group(
        "The coach's LLM providers; without the Secret, the coach answers from its scripted flows.",
        {
          secretName: s.str(
            "phoenix-llm",
            "Secret whose key providers is LLM_PROVIDERS: a JSON array of OpenAI-compatible providers, tried in order (optional).",
          ),
        },
      ),
      quota: s.group("Chat messages a day per plan (UTC day).", {
        freePerDay: s.int(30, "Free plan.", { minimum: 1 }),
        premiumPerDay: s.int(500, "Premium plan.", { minimum: 1 }),
      }),
    },
  ),
  career: s.group(
    "services/career: CVs, cover letters and Mirror Match (PDF/DOCX rendered in-process by Typst); Postgres, Redis (monthly quotas), the API's JWT key set; optionally Stripe (entitlements, with the API's key) and LLM providers (the letter rewrite).",
    {
      ...workload({
        description: "career",
        enabled: true,
        replicas: 2,
        cpu: "200m",
        memory: "384Mi",
        semiSpaceMiB: 8,
      }),
      llm: s.group("The letter rewrite's LLM providers; without the Secret, letters are not rewritten.", {
        secretName: s.str(
          "phoenix-llm",
          "Secret whose key providers is LLM_PROVIDERS: a JSON array of OpenAI-compatible providers, tried in order (optional; by default iris's).",
        ),
      }),
      quota: s.group("The free plan's allowance per calendar month (UTC), raised by Stripe's entitlements.", {
        freeLettersPerMonth: s.int(3, "Letters generated from a template.", { minimum: 0 }),
        freeCvsPerMonth: s.int(1, "CVs created, imported or uploaded.", { minimum: 0 }),
        failMode: s.enumOf(
          ["open", "closed"],
          "closed",
          "When Redis cannot count: open serves anyway, closed refuses with 503.",
        ),
      }),
    },
  ),
  keys: s.group("KeyRotation custom resources for the key sets the services mount.", {
    enabled: s.bool(true, "Create the KeyRotation CRs (needs the phoenix-crds chart)."),
    jwt: keyRotation("phoenix-jwt-keys", "ES256", "720h"),
    internal: keyRotation("phoenix-internal-keys", "HS256", "720h"),
  }),
  serviceMonitor: s.group("Prometheus Operator ServiceMonitors (needs its CRDs).", {
    enabled: s.bool(false, "Create a ServiceMonitor per component."),
    interval: s.str("30s", "Scrape interval."),
  }),
  prometheusRule: s.group(
    "PrometheusRules with the SLO burn-rate and cause alerts of @phoenix/observability (needs the Prometheus Operator's CRDs).",
    {
      enabled: s.bool(false, "Create the PrometheusRules phoenix-slos and phoenix-causes."),
      labels: s.stringMap(
        {},
        "Extra labels, e.g. the release label a kube-prometheus-stack ruleSelector matches.",
      ),
    },
  ),
  grafanaDashboards: s.group(
    'ConfigMaps with the Grafana dashboards of @phoenix/observability, labelled grafana_dashboard: "1" for the Grafana sidecar (kube-prometheus-stack\'s grafana.sidecar.dashboards).',
    {
      enabled: s.bool(false, "Create one ConfigMap per dashboard (dashboards/grafana/*.json)."),
      folder: s.str(
        "Phoenix",
        "Grafana folder, as the grafana_folder annotation the sidecar's folderAnnotation reads.",
      ),
      labels: s.stringMap({}, "Extra labels on the ConfigMaps."),
    },
  ),
  keda: s.group("KEDA (needs its CRDs).", {
    enabled: s.bool(false, "Allow the per-component keda.enabled ScaledObjects."),
  }),
  networkPolicy: s.group(
    "Zone NetworkPolicies (namespaces labelled phoenix.dev/zone): default deny, explicit allows.",
    {
      enabled: s.bool(true, "Create the apps-zone policies."),
      apiServerCidr: s.str("0.0.0.0/0", "Where the operator and the API may reach the kube-apiserver."),
      apiServerPort: s.int(6443, "kube-apiserver port as the pods see it (after DNAT).", { minimum: 1 }),
      externalCidr: s.str(
        "0.0.0.0/0",
        "Internet egress (Twilio, Stripe, LLM) for the components that need it.",
      ),
      externalExcept: s.stringList(
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
        "Ranges excluded from that egress (the cluster's own networks).",
      ),
    },
  ),
  hosts: s.group("Public host names.", {
    app: s.str(
      "app.phoenix.example",
      "The one origin of every route (web at /, the API at /v1, Twilio's webhooks at /twilio; routes/table.ts): must be global.publicBaseUrl's host.",
    ),
  }),
  gateway: s.group("Gateway API HTTPRoutes (Envoy Gateway or any implementation).", {
    enabled: s.bool(false, "Create HTTPRoutes (needs the Gateway API CRDs)."),
    name: s.str("phoenix", "Parent Gateway name."),
    namespace: s.str("phoenix-edge", "Parent Gateway namespace."),
    sectionName: s.str("https", "Gateway listener to attach to; empty: all."),
  }),
  ingress: s.group("Classic Ingress, for clusters with an Ingress controller instead of a Gateway.", {
    enabled: s.bool(false, "Create Ingresses."),
    className: s.str("", "IngressClass name; empty: the cluster default."),
    annotations: s.stringMap({}, "Controller-specific annotations."),
    tlsSecretName: s.str("", "Secret with the TLS certificate; empty: no TLS section."),
  }),
  tests: s.group("`helm test` hook.", {
    enabled: s.bool(true, "Install the readiness test Job."),
  }),
});

export type PhoenixValues = Infer<typeof phoenixValues>;
