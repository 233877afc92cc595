// NetworkPolicies by zone. A zone is a set of namespaces labelled phoenix.dev/zone=<zone> (edge,
// apps, data, monitoring). Each zone namespace gets a default deny (ingress and egress) plus DNS,
// and every workload gets one policy listing exactly the peers it talks to.
import { Construct } from "constructs";
import { k8s } from "cdk8s-plus-34";
import { zoneLabel } from "./labels.ts";
import { setLate } from "./late-patch.ts";
import type { Zone } from "./labels.ts";

export interface Port {
  readonly port: number;
  /** Default TCP. */
  readonly protocol?: "TCP" | "UDP";
}

export type Peer =
  | { readonly zone: Zone; readonly pods?: Record<string, string> }
  | { readonly pods: Record<string, string> }
  | { readonly namespace: string }
  | { readonly anyNamespace: true }
  | { readonly cidr: string; readonly except?: string[] };

export interface Rule {
  readonly peers: readonly Peer[];
  readonly ports: readonly Port[];
}

function peer(p: Peer): k8s.NetworkPolicyPeer {
  if ("namespace" in p)
    return { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } } };
  if ("anyNamespace" in p) return { namespaceSelector: {} };
  // `except` is patched in afterwards (exceptPatches): it may be a knob marker, not an array.
  if ("cidr" in p) return { ipBlock: { cidr: p.cidr } };
  if ("zone" in p) {
    return {
      namespaceSelector: { matchLabels: { [zoneLabel]: p.zone } },
      ...(p.pods ? { podSelector: { matchLabels: p.pods } } : {}),
    };
  }
  return { podSelector: { matchLabels: p.pods } };
}

const ports = (list: readonly Port[]): k8s.NetworkPolicyPort[] =>
  list.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol ?? "TCP" }));

export const dnsPorts: Port[] = [
  { port: 53, protocol: "UDP" },
  { port: 53, protocol: "TCP" },
];

export interface ZoneBaselineProps {
  readonly zone: Zone;
  /** Namespace of the policies; default: the release namespace. */
  readonly namespace?: string;
  readonly labels: Record<string, string>;
}

/** Default deny in and out for every pod of the namespace, then DNS to kube-dns. */
export class ZoneBaseline extends Construct {
  constructor(scope: Construct, id: string, props: ZoneBaselineProps) {
    super(scope, id);
    const metadata = (name: string) => ({
      name,
      labels: { ...props.labels, [zoneLabel]: props.zone },
      ...(props.namespace ? { namespace: props.namespace } : {}),
    });
    new k8s.KubeNetworkPolicy(this, "default-deny", {
      metadata: metadata(`${props.zone}-default-deny`),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    new k8s.KubeNetworkPolicy(this, "allow-dns", {
      metadata: metadata(`${props.zone}-allow-dns`),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: ports(dnsPorts),
          },
        ],
      },
    });
  }
}

export interface WorkloadPolicyProps {
  readonly name: string;
  /** Pods the policy applies to. */
  readonly pods: Record<string, string>;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
  readonly namespace?: string;
  readonly labels: Record<string, string>;
}

/** The explicit allows of one workload (on top of its zone's default deny). */
export function workloadPolicy(
  scope: Construct,
  id: string,
  props: WorkloadPolicyProps,
): k8s.KubeNetworkPolicy {
  const toRule = (r: Rule) => ({ peers: r.peers.map(peer), ports: ports(r.ports) });
  const policy = new k8s.KubeNetworkPolicy(scope, id, {
    metadata: {
      name: props.name,
      labels: props.labels,
      ...(props.namespace ? { namespace: props.namespace } : {}),
    },
    spec: {
      podSelector: { matchLabels: props.pods },
      policyTypes: ["Ingress", "Egress"],
      ingress: props.ingress.map(toRule).map((r) => ({ from: r.peers, ports: r.ports })),
      egress: props.egress.map(toRule).map((r) => ({ to: r.peers, ports: r.ports })),
    },
  });
  setExcepts(policy, "ingress", "from", props.ingress);
  setExcepts(policy, "egress", "to", props.egress);
  return policy;
}

function setExcepts(
  policy: k8s.KubeNetworkPolicy,
  direction: "ingress" | "egress",
  side: "from" | "to",
  rules: readonly Rule[],
): void {
  rules.forEach((rule, i) => {
    rule.peers.forEach((p, j) => {
      if ("cidr" in p && p.except !== undefined) {
        setLate(policy, `/spec/${direction}/${i}/${side}/${j}/ipBlock/except`, p.except);
      }
    });
  });
}
