// dashboards/alertmanager/alertmanager.yml under the real amtool and Alertmanager 0.35 (built by
// tools/build.sh obs): the config checks, every generated alert routes by its severity, and a
// running Alertmanager inhibits an SLO's tickets while that SLO pages — and nothing else.
import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isAlert } from "@phoenix/observability";
import type { RuleFile } from "@phoenix/observability";
import { eventually } from "../support/kube.ts";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const config = path.join(root, "dashboards/alertmanager/alertmanager.yml");

async function amtool(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run("amtool", args);
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/** The receiver amtool resolves for these labels, and whether it is the expected one. */
async function routeOf(labels: Record<string, string>, expected: string) {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const result = await amtool(
    "config",
    "routes",
    "test",
    `--config.file=${config}`,
    `--verify.receivers=${expected}`,
    ...pairs,
  );
  return { receiver: result.output.split("\n")[0]?.trim(), ok: result.code === 0 };
}

const generatedAlerts = () =>
  ["phoenix-slos.rules.yml", "phoenix-causes.rules.yml"].flatMap((f) =>
    (parse(readFileSync(path.join(root, "dashboards/rules", f), "utf8")) as RuleFile).groups.flatMap((g) =>
      g.rules.filter(isAlert),
    ),
  );

describe("alertmanager.yml", () => {
  it("passes amtool check-config", async () => {
    const result = await amtool("check-config", config);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("SUCCESS");
    expect(result.output).toContain("1 inhibit rules");
  });

  it.each([
    [{ alertname: "ApiAvailabilityBudgetBurn", service: "api", severity: "page" }, "pager"],
    [{ alertname: "ApiAvailabilityBudgetBurn", service: "api", severity: "ticket" }, "tickets"],
    [{ alertname: "LeaderElectionNoLeader", service: "phoenix-operator", severity: "page" }, "pager"],
    [{ alertname: "WorkQueueBacklog", service: "workers", severity: "ticket" }, "tickets"],
    [{ alertname: "Watchdog", severity: "none" }, "default"],
    [{ alertname: "KubePodCrashLooping", severity: "warning" }, "default"],
    [{ alertname: "NoSeverity" }, "default"],
  ])("routes %o to %s", async (labels, receiver) => {
    const route = await routeOf(labels, receiver);
    expect(route).toEqual({ receiver, ok: true });
  });

  it("does not route a page to the tickets (the test can fail)", async () => {
    const route = await routeOf({ alertname: "X", severity: "page" }, "tickets");
    expect(route).toEqual({ receiver: "pager", ok: false });
  });

  it("routes every generated alert by its severity", async () => {
    const alerts = generatedAlerts();
    expect(alerts.length).toBeGreaterThan(20);
    for (const rule of alerts) {
      const expected = rule.labels.severity === "page" ? "pager" : "tickets";
      const route = await routeOf({ alertname: rule.alert, ...rule.labels }, expected);
      expect(route, `${rule.alert} ${JSON.stringify(rule.labels)}`).toEqual({ receiver: expected, ok: true });
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

describe("a running Alertmanager with alertmanager.yml", () => {
  let alertmanager: ChildProcess;
  let base = "";
  const storage = mkdtempSync(path.join(tmpdir(), "phoenix-alertmanager-"));

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    alertmanager = spawn(
      "alertmanager",
      [
        `--config.file=${config}`,
        `--storage.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--cluster.listen-address=",
      ],
      { stdio: "ignore" },
    );
    const exited = new Promise((resolve) => alertmanager.once("exit", resolve));
    await eventually(
      "alertmanager ready",
      async () =>
        (await fetch(`${base}/-/ready`).then(
          (r) => r.ok,
          () => false,
        ))
          ? true
          : undefined,
      20_000,
    );
    return async () => {
      alertmanager.kill("SIGTERM");
      // It writes its state on the way out: remove the directory only once it has exited.
      await exited;
      rmSync(storage, { recursive: true, force: true });
    };
  });

  it("inhibits an SLO's ticket while the same SLO pages, and no other alert", async () => {
    const burn = (slo: string, severity: string, long: string) => ({
      labels: { alertname: "ApiBudgetBurn", slo, service: "api", severity, long_window: long },
    });
    const sent = [
      burn("api-availability", "page", "1h"),
      burn("api-availability", "ticket", "1d"),
      burn("api-latency", "ticket", "1d"),
      { labels: { alertname: "ServiceNotReady", service: "api", severity: "ticket" } },
    ];
    const posted = await fetch(`${base}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sent),
    });
    expect(posted.status).toBe(200);
    const state = (alert: ApiAlert) =>
      `${alert.labels["slo"] ?? alert.labels["alertname"] ?? ""} ${alert.labels["severity"] ?? ""}`;
    let seen: Record<string, string> = {};
    const deadline = Date.now() + 10_000;
    // Inhibition is computed as the alerts arrive; wait until all four are listed.
    while (Object.keys(seen).length < sent.length && Date.now() < deadline) {
      const alerts = (await (await fetch(`${base}/api/v2/alerts`)).json()) as ApiAlert[];
      seen = Object.fromEntries(
        alerts.map((a) => [state(a), a.status.inhibitedBy.length > 0 ? "inhibited" : a.status.state]),
      );
    }
    expect(seen).toEqual({
      "api-availability page": "active",
      "api-availability ticket": "inhibited",
      "api-latency ticket": "active",
      "ServiceNotReady ticket": "active",
    });
  });
});
