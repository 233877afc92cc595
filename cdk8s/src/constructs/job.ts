// phoenixJob: a run-to-completion pod from a Phoenix image (the migrate hook, the `helm test`
// check) with the same restricted Pod Security as the Deployments, no ServiceAccount token and no
// service links. Jobs rather than bare Pods: kwok completes Job pods, and Helm waits for a hook Job.
import type { Construct } from "constructs";
import { k8s } from "cdk8s-plus-34";
import { zoneLabel } from "./labels.ts";
import { setLate } from "./late-patch.ts";
import { containerSecurityContext, podSecurityContext } from "./security.ts";

export interface PhoenixJobProps {
  /** Object name. */
  readonly name: string;
  /** Container name. */
  readonly container: string;
  readonly labels: Record<string, string>;
  /** E.g. Helm hook annotations. Default none. */
  readonly annotations?: Record<string, string>;
  readonly image: string;
  /** Arguments to the image's entry point (node). */
  readonly args: string[];
  readonly env?: k8s.EnvVar[];
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
  /** Retries of a failed pod. */
  readonly backoffLimit: number;
  /** The Job fails after this long, whatever its pods do. */
  readonly activeDeadlineSeconds: number;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
}

const quantities = (r: { readonly cpu: string; readonly memory: string }) => ({
  cpu: k8s.Quantity.fromString(r.cpu),
  memory: k8s.Quantity.fromString(r.memory),
});

export function phoenixJob(scope: Construct, id: string, props: PhoenixJobProps): k8s.KubeJob {
  const labels = { ...props.labels, [zoneLabel]: "apps" };
  const job = new k8s.KubeJob(scope, id, {
    metadata: { name: props.name, labels, ...(props.annotations && { annotations: props.annotations }) },
    spec: {
      backoffLimit: props.backoffLimit,
      activeDeadlineSeconds: props.activeDeadlineSeconds,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext,
          containers: [
            {
              name: props.container,
              image: props.image,
              args: props.args,
              env: props.env ?? [],
              resources: {
                requests: quantities(props.resources.requests),
                limits: quantities(props.resources.limits),
              },
              securityContext: containerSecurityContext,
            },
          ],
        },
      },
    },
  });
  // A list that may be a knob marker: set after the typed serialisation (late-patch.ts).
  setLate(job, "/spec/template/spec/imagePullSecrets", props.imagePullSecrets ?? []);
  return job;
}
