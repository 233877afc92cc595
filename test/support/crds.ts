// Installs the generated phoenix.dev CRDs as an SRE would (server-side apply with kubectl). Not
// through client-node's typed API: its serializer drops schema keys it does not model by their
// wire names (`default`, `x-kubernetes-validations`).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { localEnv, repoRoot } from "./local-env.ts";

const run = promisify(execFile);
export const generatedCrds = path.join(repoRoot, "packages/crds/generated");

export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run("kubectl", args, { env: { ...process.env, KUBECONFIG: localEnv.kubeconfig } });
  return stdout;
}

export async function installCrds(): Promise<void> {
  await kubectl("apply", "--server-side", "--force-conflicts", "-f", generatedCrds);
  await kubectl("wait", "--for=condition=Established", "--timeout=30s", "-f", generatedCrds);
}
