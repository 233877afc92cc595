// Least-privilege RBAC for one ServiceAccount: a Role (or ClusterRole) with exactly the given
// rules and its binding. Cluster-scoped names carry the release namespace so installs never collide.
import { Construct } from "constructs";
import { k8s } from "cdk8s-plus-34";
import { release } from "../helm/knobs.ts";

export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

export interface GrantProps {
  /** The ServiceAccount (same namespace as the release). */
  readonly serviceAccount: string;
  readonly rules: readonly PolicyRule[];
  /** ClusterRole + ClusterRoleBinding instead of Role + RoleBinding. Default false. */
  readonly clusterWide?: boolean;
  readonly labels: Record<string, string>;
}

export class Grant extends Construct {
  constructor(scope: Construct, id: string, props: GrantProps) {
    super(scope, id);
    const rules = props.rules.map((r) => ({ ...r }));
    const subjects = [{ kind: "ServiceAccount", name: props.serviceAccount, namespace: release.namespace }];
    if (props.clusterWide) {
      const name = release.clusterScoped(props.serviceAccount);
      const metadata = { name, labels: props.labels };
      new k8s.KubeClusterRole(this, "cluster-role", { metadata, rules });
      new k8s.KubeClusterRoleBinding(this, "cluster-role-binding", {
        metadata,
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
        subjects,
      });
      return;
    }
    const metadata = { name: props.serviceAccount, labels: props.labels };
    new k8s.KubeRole(this, "role", { metadata, rules });
    new k8s.KubeRoleBinding(this, "role-binding", {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: props.serviceAccount },
      subjects,
    });
  }
}
