// PhoenixWorkload: everything one Phoenix process needs to run in a cluster — a Deployment with
// restricted Pod Security, probes and resources, its Service, ServiceAccount, PDB, CPU HPA,
// optional KEDA queue scaling and ServiceMonitor, key sets mounted as files and a /tmp emptyDir.
// It knows nothing about Helm: the chart passes plain values or knob markers alike.
import { Construct } from "constructs";
import { k8s } from "cdk8s-plus-34";
import { commonLabels, selectorLabels, zoneLabel } from "./labels.ts";
import type { Zone } from "./labels.ts";
import { setLate } from "./late-patch.ts";
import { containerSecurityContext, podSecurityContext } from "./security.ts";
import { ScaledObject, ServiceMonitor, TriggerAuthentication } from "./third-party.ts";

export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** A key set Secret (written by a KeyRotation) mounted read-only as files. */
export interface KeySetMount {
  /** Volume name. */
  readonly name: string;
  readonly secretName: string;
  readonly mountPath: string;
}

export interface QueueScaling {
  /** Comma-separated sentinel addresses. */
  readonly sentinels: string;
  readonly masterName: string;
  /** The Redis list measured, e.g. bull:inbound:wait (BullMQ's waiting jobs). */
  readonly listName: string;
  /** Waiting jobs per replica, as a string (KEDA trigger metadata is string-valued). */
  readonly listLength: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly pollingInterval: number;
  /** Secret and key with the Redis password. */
  readonly passwordSecret: string;
  readonly passwordKey: string;
}

export interface PhoenixWorkloadProps {
  /** Object name, e.g. phoenix-agent. */
  readonly name: string;
  /** app.kubernetes.io/component. */
  readonly component: string;
  readonly image: string;
  /** Default IfNotPresent. */
  readonly imagePullPolicy?: string;
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
  /** HTTP port: /healthz, /readyz, /metrics and the service's API. */
  readonly port: number;
  readonly replicas: number;
  readonly resources: Resources;
  readonly env: k8s.EnvVar[];
  /** NetworkPolicy zone of the pods. Default apps. */
  readonly zone?: Zone;
  /** Mount the ServiceAccount token (only for components that call the Kubernetes API). Default false. */
  readonly kubernetesApiAccess?: boolean;
  readonly keySets?: KeySetMount[];
  /** maxUnavailable of the PodDisruptionBudget. Default 1. */
  readonly maxUnavailable?: number;
  /** "DoNotSchedule" spreads replicas across zones strictly; default "ScheduleAnyway" (best effort). */
  readonly zoneSpread?: string;
  readonly podAnnotations?: Record<string, string>;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  /** CPU HPA bounds. */
  readonly autoscaling: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly targetCpu: number;
  };
  /** KEDA ScaledObject on the BullMQ queue depth; default none. */
  readonly queueScaling?: QueueScaling;
  /** ServiceMonitor scrape interval. */
  readonly scrapeInterval: string;
}

const probe = (path: string, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
  httpGet: { path, port: k8s.IntOrString.fromString("http") },
  periodSeconds,
  failureThreshold,
  timeoutSeconds: 2,
});

