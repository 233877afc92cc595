// The provisioning decisions, one table each: the FriendlyName tag, the webhook the platform
// wants and when a number has drifted from it, which Twilio errors are terminal, how a number
// came to be ours, when a recorded failure stops further calls, the numbers a resource holds, the
// pick among search results, and the Ready and failed statuses. (Release: release.test.ts.)
import { describe, expect, it } from "vitest";
import type { TwilioNumber, TwilioNumberStatus } from "@phoenix/crds/twilio-number";
import type { IncomingNumber } from "@phoenix/twilio";
import { TwilioApiError } from "@phoenix/twilio";
import type { TwilioFailureKind } from "@phoenix/twilio";
import { findCondition } from "@phoenix/kube/conditions";
import {
  desiredWebhook,
  failedStatus,
  friendlyName,
  mayOwnNumber,
  numbersHeld,
  pickNumber,
  provisionedReason,
  readyStatus,
  reasons,
  reservedNumberAnnotation,
  terminalForGeneration,
  terminalReason,
  webhookDrifted,
} from "./decisions.ts";

const t0 = new Date("2026-01-15T12:00:00Z");

function twilioNumber(
  overrides: {
    name?: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    smsWebhookPath?: string;
  } = {},
  status?: TwilioNumberStatus,
  annotations?: Record<string, string>,
): TwilioNumber {
  return {
    apiVersion: "phoenix.dev/v1alpha1",
    kind: "TwilioNumber",
    metadata: {
      name: overrides.name ?? "alice",
      namespace: overrides.namespace ?? "users",
      uid: overrides.uid ?? "0b5c6f1e-0000-4000-8000-000000000001",
      generation: overrides.generation ?? 3,
      ...(annotations && { annotations }),
    },
    spec: {
      userId: "alice",
      countryCode: "US",
      releasePolicy: "Release",
      ...(overrides.smsWebhookPath && { smsWebhookPath: overrides.smsWebhookPath }),
    },
    ...(status && { status }),
  };
}

const number = (fields: Partial<IncomingNumber> = {}): IncomingNumber =>
  ({
    sid: "PN1",
    phone_number: "+14155550001",
    sms_url: "https://sms.example/twilio/sms",
    sms_method: "POST",
    status_callback: "https://sms.example/twilio/status",
    ...fields,
  }) as IncomingNumber;

function twilioError(status: number, code?: number, kind: TwilioFailureKind = "http"): TwilioApiError {
  return new TwilioApiError(`HTTP ${status}`, {
    operation: "numbers.buy",
    kind,
    status,
    code,
    moreInfo: undefined,
    retryAfterMs: undefined,
  });
}

describe("friendlyName", () => {
  it("is namespace/name/uid when it fits in Twilio's 64 characters", () => {
    expect(friendlyName(twilioNumber())).toBe("users/alice/0b5c6f1e-0000-4000-8000-000000000001");
    const exactly64 = twilioNumber({
      namespace: "n",
      name: "x".repeat(64 - 2 - 36 - 1),
      uid: "u".repeat(36),
    });
    expect(friendlyName(exactly64)).toHaveLength(64);
    expect(friendlyName(exactly64)).toBe(`n/${"x".repeat(25)}/${"u".repeat(36)}`);
  });
  it("hashes namespace/name, keeping the uid, when it would not", () => {
    const long = twilioNumber({ namespace: "a-rather-long-namespace", name: "a-rather-long-resource-name" });
    const tag = friendlyName(long);
    expect(tag).toMatch(/^[0-9a-f]{16}\/0b5c6f1e-0000-4000-8000-000000000001$/);
    expect(tag.length).toBeLessThanOrEqual(64);
    const other = friendlyName(
      twilioNumber({ namespace: "a-rather-long-namespace", name: "a-rather-long-resource-namf" }),
    );
    expect(other.slice(0, 16)).not.toBe(tag.slice(0, 16));
  });
});

