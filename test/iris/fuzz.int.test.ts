// Iris fuzzed with malformed requests on every route of its OpenAPI document, as the API is
// (test/platform/fuzz-api.int.test.ts, ADR 0044): every case a 4xx, never a 5xx, no table changed,
// the app still healthy and ready. FUZZ_SEED=<n> replays or explores another draw.
import { describe, expect, it } from "vitest";
import {
  expectHealthy,
  fuzzSeed,
  kernelCases,
  runCases,
  seededRandom,
  statusCounts,
  tableFingerprints,
  unexpected,
} from "../support/fuzz.ts";
import { operationCases, operationsOf } from "../support/fuzz-openapi.ts";
import type { OpenApiDocument } from "../support/fuzz-openapi.ts";
import { startTestIris } from "./harness.ts";

const SEED = fuzzSeed(20_261_205);
const BODY_LIMIT = 1024 * 1024;

describe("iris under malformed requests to every route", () => {
  it("answers every case with a 4xx, writes nothing and stays ready", async () => {
    const iris = await startTestIris();
    try {
      const user = await iris.user();
      const callers = { user: { userId: user.id, accessToken: user.token }, adminToken: user.token };
      const random = seededRandom(SEED);
      const document = (
        await iris.app.inject({ method: "GET", url: "/docs/openapi.json" })
      ).json<OpenApiDocument>();
      const operations = operationsOf(document);
      expect(operations.length).toBeGreaterThanOrEqual(12);
      const cases = [
        ...operations.flatMap((operation) => operationCases(operation, callers, random, BODY_LIMIT)),
        ...kernelCases(random),
      ];
      const before = await tableFingerprints(iris.pool);
      const outcomes = await runCases(iris.app, cases);
      console.info(
        `iris fuzz: ${operations.length} routes, ${cases.length} cases, seed ${SEED}`,
        statusCounts(outcomes),
      );
      expect(unexpected(outcomes), `seed ${SEED}`).toEqual([]);
      expect(await tableFingerprints(iris.pool)).toEqual(before);
      await expectHealthy(iris.app);
    } finally {
      await iris.close();
    }
  });
});