export class PhoenixWorkload extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly pdb: k8s.KubePodDisruptionBudget;
  readonly hpa: k8s.KubeHorizontalPodAutoscalerV2;
  readonly serviceMonitor: ServiceMonitor;
  readonly scaledObject?: ScaledObject;
  readonly triggerAuthentication?: TriggerAuthentication;
  readonly selector: Record<string, string>;

  constructor(scope: Construct, id: string, props: PhoenixWorkloadProps) {
    super(scope, id);
    const { name } = props;
    const labels = commonLabels(name, props.component);
    this.selector = selectorLabels(name);
    const metadata = { name, labels };

    this.serviceAccount = new k8s.KubeServiceAccount(this, "service-account", {
      metadata,
      automountServiceAccountToken: props.kubernetesApiAccess ?? false,
    });
    this.deployment = new k8s.KubeDeployment(this, "deployment", {
      metadata,
      spec: {
        replicas: props.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: this.selector },
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromString("25%"),
            maxUnavailable: k8s.IntOrString.fromNumber(0),
          },
        },
        template: {
          metadata: { labels: { ...labels, [zoneLabel]: props.zone ?? "apps" } },
          spec: this.podSpec(props),
        },
      },
    });
    // Lists and maps may be knob markers: set after the typed serialisation (late-patch.ts).
    const pod = "/spec/template";
    setLate(this.deployment, `${pod}/metadata/annotations`, props.podAnnotations ?? {});
    setLate(this.deployment, `${pod}/spec/imagePullSecrets`, props.imagePullSecrets ?? []);
    setLate(this.deployment, `${pod}/spec/nodeSelector`, props.nodeSelector ?? {});
    setLate(this.deployment, `${pod}/spec/tolerations`, props.tolerations ?? []);
    this.service = new k8s.KubeService(this, "service", {
      metadata,
      spec: {
        type: "ClusterIP",
        selector: this.selector,
        ports: [{ name: "http", port: props.port, targetPort: k8s.IntOrString.fromString("http") }],
      },
    });
    this.pdb = new k8s.KubePodDisruptionBudget(this, "pdb", {
      metadata,
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(props.maxUnavailable ?? 1),
        selector: { matchLabels: this.selector },
      },
    });
    this.hpa = this.cpuAutoscaler(props, metadata);
    this.serviceMonitor = new ServiceMonitor(this, "service-monitor", {
      metadata,
      spec: {
        selector: { matchLabels: this.selector },
        endpoints: [{ port: "http", path: "/metrics", interval: props.scrapeInterval }],
      },
    });
    if (props.queueScaling) {
      this.triggerAuthentication = new TriggerAuthentication(this, "trigger-auth", {
        metadata,
        spec: {
          secretTargetRef: [
            {
              parameter: "password",
              name: props.queueScaling.passwordSecret,
              key: props.queueScaling.passwordKey,
            },
            {
              parameter: "sentinelPassword",
              name: props.queueScaling.passwordSecret,
              key: props.queueScaling.passwordKey,
            },
          ],
        },
      });
      this.scaledObject = this.queueAutoscaler(name, props.queueScaling, metadata);
    }
  }

  private podSpec(props: PhoenixWorkloadProps): k8s.PodSpec {
    const keySets = props.keySets ?? [];
    return {
      serviceAccountName: props.name,
      automountServiceAccountToken: props.kubernetesApiAccess ?? false,
      securityContext: podSecurityContext,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 30,
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: props.zoneSpread ?? "ScheduleAnyway",
          labelSelector: { matchLabels: this.selector },
        },
      ],
      containers: [
        {
          name: props.component,
          image: props.image,
          imagePullPolicy: props.imagePullPolicy ?? "IfNotPresent",
          ports: [{ name: "http", containerPort: props.port, protocol: "TCP" }],
          env: props.env,
          resources: {
            requests: {
              cpu: k8s.Quantity.fromString(props.resources.requests.cpu),
              memory: k8s.Quantity.fromString(props.resources.requests.memory),
            },
            limits: {
              cpu: k8s.Quantity.fromString(props.resources.limits.cpu),
              memory: k8s.Quantity.fromString(props.resources.limits.memory),
            },
          },
          startupProbe: probe("/healthz", 2, 30),
          livenessProbe: probe("/healthz", 10, 3),
          readinessProbe: probe("/readyz", 5, 2),
          securityContext: containerSecurityContext,
          volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            ...keySets.map((k) => ({ name: k.name, mountPath: k.mountPath, readOnly: true })),
          ],
        },
      ],
      volumes: [
        { name: "tmp", emptyDir: { sizeLimit: k8s.Quantity.fromString("64Mi") } },
        ...keySets.map((k) => ({ name: k.name, secret: { secretName: k.secretName, defaultMode: 0o440 } })),
      ],
    };
  }

  private cpuAutoscaler(props: PhoenixWorkloadProps, metadata: k8s.ObjectMeta) {
    return new k8s.KubeHorizontalPodAutoscalerV2(this, "hpa", {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: props.name },
        minReplicas: props.autoscaling.minReplicas,
        maxReplicas: props.autoscaling.maxReplicas,
        metrics: [
          {
            type: "Resource",
            resource: {
              name: "cpu",
              target: { type: "Utilization", averageUtilization: props.autoscaling.targetCpu },
            },
          },
        ],
      },
    });
  }

  private queueAutoscaler(name: string, q: QueueScaling, metadata: k8s.ObjectMeta): ScaledObject {
    return new ScaledObject(this, "scaled-object", {
      metadata,
      spec: {
        scaleTargetRef: { name },
        minReplicaCount: q.minReplicas,
        maxReplicaCount: q.maxReplicas,
        pollingInterval: q.pollingInterval,
        triggers: [
          {
            type: "redis-sentinel",
            metadata: {
              addresses: q.sentinels,
              sentinelMaster: q.masterName,
              listName: q.listName,
              listLength: q.listLength,
            },
            authenticationRef: { name },
          },
        ],
      },
    });
  }
}
