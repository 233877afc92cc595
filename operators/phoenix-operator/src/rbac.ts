// The operator's least-privilege RBAC, in one place: the charts (cdk8s) render it, and the
// integration tests run the operator with a token bound to exactly these rules.
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** Cluster-wide: the resources it reconciles in any namespace. */
export const clusterRules: PolicyRule[] = [
  {
    apiGroups: ["phoenix.dev"],
    resources: ["twilionumbers", "keyrotations"],
    verbs: ["get", "list", "watch", "patch"],
  },
  {
    apiGroups: ["phoenix.dev"],
    resources: ["twilionumbers/status", "keyrotations/status"],
    verbs: ["get", "patch"],
  },
  // KeyRotation writes its key set Secret (never lists or watches Secrets).
  { apiGroups: [""], resources: ["secrets"], verbs: ["get", "create", "update"] },
  // rolloutTargets: read and annotate the pod template.
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["get", "patch"] },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
];

/** In the operator's own namespace: its leader-election Lease. */
export const namespaceRules: PolicyRule[] = [
  { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "create", "update"] },
];
