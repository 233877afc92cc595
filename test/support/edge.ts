// The local edge for tests: nginx (Debian's) with the configuration the route table generates
// (cdk8s/src/routes/nginx.ts), listening on a loopback port, in front of the test's processes.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { nginxConfig } from "../../cdk8s/src/routes/nginx.ts";
import { routeTable } from "../../cdk8s/src/routes/table.ts";
import { eventually } from "./kube.ts";

export interface EdgeProcess {
  url: string;
  /** What nginx wrote to stderr (its error log). */
  output(): string;
  stop(): Promise<void>;
}

export interface EdgeOptions {
  port: number;
  /** Base URL (http://127.0.0.1:<port>) of each route table entry's process, by entry id. */
  upstreams: Readonly<Record<string, string>>;
}

export async function startEdge(options: EdgeOptions): Promise<EdgeProcess> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), "phoenix-edge-"));
  mkdirSync(runDir, { recursive: true });
  const upstreams = Object.fromEntries(
    Object.entries(options.upstreams).map(([id, url]) => [id, new URL(url).host]),
  );
  const conf = path.join(runDir, "nginx.conf");
  writeFileSync(
    conf,
    nginxConfig(routeTable, { listen: `127.0.0.1:${String(options.port)}`, upstreams, runDir }),
  );
  // -e: nginx opens its compiled-in error log before reading the configuration otherwise.
  const child = spawn("nginx", ["-c", conf, "-e", "stderr"], { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
  const url = `http://127.0.0.1:${String(options.port)}`;
  await eventually(
    `nginx listening at ${url}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited ${String(child.exitCode)}: ${output}`);
      // Any answer (even the web app's 404) means nginx accepts connections.
      return (
        (await fetch(`${url}/healthz-edge`).then(
          () => true,
          () => false,
        )) || undefined
      );
    },
    15_000,
  );
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
