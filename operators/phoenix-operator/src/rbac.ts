// The operator's least-privilege RBAC, in one place: the charts (cdk8s) render it, and the
// integration tests run the operator with a token bound to exactly these rules.
//
// Secrets, honestly: RBAC grants verbs on resources, optionally narrowed by `resourceNames` —
// and nothing else (no label or field selectors, no name prefixes). `resourceNames` cannot
// restrict `create` (the name is not in the URL) nor `list`/`watch` of a collection, and the
// names here come from users (KeyRotation spec.secretName), so they cannot be listed in a
// ClusterRole written before the KeyRotations exist. What RBAC can do is shown below: `get`,
// `create` and `update` only — never list, watch, patch or delete, so the operator can neither
// enumerate Secrets nor read one it was not told the name of. The rest is enforced at admission:
// `secretWritePolicy` (a ValidatingAdmissionPolicy, GA since Kubernetes 1.30) lets the operator's
// ServiceAccount create only Secrets labelled `phoenix.dev/keyrotation` and update only Secrets
// that already carry that label with the same value, so it cannot overwrite any other Secret
// (a service-account token, a TLS key) even if a KeyRotation names one. Reads (`get`) cannot be
// narrowed by either mechanism; the reconcile itself refuses to take over an unlabelled Secret.
import { managedByLabel } from "./key-rotation/plan.ts";
import { leaderElectionRule } from "@phoenix/kube/lease";

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
  // KeyRotation writes its key set Secret by name (never lists or watches Secrets); which
  // Secrets it may write is narrowed by secretWritePolicy.
  { apiGroups: [""], resources: ["secrets"], verbs: ["get", "create", "update"] },
  // rolloutTargets: read and annotate the pod template.
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["get", "patch"] },
  { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
];

/** In the operator's own namespace: its leader-election Lease. */
export const namespaceRules: PolicyRule[] = [leaderElectionRule];

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

const label = managedByLabel;

/**
 * The ValidatingAdmissionPolicy and its binding that confine the operator's Secret writes to the
 * key set Secrets of KeyRotations (see the comment at the top). `name` defaults to
 * phoenix-operator-secrets; tests pass one per environment.
 */
export function secretWritePolicy(serviceAccount: ServiceAccountRef, name = "phoenix-operator-secrets") {
  const user = `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`;
  const labelled = (object: string) =>
    `has(${object}.metadata.labels) && '${label}' in ${object}.metadata.labels`;
  const policy = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: [
          { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["secrets"] },
        ],
      },
      matchConditions: [{ name: "the-operator", expression: `request.userInfo.username == '${user}'` }],
      validations: [
        {
          expression: labelled("object"),
          message: `the operator writes only Secrets labelled ${label}`,
          reason: "Forbidden",
        },
        {
          expression: `request.operation != 'UPDATE' || (${labelled("oldObject")} && oldObject.metadata.labels['${label}'] == object.metadata.labels['${label}'])`,
          message: `the operator updates only Secrets a KeyRotation already manages (label ${label}), and never hands one to another`,
          reason: "Forbidden",
        },
      ],
    },
  };
  const binding = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name },
    spec: { policyName: name, validationActions: ["Deny"] },
  };
  return { policy, binding };
}
