// The platform chart's Alloy pipeline: the Phoenix pods' stdout (pino JSON, packages/kernel/src/log.ts)
// to Loki, as tools/log-shipper.ts ships the local processes' files to VictoriaLogs over the same
// Loki push API. The ConfigMap is the platform chart's own (rendered and tested offline); the Alloy
// subchart mounts it (alloy.alloy.configMap.create false, name and key: platform-values.ts).
import { ApiObject, Chart } from "cdk8s";
import type { App } from "cdk8s";
import { onlyIf } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { commonLabels } from "../constructs/labels.ts";

export interface PipelineParams {
  /** Label selector (`key=value`) of the pods whose logs are shipped. */
  readonly podSelector: string;
  /** An Alloy string literal (quoted) for loki.write's endpoint URL. */
  readonly url: string;
  /** An Alloy string literal (quoted) for the tenant (X-Scope-OrgID). */
  readonly tenant: string;
}

/** pino's numeric levels; the kernel writes names already, other pino loggers may not. */
const pinoLevels: Record<string, string> = {
  "10": "trace",
  "20": "debug",
  "30": "info",
  "40": "warn",
  "50": "error",
  "60": "fatal",
};

const alloyString = (text: string) => JSON.stringify(text);

/** The pipeline in Alloy syntax. `url` and `tenant` are inserted as given (Alloy literals). */
export function alloyPipeline({ podSelector, url, tenant }: PipelineParams): string {
  return discovery(podSelector) + processing(url, tenant);
}

/** Discovery of the selected pods, their labels, and tailing through the API server. */
function discovery(podSelector: string): string {
  const [key = "", value = ""] = podSelector.split("=");
  const metaLabel = `__meta_kubernetes_pod_label_${key.replace(/[^a-zA-Z0-9_]/g, "_")}`;
  return `// Phoenix pods' logs to Loki (cdk8s/src/charts/alloy.ts). Lines are pushed unchanged (pino JSON);
// labels: namespace, pod, container, job, service, level; trace_id and span_id are structured
// metadata (one value per request: never labels).
discovery.kubernetes "phoenix_pods" {
  role = "pod"
  selectors {
    role  = "pod"
    label = ${alloyString(podSelector)}
  }
}

discovery.relabel "phoenix_pods" {
  targets = discovery.kubernetes.phoenix_pods.targets
  rule {
    source_labels = [${alloyString(metaLabel)}]
    regex         = ${alloyString(value)}
    action        = "keep"
  }
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  // Until the line's own service field replaces it (lines that are not JSON keep it).
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_component"]
    target_label  = "service"
  }
  rule {
    target_label = "job"
    replacement  = "phoenix"
  }
}

// Tails through the API server (no hostPath: the namespaces enforce Pod Security restricted);
// clustering spreads the pods over Alloy's replicas so each line is read once.
loki.source.kubernetes "phoenix_pods" {
  targets    = discovery.relabel.phoenix_pods.output
  forward_to = [loki.process.phoenix.receiver]
  clustering {
    enabled = true
  }
}
`;
}

/** pino's JSON parsed, labels and structured metadata set, pushed to Loki. */
function processing(url: string, tenant: string): string {
  const levelTemplate =
    Object.entries(pinoLevels)
      .map(([n, name], i) => `{{ ${i === 0 ? "if" : "else if"} eq .Value "${n}" }}${name}`)
      .join("") + "{{ else }}{{ .Value }}{{ end }}";
  return `
loki.process "phoenix" {
  forward_to = [loki.write.loki.receiver]

  stage.json {
    expressions = {
      level    = "level",
      service  = "service",
      trace_id = "trace_id",
      span_id  = "span_id",
      msg      = "msg",
      url      = "req.url",
    }
  }

  // pino's numeric levels to their names; names pass through.
  stage.template {
    source   = "level"
    template = ${alloyString(levelTemplate)}
  }

  // Health probes and scrapes below warn (the kernel logs them at warn only: normally nothing).
  stage.drop {
    source              = "level,url"
    separator           = ";"
    expression          = "^(trace|debug|info);/(healthz|readyz|metrics)([?].*)?$"
    drop_counter_reason = "health_probe"
  }

  stage.labels {
    values = {
      level   = "",
      service = "",
    }
  }

  stage.structured_metadata {
    values = {
      trace_id = "",
      span_id  = "",
    }
  }
}

loki.write "loki" {
  endpoint {
    url       = ${url}
    tenant_id = ${tenant}
  }
}
`;
}

/** The label every pod of the phoenix chart carries (constructs/labels.ts commonLabels). */
export const phoenixPods = "app.kubernetes.io/part-of=phoenix";

/** The ConfigMap key Alloy reads (alloy.alloy.configMap.key). */
export const pipelineKey = "config.alloy";

/** The Loki gateway of this release when logs.lokiPushUrl is empty (loki subchart: <release>-loki-gateway). */
export const defaultPushUrl = `printf "http://%s-loki-gateway.%s.svc/loki/api/v1/push" .Release.Name .Release.Namespace`;

export class AlloyPipelineChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "alloy", { disableResourceNameHashes: true });
    // Go's quoting (Helm's quote) is a valid Alloy string literal for a URL or a tenant.
    const url = `(${k.path("logs.lokiPushUrl", "string")} | default (${defaultPushUrl}) | quote)`;
    const tenant = `(${k.path("logs.tenant", "string")} | quote)`;
    // Placeholders that cannot occur in the pipeline, replaced by those Helm expressions.
    const text = alloyPipeline({ podSelector: phoenixPods, url: "@@URL@@", tenant: "@@TENANT@@" });
    if (text.includes("`")) throw new Error("the Alloy pipeline must not contain a backtick");
    const parts = text
      .split(/(@@URL@@|@@TENANT@@)/)
      .map((part) => (part === "@@URL@@" ? url : part === "@@TENANT@@" ? tenant : `\`${part}\``));
    new ApiObject(this, "pipeline", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: k.str("alloy.alloy.configMap.name"), labels: commonLabels("phoenix-alloy", "logs") },
      data: { [pipelineKey]: k.expr(`print ${parts.join(" ")} | quote`) },
    });
    onlyIf(this, k.path("alloy.enabled", "boolean"));
  }
}
