// Pod Security `restricted`, set explicitly on every pod and container (cdk8s-plus leaves seccomp
// and capabilities unset by default; the admission check and our render tests rely on them).
import type { k8s } from "cdk8s-plus-34";

/** The `nonroot` UID/GID of the distroless runtime image (Dockerfile). */
export const runAsUser = 65532;

export const podSecurityContext: k8s.PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser,
  runAsGroup: runAsUser,
  fsGroup: runAsUser,
  seccompProfile: { type: "RuntimeDefault" },
};

export const containerSecurityContext: k8s.SecurityContext = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};
