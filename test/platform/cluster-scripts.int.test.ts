// The control-plane script reports a crashed component and `up` is idempotent: run again, it
// restarts only what is missing and the cluster serves again.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CoreV1Api } from "@kubernetes/client-node";
import { repoRoot } from "../support/local-env.ts";
import { adminConfig, eventually } from "../support/kube.ts";

const run = promisify(execFile);
const script = path.join(repoRoot, "tools/cluster.sh");

async function status(): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run("bash", [script, "status"]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

const pidOf = (name: string) => Number(readFileSync(path.join(repoRoot, `.local/run/${name}.pid`), "utf8"));

describe("tools/cluster.sh", () => {
  it("reports a crashed component and brings it back on the next `up`", async () => {
    const healthy = await status();
    expect(healthy.code).toBe(0);
    const apiserverPid = pidOf("kube-apiserver");

    const schedulerPid = pidOf("kube-scheduler");
    process.kill(schedulerPid, "SIGKILL");
    await eventually("the scheduler to die", () => {
      try {
        process.kill(schedulerPid, 0);
        return Promise.resolve(undefined);
      } catch {
        return Promise.resolve(true);
      }
    });

    const crashed = await status();
    expect(crashed.code).not.toBe(0);
    expect(crashed.output).toMatch(/kube-scheduler\s+CRASHED/);

    await run("bash", [script, "up"]);
    const recovered = await status();
    expect(recovered.code).toBe(0);
    expect(pidOf("kube-scheduler")).not.toBe(schedulerPid);
    // Components that were running were left alone.
    expect(pidOf("kube-apiserver")).toBe(apiserverPid);

    const nodes = await adminConfig().makeApiClient(CoreV1Api).listNode({});
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual([
      "kwok-node-0",
      "kwok-node-1",
      "kwok-node-2",
    ]);
  });
});
