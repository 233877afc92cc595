// A client of the API that keeps calling it: GET /v1/me every 25 ms with its access token,
// refreshing the pair when the token is 2 s old, counting every status it gets.
import { decodeProtectedHeader } from "jose";
import { expect, vi } from "vitest";
import { bearer, signup } from "./harness.ts";
import type { TestApi } from "./harness.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Client {
  statuses: Map<number, number>;
  kids: Set<string>;
  stop(): Promise<void>;
}

/** Calls GET /v1/me every 25 ms, refreshing the pair when the access token is 2 s old. */
export async function startClient(api: TestApi): Promise<Client> {
  const user = await signup(api);
  let access = user.accessToken;
  let refresh = user.refreshToken;
  let issuedAt = Date.now();
  const statuses = new Map<number, number>();
  const kids = new Set<string>();
  // A field that stop() clears while the loop awaits (a local `let` would read as constant).
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      if (Date.now() - issuedAt > 2000) {
        const response = await api.app.inject({
          method: "POST",
          url: "/v1/auth/refresh",
          payload: { refreshToken: refresh },
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        const pair = response.json<{ accessToken: string; refreshToken: string }>();
        access = pair.accessToken;
        refresh = pair.refreshToken;
        issuedAt = Date.now();
      }
      const response = await api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(access) });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode === 200) kids.add(decodeProtectedHeader(access).kid!);
      // Not a wait for anything: the client's pace, one call every 25 ms.
      await sleep(25);
    }
  })();
  return {
    statuses,
    kids,
    async stop() {
      state.running = false;
      await loop;
    },
  };
}

/** Stops the clients; returns them and every status they got, summed. */
export async function stopAll(clients: Client[]): Promise<{ stats: Client[]; totals: Map<number, number> }> {
  for (const client of clients) await client.stop();
  const totals = new Map<number, number>();
  for (const client of clients) {
    for (const [status, count] of client.statuses) totals.set(status, (totals.get(status) ?? 0) + count);
  }
  return { stats: clients, totals };
}

/** Every call the client has made so far, whatever its status. */
export const callsOf = (client: Client): number =>
  [...client.statuses.values()].reduce((sum, count) => sum + count, 0);

/** Resolves once every client has made `count` more calls: the current phase has been exercised under load. */
export async function moreCalls(
  clients: readonly Client[],
  count: number,
  timeoutMs = 10_000,
): Promise<void> {
  const start = clients.map(callsOf);
  await vi.waitFor(
    () => {
      clients.forEach((client, i) => {
        expect(callsOf(client) - start[i]!, `calls of client ${i}`).toBeGreaterThanOrEqual(count);
      });
    },
    { timeout: timeoutMs, interval: 25 },
  );
}
