import { describe, expect, it } from "vitest";
import { extractKnownParams, operationParams } from "../scripts/generate-known-params.ts";
import { knownParams } from "./known-params.ts";
import { restRoutes } from "./rest-api.ts";
import type { EmulatorContext } from "./context.ts";

describe("known parameters", () => {
  it("match the request types of the installed stripe package (regenerate with scripts/generate-known-params.ts)", () => {
    const { params } = extractKnownParams();
    const committed = Object.fromEntries(
      Object.entries(knownParams).map(([operation, names]) => [operation, [...names]]),
    );
    expect(committed).toEqual(params);
  });

  it("cover every route, and every parameter a route models is one Stripe knows", () => {
    const routes = restRoutes({} as EmulatorContext);
    expect(routes.map((route) => route.operation).toSorted()).toEqual(
      Object.keys(operationParams).toSorted(),
    );
    for (const route of routes) {
      const unknown = route.supported.filter((name) => !knownParams[route.operation]?.has(name));
      expect(unknown, route.operation).toEqual([]);
    }
  });
});
