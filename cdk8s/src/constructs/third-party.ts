// Custom resources of third-party operators, as ApiObjects with the few typed fields we set
// (cdk8s import is not available offline; these are the fields the Phoenix charts use).
import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import type { k8s } from "cdk8s-plus-34";

interface Props<Spec> {
  readonly metadata: k8s.ObjectMeta;
  readonly spec: Spec;
}

function kind(apiVersion: string, kindName: string) {
  return class<Spec> extends ApiObject {
    constructor(scope: Construct, id: string, props: Props<Spec>) {
      super(scope, id, { apiVersion, kind: kindName, metadata: props.metadata, spec: props.spec });
    }
  };
}

/** monitoring.coreos.com/v1 ServiceMonitor (Prometheus Operator). */
export interface ServiceMonitorSpec {
  readonly selector: { readonly matchLabels: Record<string, string> };
  readonly endpoints: Array<{ readonly port: string; readonly path: string; readonly interval: string }>;
}
export const ServiceMonitor = kind("monitoring.coreos.com/v1", "ServiceMonitor")<ServiceMonitorSpec>;
export type ServiceMonitor = InstanceType<typeof ServiceMonitor>;

/** keda.sh/v1alpha1 ScaledObject. */
export interface ScaledObjectSpec {
  readonly scaleTargetRef: { readonly name: string };
  readonly minReplicaCount: number;
  readonly maxReplicaCount: number;
  readonly pollingInterval: number;
  readonly triggers: Array<{
    readonly type: string;
    readonly metadata: Record<string, string>;
    readonly authenticationRef: { readonly name: string };
  }>;
}
export const ScaledObject = kind("keda.sh/v1alpha1", "ScaledObject")<ScaledObjectSpec>;
export type ScaledObject = InstanceType<typeof ScaledObject>;

/** keda.sh/v1alpha1 TriggerAuthentication. */
export interface TriggerAuthenticationSpec {
  readonly secretTargetRef: Array<{
    readonly parameter: string;
    readonly name: string;
    readonly key: string;
  }>;
}
export const TriggerAuthentication = kind(
  "keda.sh/v1alpha1",
  "TriggerAuthentication",
)<TriggerAuthenticationSpec>;
export type TriggerAuthentication = InstanceType<typeof TriggerAuthentication>;

/** gateway.networking.k8s.io/v1 HTTPRoute. */
export interface HttpRouteSpec {
  readonly parentRefs: Array<{
    readonly name: string;
    readonly namespace?: string;
    readonly sectionName?: string;
  }>;
  readonly hostnames: string[];
  readonly rules: Array<{
    readonly matches: Array<{
      readonly path: { readonly type: "PathPrefix" | "Exact"; readonly value: string };
    }>;
    readonly backendRefs: Array<{ readonly name: string; readonly port: number }>;
    /** Gateway API durations; "0s" disables the timeout. */
    readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
  }>;
}
export const HttpRoute = kind("gateway.networking.k8s.io/v1", "HTTPRoute")<HttpRouteSpec>;
export type HttpRoute = InstanceType<typeof HttpRoute>;

/** gateway.networking.k8s.io/v1 Gateway. */
export interface GatewaySpec {
  readonly gatewayClassName: string;
  readonly listeners: Array<{
    readonly name: string;
    readonly protocol: "HTTP" | "HTTPS";
    readonly port: number;
    readonly hostname?: string;
    readonly tls?: { readonly mode: "Terminate"; readonly certificateRefs: Array<{ readonly name: string }> };
    readonly allowedRoutes: {
      readonly namespaces: { readonly from: "All" | "Same" | "Selector"; readonly selector?: unknown };
    };
  }>;
}
export const Gateway = kind("gateway.networking.k8s.io/v1", "Gateway")<GatewaySpec>;

/** gateway.networking.k8s.io/v1 GatewayClass. */
export const GatewayClass = kind("gateway.networking.k8s.io/v1", "GatewayClass")<{
  readonly controllerName: string;
}>;

/** postgresql.cnpg.io/v1 Cluster (CloudNativePG), the fields the platform chart sets. */
export interface CnpgClusterSpec {
  readonly instances: number;
  readonly imageName?: string;
  readonly primaryUpdateStrategy: "unsupervised" | "supervised";
  readonly storage: { readonly size: string; readonly storageClass?: string };
  readonly bootstrap: { readonly initdb: { readonly database: string; readonly owner: string } };
  /** Roles the operator keeps as declared (CloudNativePG "declarative role management"). */
  readonly managed?: {
    readonly roles: Array<{
      readonly name: string;
      readonly ensure: "present" | "absent";
      readonly login: boolean;
      readonly superuser: boolean;
      readonly bypassrls: boolean;
      readonly createdb: boolean;
      readonly createrole: boolean;
      readonly replication: boolean;
      readonly inherit: boolean;
      readonly passwordSecret: { readonly name: string };
    }>;
  };
  readonly resources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
  readonly affinity: { readonly topologyKey: string; readonly enablePodAntiAffinity: boolean };
  readonly monitoring: { readonly enablePodMonitor: boolean };
  readonly plugins: Array<{
    readonly name: string;
    readonly isWALArchiver: boolean;
    readonly parameters: Record<string, string>;
  }>;
}
export const CnpgCluster = kind("postgresql.cnpg.io/v1", "Cluster")<CnpgClusterSpec>;

/** postgresql.cnpg.io/v1 ScheduledBackup. */
export interface ScheduledBackupSpec {
  readonly schedule: string;
  readonly backupOwnerReference: "self" | "cluster" | "none";
  readonly cluster: { readonly name: string };
  readonly method: "plugin";
  readonly pluginConfiguration: { readonly name: string };
  readonly immediate: boolean;
}
export const ScheduledBackup = kind("postgresql.cnpg.io/v1", "ScheduledBackup")<ScheduledBackupSpec>;

/** barmancloud.cnpg.io/v1 ObjectStore (Barman Cloud plugin). */
export interface ObjectStoreSpec {
  readonly retentionPolicy: string;
  readonly configuration: {
    readonly destinationPath: string;
    readonly endpointURL?: string;
    readonly s3Credentials: {
      readonly accessKeyId: { readonly name: string; readonly key: string };
      readonly secretAccessKey: { readonly name: string; readonly key: string };
    };
    readonly wal: { readonly compression: string };
    readonly data: { readonly compression: string };
  };
}
export const ObjectStore = kind("barmancloud.cnpg.io/v1", "ObjectStore")<ObjectStoreSpec>;
