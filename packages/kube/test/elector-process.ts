// A leader-election candidate in its own process, so a test can SIGKILL the leader the way a
// node failure would: no release, no cleanup. Prints one JSON line per transition.
// Usage: node elector-process.ts <namespace> <lease> <identity>
import { adminConfig } from "../../../test/support/kube.ts";
import { KubeClient } from "../src/kube-client.ts";
import { LeaderElector } from "../src/leader.ts";
import { kubeLeaseApi } from "../src/lease.ts";

const [namespace = "", name = "", identity = ""] = process.argv.slice(2);
const say = (event: string, fields: Record<string, string> = {}) =>
  process.stdout.write(`${JSON.stringify({ identity, event, at: Date.now(), ...fields })}\n`);

const elector = new LeaderElector({
  leases: kubeLeaseApi(new KubeClient(adminConfig())),
  namespace,
  name,
  identity,
  leaseDurationMs: 3000,
  renewDeadlineMs: 2000,
  retryPeriodMs: 500,
  onStartedLeading: (signal) => {
    say("started");
    return new Promise<void>((resolve) => {
      signal.addEventListener("abort", () => {
        resolve();
      });
    });
  },
  onStoppedLeading: () => say("stopped"),
  onNewLeader: (holder) => say("observed", { holder }),
});

const stop = new AbortController();
process.on("SIGTERM", () => {
  stop.abort();
});
say("running");
await elector.run(stop.signal);
say("exited");
