// The web app for browser tests: services/web as a child process serving the client Vite built
// (tools/browser.sh build-client; `make test` runs it first).
import { existsSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./local-env.ts";
import { startServiceProcess } from "./sms-path.ts";
import type { ServiceProcess } from "./sms-path.ts";

export const clientDir = path.join(repoRoot, "services/web/dist/client");

export interface WebProcessOptions {
  /** Where the pricing page reads the plans (an API's base URL); default a closed port. */
  apiUrl?: string;
  /** The origin the browser sees; default the web process's own URL. */
  publicBaseUrl?: string;
  port?: number;
}

export async function startWebProcess(options: WebProcessOptions = {}): Promise<ServiceProcess> {
  if (!existsSync(path.join(clientDir, "index.html")))
    throw new Error(`no built client in ${clientDir}: run tools/browser.sh build-client (make test does)`);
  const { freePort } = await import("./sms-path.ts");
  const port = options.port ?? (await freePort());
  return startServiceProcess("web", {
    HTTP_PORT: String(port),
    API_INTERNAL_URL: options.apiUrl ?? "http://127.0.0.1:9",
    PUBLIC_BASE_URL: options.publicBaseUrl ?? `http://127.0.0.1:${String(port)}`,
    CLIENT_DIR: clientDir,
    PLANS_CACHE_MS: "0",
  });
}
