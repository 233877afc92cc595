// Releasing a number when its TwilioNumber is deleted: what a deletion does, which numbers it
// releases, and what the resource says while Twilio refuses (Ready=False and Released=False,
// ReleaseFailed, Twilio's answer in the message; transition times move only on flips).
import { describe, expect, it } from "vitest";
import type { TwilioNumber, TwilioNumberStatus } from "@phoenix/crds/twilio-number";
import type { IncomingNumber } from "@phoenix/twilio";
import { TwilioApiError } from "@phoenix/twilio";
import { findCondition } from "@phoenix/kube/conditions";
import { statusDiffers } from "@phoenix/kube/status";
import {
  finalizer,
  numbersToRelease,
  readyStatus,
  reasons,
  releaseAction,
  releaseFailedStatus,
  releaseFailureMessage,
  terminalForGeneration,
} from "./decisions.ts";

const t0 = new Date("2026-01-15T12:00:00Z");
const t1 = new Date("2026-01-15T12:00:05Z");
const t2 = new Date("2026-01-15T12:00:30Z");

function twilioNumber(
  options: {
    finalizers?: string[];
    releasePolicy?: "Release" | "Retain";
    status?: TwilioNumberStatus;
  } = {},
): TwilioNumber {
  return {
    apiVersion: "phoenix.dev/v1alpha1",
    kind: "TwilioNumber",
    metadata: {
      name: "alice",
      namespace: "ns",
      uid: "uid-alice",
      generation: 2,
      deletionTimestamp: "2026-01-15T12:00:00Z",
      ...(options.finalizers && { finalizers: options.finalizers }),
    },
    spec: { userId: "alice", countryCode: "US", releasePolicy: options.releasePolicy ?? "Release" },
    ...(options.status && { status: options.status }),
  };
}

const incoming = { sid: "PN1", phone_number: "+14155550001", sms_url: "https://sms.example/twilio/sms" };

/** A Ready resource being deleted, as the operator left it at t0. */
function readyThenDeleted(): TwilioNumber {
  const tn = twilioNumber({ finalizers: [finalizer] });
  return {
    ...tn,
    status: readyStatus(
      tn,
      incoming as IncomingNumber,
      { how: reasons.Provisioned, monthlyPrice: "1.15" },
      t0,
    ),
  };
}

const twilioError = (message: string, init: Partial<ConstructorParameters<typeof TwilioApiError>[1]>) =>
  new TwilioApiError(message, { operation: "numbers.release", kind: "http", status: 500, ...init });

describe("releaseAction", () => {
  it.each([
    { case: "no finalizer (already finalized)", finalizers: undefined, policy: "Release", want: "None" },
    {
      case: "only someone else's finalizer",
      finalizers: ["example.com/other"],
      policy: "Release",
      want: "None",
    },
    { case: "ours, policy Release", finalizers: [finalizer], policy: "Release", want: "Release" },
    {
      case: "ours among others, policy Release",
      finalizers: ["example.com/other", finalizer],
      policy: "Release",
      want: "Release",
    },
    { case: "ours, policy Retain", finalizers: [finalizer], policy: "Retain", want: "Retain" },
  ] as const)("$case → $want", ({ finalizers, policy, want }) => {
    const tn = twilioNumber({ ...(finalizers && { finalizers: [...finalizers] }), releasePolicy: policy });
    expect(releaseAction(tn)).toBe(want);
  });
});

describe("numbersToRelease", () => {
  it.each([
    { case: "nothing recorded, nothing tagged (never bought)", sid: undefined, tagged: [], want: [] },
    { case: "the recorded number, already gone at Twilio", sid: "PN1", tagged: [], want: ["PN1"] },
    { case: "the recorded number, also tagged: once", sid: "PN1", tagged: ["PN1"], want: ["PN1"] },
    { case: "bought before a crash, never recorded", sid: undefined, tagged: ["PN2"], want: ["PN2"] },
    {
      case: "the recorded one first, then the others",
      sid: "PN1",
      tagged: ["PN2", "PN1"],
      want: ["PN1", "PN2"],
    },
  ])("$case → $want", ({ sid, tagged, want }) => {
    const tn = twilioNumber({ finalizers: [finalizer], ...(sid && { status: { sid } }) });
    expect(
      numbersToRelease(
        tn,
        tagged.map((s) => ({ sid: s })),
      ),
    ).toEqual(want);
  });
});