describe("desiredWebhook and webhookDrifted", () => {
  const config = {
    publicBaseUrl: "https://sms.example//",
    smsPath: "/twilio/sms",
    statusPath: "/twilio/status",
  };

  it("points SMS and status callbacks at the platform, trailing slashes dropped", () => {
    expect(desiredWebhook(twilioNumber(), config)).toEqual({
      smsUrl: "https://sms.example/twilio/sms",
      smsMethod: "POST",
      statusCallback: "https://sms.example/twilio/status",
    });
  });
  it("uses the resource's own SMS path when it has one", () => {
    expect(desiredWebhook(twilioNumber({ smsWebhookPath: "/twilio/sms/alice" }), config).smsUrl).toBe(
      "https://sms.example/twilio/sms/alice",
    );
  });
  it.each<[string, Partial<IncomingNumber>, boolean]>([
    ["as configured", {}, false],
    ["a lower-case method", { sms_method: "post" }, false],
    ["no method (Twilio's default is POST)", { sms_method: undefined }, false],
    ["another SMS URL", { sms_url: "https://evil.example/sms" }, true],
    ["GET", { sms_method: "GET" }, true],
    ["another status callback", { status_callback: "https://sms.example/other" }, true],
    ["no status callback", { status_callback: null }, true],
  ])("a number %s has drifted: %s", (_, fields, drifted) => {
    expect(webhookDrifted(number(fields), desiredWebhook(twilioNumber(), config))).toBe(drifted);
  });
});

describe("terminalReason", () => {
  it.each<[string, unknown, string | undefined]>([
    ["21421 invalid number", twilioError(400, 21421), reasons.InvalidNumber],
    ["21422 number not available", twilioError(400, 21422), reasons.NumberNotAvailable],
    ["21452 no numbers available", twilioError(400, 21452), reasons.NoNumbersAvailable],
    ["another 400 business error", twilioError(400, 21450), reasons.TwilioRejected],
    ["a 404", twilioError(404, 20404), reasons.TwilioRejected],
    ["a 499", twilioError(499), reasons.TwilioRejected],
    ["401: configuration, not the spec", twilioError(401, 20003), undefined],
    ["403: configuration, not the spec", twilioError(403, 20008), undefined],
    ["429: retry", twilioError(429, 20429), undefined],
    ["503: retry", twilioError(503), undefined],
    ["a timeout", twilioError(0, undefined, "timeout"), undefined],
    ["a malformed 200", twilioError(200, undefined, "malformed"), undefined],
    ["not a Twilio error", new Error("boom"), undefined],
  ])("%s → %s", (_, error, reason) => {
    expect(terminalReason(error)).toBe(reason);
  });
});

describe("provisionedReason", () => {
  const provisioned = (reason: string, status: "True" | "False" = "True"): TwilioNumberStatus => ({
    sid: "PN1",
    conditions: [{ type: "Provisioned", status, reason, message: "", lastTransitionTime: t0.toISOString() }],
  });
  it.each<[string, TwilioNumberStatus | undefined, string]>([
    ["no status: adopted", undefined, reasons.Adopted],
    ["another sid recorded: adopted", { sid: "PN9" }, reasons.Adopted],
    ["its sid, bought by this resource", provisioned(reasons.Provisioned), reasons.Provisioned],
    ["its sid, once adopted: stays Adopted", provisioned(reasons.Adopted), reasons.Adopted],
    [
      "its sid with a failed Provisioned condition",
      provisioned(reasons.TwilioRejected, "False"),
      reasons.Provisioned,
    ],
    ["its sid, no condition yet", { sid: "PN1" }, reasons.Provisioned],
  ])("%s", (_, status, reason) => {
    expect(provisionedReason(twilioNumber({}, status), number())).toBe(reason);
  });
});

describe("terminalForGeneration", () => {
  const ready = (
    status: "True" | "False",
    reason: string,
    observedGeneration: number,
  ): TwilioNumberStatus => ({
    conditions: [
      {
        type: "Ready",
        status,
        reason,
        message: "m",
        observedGeneration,
        lastTransitionTime: t0.toISOString(),
      },
    ],
  });
  it.each<[string, TwilioNumberStatus | undefined, boolean]>([
    ["no status", undefined, false],
    ["Ready", ready("True", reasons.Ready, 3), false],
    ["a terminal failure of this generation", ready("False", reasons.NumberNotAvailable, 3), true],
    ["TwilioRejected of this generation", ready("False", reasons.TwilioRejected, 3), true],
    ["a terminal failure of an older generation", ready("False", reasons.NumberNotAvailable, 2), false],
    ["a failure that is not terminal", ready("False", reasons.ReleaseFailed, 3), false],
  ])("%s → stop calling Twilio: %s", (_, status, terminal) => {
    const condition = terminalForGeneration(twilioNumber({ generation: 3 }, status));
    expect(condition !== undefined).toBe(terminal);
    if (terminal) expect(condition).toMatchObject({ type: "Ready", status: "False" });
  });
});

