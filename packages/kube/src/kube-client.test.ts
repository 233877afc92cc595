import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { apiVersionOf, microTime, resourcePath, statusCodeOf } from "./kube-client.ts";

const twilioNumbers = { group: "phoenix.dev", version: "v1alpha1", plural: "twilionumbers" };
const configMaps = { group: "", version: "v1", plural: "configmaps" };
const namespaces = { group: "", version: "v1", plural: "namespaces", namespaced: false };

describe("resourcePath", () => {
  it("builds collection, object and subresource paths for grouped resources", () => {
    expect(resourcePath(twilioNumbers, { namespace: "users" })).toBe(
      "/apis/phoenix.dev/v1alpha1/namespaces/users/twilionumbers",
    );
    expect(resourcePath(twilioNumbers, { namespace: "users", name: "n-1", subresource: "status" })).toBe(
      "/apis/phoenix.dev/v1alpha1/namespaces/users/twilionumbers/n-1/status",
    );
    expect(resourcePath(twilioNumbers)).toBe("/apis/phoenix.dev/v1alpha1/twilionumbers");
  });

  it("uses /api for the core group and ignores namespaces for cluster-scoped resources", () => {
    expect(resourcePath(configMaps, { namespace: "a", name: "b" })).toBe("/api/v1/namespaces/a/configmaps/b");
    expect(resourcePath(namespaces, { namespace: "ignored", name: "a" })).toBe("/api/v1/namespaces/a");
  });

  it("escapes names", () => {
    expect(resourcePath(configMaps, { namespace: "a", name: "x/y" })).toBe(
      "/api/v1/namespaces/a/configmaps/x%2Fy",
    );
  });
});

describe("helpers", () => {
  it("derives apiVersion", () => {
    expect(apiVersionOf(twilioNumbers)).toBe("phoenix.dev/v1alpha1");
    expect(apiVersionOf(configMaps)).toBe("v1");
  });

  it("formats MicroTime with six fractional digits", () => {
    expect(microTime(Date.parse("2025-03-04T05:06:07.089Z"))).toBe("2025-03-04T05:06:07.089000Z");
  });

  it("reads the status code of client-node errors and of watch errors", () => {
    expect(statusCodeOf(new ApiException(409, "Conflict", {}, {}))).toBe(409);
    expect(statusCodeOf(Object.assign(new Error("Gone"), { statusCode: 410 }))).toBe(410);
    expect(statusCodeOf(new Error("ECONNRESET"))).toBeUndefined();
  });
});
