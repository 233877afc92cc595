// A TCP proxy in front of the API server, to take it "down" and bring it back without touching
// the shared control plane: down() resets every open connection (as a dying apiserver does)
// and refuses new ones; up() accepts again. TLS passes through untouched.
import net from "node:net";
import type { KubeConfig } from "@kubernetes/client-node";

export class ApiServerProxy {
  private readonly target: { host: string; port: number };
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  port = 0;

  constructor(targetUrl: string) {
    const url = new URL(targetUrl);
    this.target = { host: url.hostname, port: Number(url.port) };
  }

  /** Starts listening (on a fixed port after the first time, so clients can reconnect). */
  async up(): Promise<void> {
    const server = net.createServer((client) => {
      this.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        resolve();
      });
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Resets all connections and stops listening: clients see resets, then refusals. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    if (server)
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
  }

  /** `config`, talking to the API server through this proxy. */
  configFor(config: KubeConfig, KubeConfigClass: new () => KubeConfig): KubeConfig {
    const proxied = new KubeConfigClass();
    proxied.loadFromOptions({
      clusters: config.clusters.map((c) => ({ ...c, server: `https://127.0.0.1:${this.port}` })),
      users: config.users,
      contexts: config.contexts,
      currentContext: config.currentContext,
    });
    return proxied;
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.target);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  }
}