describe("numbersHeld and mayOwnNumber", () => {
  it("lists the reservation, the recorded reservation and the number, each once", () => {
    const tn = twilioNumber(
      {},
      { reservedNumber: "+1415555000B", phoneNumber: "+1415555000C" },
      {
        [reservedNumberAnnotation]: "+1415555000A",
      },
    );
    expect(numbersHeld(tn)).toEqual(["+1415555000A", "+1415555000B", "+1415555000C"]);
    const same = twilioNumber({}, { reservedNumber: "+14155550001", phoneNumber: "+14155550001" });
    expect(numbersHeld(same)).toEqual(["+14155550001"]);
    expect(numbersHeld(twilioNumber())).toEqual([]);
    expect(numbersHeld(twilioNumber({}, { phoneNumber: "" }))).toEqual([]);
  });
  it.each<[string, TwilioNumberStatus | undefined, Record<string, string> | undefined, boolean]>([
    ["nothing recorded", undefined, undefined, false],
    ["an empty status", { conditions: [] }, undefined, false],
    ["a reservation", undefined, { [reservedNumberAnnotation]: "+14155550001" }, true],
    ["a sid", { sid: "PN1" }, undefined, true],
    [
      "a condition",
      {
        conditions: [
          { type: "Ready", status: "False", reason: "x", message: "", lastTransitionTime: t0.toISOString() },
        ],
      },
      undefined,
      true,
    ],
  ])("may own a number with %s: %s", (_, status, annotations, may) => {
    expect(mayOwnNumber(twilioNumber({}, status, annotations))).toBe(may);
  });
});

describe("pickNumber", () => {
  const page = [{ phone_number: "+1" }, { phone_number: "+2" }, { phone_number: "+3" }];
  it.each([
    [0, "+1"],
    [0.34, "+2"],
    [0.999, "+3"],
  ])("random %d picks %s", (random, expected) => {
    expect(pickNumber(page, () => random)).toBe(expected);
  });
  it("picks nothing from an empty page", () => {
    expect(pickNumber([], () => 0)).toBeUndefined();
  });
});

describe("readyStatus and failedStatus", () => {
  it("records the number, its sid, its price and three True conditions for this generation", () => {
    const status = readyStatus(twilioNumber(), number(), { how: reasons.Adopted, monthlyPrice: "1.40" }, t0);
    expect(status).toMatchObject({
      phoneNumber: "+14155550001",
      sid: "PN1",
      reservedNumber: "+14155550001",
      monthlyPrice: "1.40",
      observedGeneration: 3,
    });
    expect(findCondition(status.conditions, "Provisioned")).toMatchObject({
      status: "True",
      reason: reasons.Adopted,
      message: "+14155550001 (PN1)",
      observedGeneration: 3,
    });
    expect(findCondition(status.conditions, "WebhookConfigured")).toMatchObject({
      status: "True",
      reason: reasons.WebhookConfigured,
      message: "https://sms.example/twilio/sms",
    });
    expect(findCondition(status.conditions, "Ready")).toMatchObject({
      status: "True",
      reason: reasons.Ready,
      message: "+14155550001 routes to the platform",
      lastTransitionTime: t0.toISOString(),
    });
  });
  it("keeps a recorded price when Twilio lists none, and a webhook message even without an SMS URL", () => {
    const before = twilioNumber({}, { monthlyPrice: "1.15" });
    const status = readyStatus(
      before,
      number({ sms_url: null }),
      { how: reasons.Provisioned, monthlyPrice: undefined },
      t0,
    );
    expect(status.monthlyPrice).toBe("1.15");
    expect(findCondition(status.conditions, "WebhookConfigured")?.message).toBe("");
  });
  it("a failure drops the failed choice and sets Provisioned and Ready False with the reason", () => {
    const tn = twilioNumber({}, { reservedNumber: "+14155550009", monthlyPrice: "1.15" });
    const status = failedStatus(tn, reasons.NumberNotAvailable, "21422: gone", t0);
    expect(status.reservedNumber).toBeUndefined();
    expect(status.monthlyPrice).toBe("1.15");
    expect(status.observedGeneration).toBe(3);
    for (const type of ["Provisioned", "Ready"]) {
      expect(findCondition(status.conditions, type)).toMatchObject({
        status: "False",
        reason: reasons.NumberNotAvailable,
        message: "21422: gone",
        observedGeneration: 3,
      });
    }
  });
});
