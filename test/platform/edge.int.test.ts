// The local edge for real: nginx from Debian with the configuration generated from the route
// table (cdk8s/src/routes/nginx.ts), in front of small fastify servers standing in for every
// entry's process — the whole table, career's and iris's longer prefixes under the API's /v1, so
// the longest-prefix rules are checked on the real nginx. Each path must reach the right process
// with Host and the X-Forwarded-* headers; streaming routes must not buffer; a process down is a
// clean JSON 502.
import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { nginxConfig } from "../../cdk8s/src/routes/nginx.ts";
import { defaultMaxBodyBytes, routeTable } from "../../cdk8s/src/routes/table.ts";
import { eventually } from "../support/kube.ts";
import { freePort } from "../support/sms-path.ts";

const nginx = "/usr/sbin/nginx";
const table = routeTable;

interface Echo {
  upstream: string;
  url: string;
  host: string;
  xff: string | null;
  xfp: string | null;
  bytes: number;
}

/** A stand-in for one table entry's process: echoes what reached it. */
async function standIn(id: string, port = 0, bodyLimit = defaultMaxBodyBytes): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit });
  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer" }, (_request, body, done) => {
    done(null, body);
  });
  const header = (value: string | string[] | undefined) => (value === undefined ? null : String(value));
  app.get("/unavailable", (_request, reply) => reply.code(503).send({ error: "not_ready", message: id }));
  app.get("/v1/chat/stream", (request, reply) => {
    // SSE: one event now, the next only once the client says it got the first.
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    reply.raw.write("data: first\n\n");
    void streamRelease.promise.then(() => reply.raw.end("data: last\n\n"));
    request.raw.on("close", () => reply.raw.end());
  });
  app.all("/*", (request): Echo => ({
    upstream: id,
    url: request.url,
    host: request.headers.host ?? "",
    xff: header(request.headers["x-forwarded-for"]),
    xfp: header(request.headers["x-forwarded-proto"]),
    bytes: Buffer.isBuffer(request.body) ? request.body.length : 0,
  }));
  await app.listen({ host: "127.0.0.1", port });
  return app;
}

const streamRelease = Promise.withResolvers<undefined>();