describe("releaseFailureMessage", () => {
  it.each([
    {
      case: "5xx",
      error: twilioError("numbers.release: HTTP 503, code 20503: Service Unavailable", {
        status: 503,
        code: 20503,
      }),
      contains: ["releasing PN1 failed", "HTTP 503", "20503"],
    },
    {
      case: "429",
      error: twilioError("numbers.release: HTTP 429, code 20429: Too Many Requests", {
        status: 429,
        code: 20429,
      }),
      contains: ["HTTP 429", "20429"],
    },
    {
      case: "a business error (4xx with Twilio's code)",
      error: twilioError("numbers.release: HTTP 400, code 21649: Number is under review", {
        status: 400,
        code: 21649,
      }),
      contains: ["HTTP 400", "21649", "Number is under review"],
    },
    {
      case: "no answer (network)",
      error: twilioError("numbers.release: request to Twilio failed: ECONNREFUSED", {
        kind: "network",
        status: 0,
      }),
      contains: ["request to Twilio failed: ECONNREFUSED"],
    },
    {
      case: "no answer in time",
      error: twilioError("numbers.release: no response from Twilio within 10000 ms", {
        kind: "timeout",
        status: 0,
      }),
      contains: ["no response from Twilio within 10000 ms"],
    },
    { case: "not a Twilio error", error: new Error("socket hang up"), contains: ["socket hang up"] },
    { case: "not even an Error", error: "boom", contains: ["boom"] },
  ])("$case: says which step, Twilio's answer, and that it is retried", ({ error, contains }) => {
    const message = releaseFailureMessage("releasing PN1", error);
    for (const part of contains) expect(message).toContain(part);
    expect(message).toContain("retrying");
    // Identical failures read identically: a retry that fails the same way writes nothing.
    expect(releaseFailureMessage("releasing PN1", error)).toBe(message);
  });
});

describe("releaseFailedStatus", () => {
  const message = releaseFailureMessage(
    "releasing PN1",
    twilioError("numbers.release: HTTP 503, code 20503: Service Unavailable", { status: 503, code: 20503 }),
  );

  it("turns Ready=True into Ready=False and adds Released=False, both ReleaseFailed, at the flip", () => {
    const tn = readyThenDeleted();
    const status = releaseFailedStatus(tn, message, t1);
    for (const type of ["Ready", "Released"]) {
      expect(findCondition(status.conditions, type), type).toEqual({
        type,
        status: "False",
        reason: reasons.ReleaseFailed,
        message,
        observedGeneration: 2,
        lastTransitionTime: t1.toISOString(),
      });
    }
    expect(status.observedGeneration).toBe(2);
  });

  it("keeps what is still true: the number is still bought, provisioned and counted", () => {
    const tn = readyThenDeleted();
    const status = releaseFailedStatus(tn, message, t1);
    expect(status).toMatchObject({ phoneNumber: "+14155550001", sid: "PN1", monthlyPrice: "1.15" });
    expect(findCondition(status.conditions, "Provisioned")).toEqual(
      findCondition(tn.status?.conditions, "Provisioned"),
    );
    expect(findCondition(status.conditions, "WebhookConfigured")).toEqual(
      findCondition(tn.status?.conditions, "WebhookConfigured"),
    );
  });

  it("a later failure with another answer updates the message, not the transition time", () => {
    const failed = { ...readyThenDeleted(), status: releaseFailedStatus(readyThenDeleted(), message, t1) };
    const other = releaseFailureMessage(
      "releasing PN1",
      twilioError("numbers.release: HTTP 429, code 20429: Too Many Requests", { status: 429, code: 20429 }),
    );
    const status = releaseFailedStatus(failed, other, t2);
    for (const type of ["Ready", "Released"]) {
      expect(findCondition(status.conditions, type), type).toMatchObject({
        status: "False",
        message: other,
        lastTransitionTime: t1.toISOString(),
      });
    }
  });

  it("the same failure again is no change: nothing to write", () => {
    const failed = { ...readyThenDeleted(), status: releaseFailedStatus(readyThenDeleted(), message, t1) };
    expect(statusDiffers(failed.status, { ...releaseFailedStatus(failed, message, t2) })).toBe(false);
  });

  it("is not a terminal failure: the release is retried, whatever Twilio answered", () => {
    const failed = { ...readyThenDeleted(), status: releaseFailedStatus(readyThenDeleted(), message, t1) };
    expect(terminalForGeneration(failed)).toBeUndefined();
  });
});
