// Pieces of the dashboards test's load: a token as a botched key rotation leaves clients holding,
// a KeyRotation for the operator to reconcile, the API's rate limiter on a Redis that does not
// answer, and the series the load must have produced.
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { SignJWT, importJWK } from "jose";
import type { JWK } from "jose";
import { Redis } from "ioredis";
import { createMetrics } from "@phoenix/kernel/metrics";
import { createLimiter } from "../../services/api/src/rate-limit/limiter.ts";
import {
  fastHmacPolicy,
  keyRotation,
  keyRotationApi,
} from "../../operators/phoenix-operator/test/key-rotation/support.ts";
import { es256Key } from "../../packages/kernel/src/keyset-testing.ts";
import { adminConfig, eventually } from "../support/kube.ts";

/**
 * Shaped like the API's access tokens but signed by a key no key set holds (its `kid` unknown):
 * every verifier answers 401 and counts auth_token_verifications_total{result="unknown_kid"}.
 */
export async function unknownKeyToken(): Promise<string> {
  const stranger = es256Key();
  return new SignJWT({ roles: ["user"], sid: "s", amr: ["pwd"] })
    .setProtectedHeader({ alg: "ES256", kid: stranger.kid, typ: "at+jwt" })
    .setSubject("00000000-0000-4000-8000-000000000000")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(await importJWK(stranger.jwk as JWK, "ES256"));
}

/** A KeyRotation (HMAC, hourly), once the operator has given it a status.nextRotationTime. */
export async function createKeyRotation(namespace: string, name: string): Promise<void> {
  const rotations = keyRotationApi(adminConfig(), namespace);
  await rotations.create(
    keyRotation(name, {
      secretName: name,
      ...fastHmacPolicy,
    }),
  );
  await eventually(
    `KeyRotation ${name}'s next rotation time`,
    async () => ((await rotations.get(name)).status?.nextRotationTime ? true : undefined),
    60_000,
  );
}

/**
 * The API's rate limiter (its code, labelled service="api" as the API's is) on a "Redis" that
 * accepts connections and never answers — a hung Redis, without touching the shared one: each
 * decision times out and the fail mode decides (rate_limit_decisions_total{decision=
 * "unavailable_allowed"}, fail-open as the API is configured by default). Serves its registry at
 * `url`/metrics for Prometheus to scrape.
 */
export async function startUnavailableLimiter(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const hung = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => undefined);
  });
  await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
  const redis = new Redis((hung.address() as AddressInfo).port, "127.0.0.1", {
    maxRetriesPerRequest: 0,
    retryStrategy: () => 1000,
  });
  redis.on("error", () => undefined);
  const metrics = createMetrics({ service: "api" });
  const limiter = createLimiter({
    redis,
    prefix: "dashboards:rl",
    failMode: "open",
    timeoutMs: 100,
    limits: { apiPerMinute: 100, globalPerSecond: 5000, loginAttempts: 5, loginWindowMs: 900_000 },
    metrics,
  });
  for (const subject of ["user:dash", "ip:127.0.0.1"]) {
    const decision = await limiter.api(subject);
    if (!decision.unavailable || !decision.allowed)
      throw new Error(`expected fail-open on a hung Redis, got ${JSON.stringify(decision)}`);
  }
  const server = createServer((request, response) => {
    void metrics.registry.metrics().then((text) => {
      response.writeHead(request.url === "/metrics" ? 200 : 404, {
        "content-type": metrics.registry.contentType,
      });
      response.end(request.url === "/metrics" ? text : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    async close() {
      redis.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Counters exported at 0 give their panels series without any event: these PromQL queries prove
 * the load's events were counted where the new panels and alerts read them (query → least series).
 */
export const countedEvents: ReadonlyArray<readonly [string, number]> = [
  // A token of an unknown key at each of the three verifying services.
  ['auth_token_verifications_total{result="unknown_kid"} > 0', 3],
  ['auth_token_verifications_total{result="valid"} > 0', 3],
  ['reminder_lateness_seconds_count{service="workers"} > 0', 1],
  ['twilio_requests_total{service="workers",operation="messages.create",code="201"} > 0', 1],
  ['llm_requests_total{service="iris",outcome="success"} > 0', 1],
  ['llm_budget_rejections_total{service="iris",plan="free"} > 0', 1],
  ["llm_guard_flags_total > 0", 1],
  ['llm_breaker_state{service="iris"}', 2],
  ['http_requests_total{service="career",route="/v1/cv/templates"} > 0', 1],
  ['keyrotation_next_rotation_seconds{keyrotation="dash-keys"} > 0', 1],
  // The key sets loaded: the signing key of the jwt set in each of the API, iris and career, and
  // the loads of the API's two key sets, iris's and career's (the panels would have series from one).
  ['count by (service) (keyset_signing_key_info{keyset="jwt"})', 3],
  ['keyset_reloads_total{result="ok"} > 0', 4],
  // Not exported before their first event: a series at all is the event.
  ['rate_limit_decisions_total{service="api",decision="unavailable_allowed"} > 0', 1],
  ['twilio_requests_total{service="phoenix-operator",code!~"2.."} > 0', 1],
  ['workqueue_retries_total{service="phoenix-operator"} > 0', 1],
  ['reflector_watch_ends_total{service="phoenix-operator"} > 0', 1],
  ['worker_jobs_total{service="workers",queue="sweeper",outcome="inbound"} > 0', 1],
];