interface Response {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

function send(
  port: number,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: options.method ?? "GET",
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const echo = async (port: number, pathname: string, headers: Record<string, string> = {}): Promise<Echo> => {
  const res = await send(port, pathname, { headers });
  expect(res.status, `${pathname}: ${res.body}`).toBe(200);
  return JSON.parse(res.body) as Echo;
};

describe("the local edge: nginx with the configuration generated from the route table", () => {
  const servers = new Map<string, FastifyInstance>();
  const ports = new Map<string, number>();
  let dir: string;
  let conf: string;
  let edgePort: number;
  let edge: ChildProcess;
  let stderr = "";

  beforeAll(async () => {
    if (!existsSync(nginx))
      throw new Error(`no ${nginx}: install nginx-light with tools/edge.sh install (root)`);
    for (const entry of table) {
      const server = await standIn(entry.id, 0, entry.maxBodyBytes);
      servers.set(entry.id, server);
      ports.set(entry.id, (server.server.address() as { port: number }).port);
    }
    edgePort = await freePort();
    dir = mkdtempSync(path.join(tmpdir(), "phoenix-edge-"));
    conf = path.join(dir, "nginx.conf");
    writeFileSync(
      conf,
      nginxConfig(table, {
        listen: `127.0.0.1:${String(edgePort)}`,
        upstreams: Object.fromEntries([...ports].map(([id, port]) => [id, `127.0.0.1:${String(port)}`])),
        runDir: dir,
      }),
    );
    // As whoever runs the tests, in a directory only that user may enter: as root, nginx's workers
    // run as nobody and could not use a temp file there (the body test below would fail).
    edge = spawn(nginx, ["-e", "stderr", "-p", dir, "-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    edge.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(`nginx listening on ${String(edgePort)}`, async () => {
      if (edge.exitCode !== null) throw new Error(`nginx exited ${String(edge.exitCode)}: ${stderr}`);
      return (await send(edgePort, "/")).status === 200 ? true : undefined;
    });
  });

  afterAll(async () => {
    if (edge.exitCode === null) {
      const exited = new Promise((resolve) => edge.once("exit", resolve));
      edge.kill("SIGQUIT");
      await exited;
    }
    for (const server of servers.values()) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is a configuration `nginx -t` accepts", async () => {
    const { stderr: out } = await promisify(execFile)(nginx, ["-t", "-e", "stderr", "-p", dir, "-c", conf]);
    expect(out).toContain("test is successful");
  });

  it.each([
    ["/", "web"],
    ["/en/pricing", "web"],
    ["/app/today", "web"],
    ["/static/site.css", "web"],
    ["/v1x", "web"],
    ["/twiliox", "web"],
    ["/twilio", "twilio"],
    ["/twilio/sms/PN123", "twilio"],
    ["/v1", "api"],
    ["/v1/me", "api"],
    ["/v1/cvx", "api"],
    ["/v1/cv", "career"],
    ["/v1/cv/42/pdf", "career"],
    ["/v1/letters", "career"],
    ["/v1/job-offers/7", "career"],
    ["/v1/chat", "iris"],
    ["/v1/journal/entries", "iris"],
  ])("sends %s to %s, path unchanged", async (pathname, upstream) => {
    const got = await echo(edgePort, pathname);
    expect(got).toMatchObject({ upstream, url: pathname });
  });

  it("keeps the query string and passes the Host the browser sent, port included", async () => {
    expect(await echo(edgePort, "/v1/me?lang=fr&x=1")).toMatchObject({
      url: "/v1/me?lang=fr&x=1",
      host: `127.0.0.1:${String(edgePort)}`,
    });
    expect((await echo(edgePort, "/", { host: "app.phoenix.example" })).host).toBe("app.phoenix.example");
  });

  it("appends the client to X-Forwarded-For (one trusted hop: the right-most entry is the client) and says the scheme", async () => {
    expect(await echo(edgePort, "/v1/me")).toMatchObject({ xff: "127.0.0.1", xfp: "http" });
    expect((await echo(edgePort, "/v1/me", { "x-forwarded-for": "203.0.113.9" })).xff).toBe(
      "203.0.113.9, 127.0.0.1",
    );
  });

  it("passes bodies up to the services' 1 MiB and answers a larger one with a JSON 413 itself", async () => {
    const post = (bytes: number) =>
      send(edgePort, "/v1/upload", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: Buffer.alloc(bytes, 1),
      });
    const big = await post(1024 * 1024 - 1024);
    expect(big.status).toBe(200);
    expect((JSON.parse(big.body) as Echo).bytes).toBe(1024 * 1024 - 1024);
    const tooBig = await post(2 * 1024 * 1024);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toEqual({ error: "body_too_large", message: "request body too large" });
  });

  it("passes career's uploads (a 5 MiB file in its multipart envelope) and refuses more than its 6 MiB itself", async () => {
    const post = (bytes: number) =>
      send(edgePort, "/v1/cv/upload", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: Buffer.alloc(bytes, 1),
      });
    const upload = await post(5 * 1024 * 1024 + 4096);
    expect(upload.status).toBe(200);
    expect(JSON.parse(upload.body) as Echo).toMatchObject({
      upstream: "career",
      bytes: 5 * 1024 * 1024 + 4096,
    });
    const tooBig = await post(7 * 1024 * 1024);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toEqual({ error: "body_too_large", message: "request body too large" });
  });

  // What a browser's EventSource needs. nginx 1.22 also forwards such small chunks with buffering
  // on, so this does not tell the two apart: nginx.test.ts asserts proxy_buffering off itself.
  it("streams server-sent events on a streaming route: the first event arrives while the stream is still open", async () => {
    let received = "";
    const done = new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: edgePort, path: "/v1/chat/stream" }, (res) => {
        expect(res.headers["content-type"]).toBe("text/event-stream");
        res.on("data", (c: Buffer) => (received += c.toString()));
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end();
    });
    await vi.waitFor(
      () => {
        expect(received).toContain("data: first");
      },
      { timeout: 5000, interval: 20 },
    );
    expect(received).not.toContain("data: last");
    streamRelease.resolve(undefined);
    await done;
    expect(received).toBe("data: first\n\ndata: last\n\n");
  });

  it("answers a clean JSON 502 while a process is down, passes a process's own 503 unchanged, and recovers at once when it is back", async () => {
    const own = await send(edgePort, "/unavailable");
    expect(own.status).toBe(503);
    expect(JSON.parse(own.body)).toEqual({ error: "not_ready", message: "web" });

    const port = ports.get("twilio") ?? 0;
    await servers.get("twilio")?.close();
    const down = await send(edgePort, "/twilio/status");
    expect(down.status).toBe(502);
    expect(down.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(down.body)).toEqual({ error: "bad_gateway", message: "twilio is not answering" });
    expect(down.body).not.toMatch(/<html|nginx/i);

    servers.set("twilio", await standIn("twilio", port));
    expect(await echo(edgePort, "/twilio/status")).toMatchObject({ upstream: "twilio" });
  });

  it("kept its files in its run directory", () => {
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining(["nginx.pid", "access.log", "client_body_temp", "proxy_temp"]),
    );
  });
});
