// Choosing a number: never one another resource holds; a failed choice is dropped; how the
// resource came by its number is kept once recorded.
import { describe, expect, it } from "vitest";
import type { TwilioNumber, TwilioNumberStatus } from "@phoenix/crds/twilio-number";
import type { IncomingNumber } from "@phoenix/twilio";
import {
  failedStatus,
  mayOwnNumber,
  provisionedReason,
  readyStatus,
  reservationOf,
  reservedNumberAnnotation,
} from "./decisions.ts";
import { HeldNumbers, NumberClaims } from "./number-claims.ts";

const now = new Date("2026-01-15T12:00:00Z");

function twilioNumber(name: string, status?: TwilioNumberStatus): TwilioNumber {
  return {
    apiVersion: "phoenix.dev/v1alpha1",
    kind: "TwilioNumber",
    metadata: { name, namespace: "ns", uid: `uid-${name}`, generation: 1 },
    spec: { userId: name, countryCode: "US", releasePolicy: "Release", areaCode: "415" },
    ...(status && { status }),
  };
}

/** A resource whose reservation is recorded the current way: an annotation (ADR 0011). */
function reserving(name: string, number: string): TwilioNumber {
  const tn = twilioNumber(name);
  return { ...tn, metadata: { ...tn.metadata, annotations: { [reservedNumberAnnotation]: number } } };
}

const incoming = (sid: string, phone: string) =>
  ({ sid, phone_number: phone, sms_url: "https://sms.example/twilio/sms" }) as IncomingNumber;

describe("NumberClaims", () => {
  it("keeps a claimed number from every other key, not from its holder", () => {
    const claims = new NumberClaims();
    claims.claim("ns/a", "+14155550001");
    expect(claims.heldByOther("+14155550001", "ns/b")).toBe(true);
    expect(claims.heldByOther("+14155550001", "ns/a")).toBe(false);
    expect(claims.heldByOther("+14155550002", "ns/b")).toBe(false);
  });

  it("lets go of the previous number on a new claim, and of everything on release", () => {
    const claims = new NumberClaims();
    claims.claim("ns/a", "+14155550001");
    claims.claim("ns/a", "+14155550002");
    expect(claims.heldByOther("+14155550001", "ns/b")).toBe(false);
    claims.release("ns/a");
    expect(claims.heldByOther("+14155550002", "ns/b")).toBe(false);
  });
});

describe("HeldNumbers", () => {
  it("finds the numbers other resources chose or hold, never the resource's own", () => {
    const held = new HeldNumbers();
    const self = twilioNumber("self", { reservedNumber: "+14155550009" });
    for (const tn of [
      self,
      twilioNumber("buying", { reservedNumber: "+14155550001" }),
      twilioNumber("ready", { reservedNumber: "+14155550002", phoneNumber: "+14155550002" }),
      twilioNumber("fresh"),
    ])
      held.set(tn);
    expect(held.heldByOther("+14155550001", self)).toBe(true);
    expect(held.heldByOther("+14155550002", self)).toBe(true);
    expect(held.heldByOther("+14155550009", self)).toBe(false);
    expect(held.heldByOther("+14155550003", self)).toBe(false);
  });

  it("follows status changes and deletions", () => {
    const held = new HeldNumbers();
    const self = twilioNumber("self");
    const other = twilioNumber("other", { reservedNumber: "+14155550001" });
    const handler = held.handler();
    held.set(other);
    // The failed choice is dropped from the status: the number is free again.
    const failed = twilioNumber("other", failedStatus(other, "NumberNotAvailable", "gone", now));
    handler.onUpdate?.(other, failed);
    expect(held.heldByOther("+14155550001", self)).toBe(false);
    const bought = twilioNumber("other", { reservedNumber: "+14155550002", phoneNumber: "+14155550002" });
    handler.onUpdate?.(failed, bought);
    expect(held.heldByOther("+14155550002", self)).toBe(true);
    handler.onDelete?.(bought);
    expect(held.heldByOther("+14155550002", self)).toBe(false);
  });

  it("counts a reservation recorded as an annotation, until a failure drops it", () => {
    const held = new HeldNumbers();
    const self = twilioNumber("self");
    const other = reserving("other", "+14155550004");
    const handler = held.handler();
    handler.onAdd?.(other);
    expect(held.heldByOther("+14155550004", self)).toBe(true);
    handler.onUpdate?.(other, twilioNumber("other"));
    expect(held.heldByOther("+14155550004", self)).toBe(false);
  });

  it("treats a number two resources hold as taken for both", () => {
    const held = new HeldNumbers();
    const a = twilioNumber("a", { phoneNumber: "+14155550001" });
    const b = twilioNumber("b", { phoneNumber: "+14155550001" });
    held.set(a);
    held.set(b);
    expect(held.heldByOther("+14155550001", a)).toBe(true);
  });
});

describe("mayOwnNumber", () => {
  it("is false only while the status records nothing, so the adoption lookup is skipped", () => {
    expect(mayOwnNumber(twilioNumber("fresh"))).toBe(false);
    expect(mayOwnNumber(twilioNumber("empty", {}))).toBe(false);
    expect(mayOwnNumber(twilioNumber("reserved", { reservedNumber: "+14155550001" }))).toBe(true);
    expect(mayOwnNumber(reserving("annotated", "+14155550001"))).toBe(true);
    expect(mayOwnNumber(twilioNumber("bought", { sid: "PN1" }))).toBe(true);
    // A failure after a purchase drops the reservation but keeps its conditions: look again.
    const failed = failedStatus(twilioNumber("x", { reservedNumber: "+1" }), "TwilioRejected", "no", now);
    expect(mayOwnNumber(twilioNumber("failed", failed))).toBe(true);
  });
});

describe("reservationOf", () => {
  it("reads the annotation first, then a status an earlier operator version wrote", () => {
    expect(reservationOf(twilioNumber("fresh"))).toBeUndefined();
    expect(reservationOf(reserving("annotated", "+14155550001"))).toBe("+14155550001");
    expect(reservationOf(twilioNumber("legacy", { reservedNumber: "+14155550002" }))).toBe("+14155550002");
    const both = { ...reserving("both", "+14155550001"), status: { reservedNumber: "+14155550002" } };
    expect(reservationOf(both)).toBe("+14155550001");
  });
});

describe("failedStatus", () => {
  it("drops the chosen number, so a changed spec searches again", () => {
    const tn = twilioNumber("taken", { reservedNumber: "+14155550001" });
    const status = failedStatus(tn, "NumberNotAvailable", "gone", now);
    expect(status).not.toHaveProperty("reservedNumber");
    expect(status.conditions).toContainEqual(
      expect.objectContaining({ type: "Ready", status: "False", reason: "NumberNotAvailable" }),
    );
  });
});

describe("provisionedReason", () => {
  const number = incoming("PN1", "+14155550001");

  it("is Adopted for a tagged number the status does not record", () => {
    expect(provisionedReason(twilioNumber("crashed", { reservedNumber: "+14155550001" }), number)).toBe(
      "Adopted",
    );
  });

  it("keeps the recorded reason once the number is in the status", () => {
    const adopted = twilioNumber("crashed");
    adopted.status = readyStatus(adopted, number, { how: "Adopted", monthlyPrice: "1.15" }, now);
    expect(provisionedReason(adopted, number)).toBe("Adopted");
    const bought = twilioNumber("bought");
    bought.status = readyStatus(bought, number, { how: "Provisioned", monthlyPrice: "1.15" }, now);
    expect(provisionedReason(bought, number)).toBe("Provisioned");
  });
});
