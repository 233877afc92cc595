// Prints the operator's ServiceAccount and least-privilege RBAC as a YAML stream, from the same
// rules the tests bind (rbac.ts). Used by `make demo` to run the operator out of cluster with its
// own ServiceAccount token; the charts render the same rules.
//   node operators/phoenix-operator/src/manifests.ts <namespace>
import { stringify } from "yaml";
import { clusterRules, namespaceRules } from "./rbac.ts";

const namespace = process.argv[2] ?? "phoenix-system";
const name = "phoenix-operator";
const subjects = [{ kind: "ServiceAccount", name, namespace }];
const roleRef = (kind: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind, name });

const documents = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
  { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name },
    rules: clusterRules,
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: roleRef("ClusterRole"),
    subjects,
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name, namespace },
    rules: namespaceRules,
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: roleRef("Role"),
    subjects,
  },
];
process.stdout.write(documents.map((d) => stringify(d)).join("---\n"));
