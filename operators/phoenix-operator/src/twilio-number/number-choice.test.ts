// Choosing a number: never one another resource holds; a failed choice is dropped; how the
// resource came by its number is kept once recorded.
import { describe, expect, it } from "vitest";
import type { TwilioNumber, TwilioNumberStatus } from "@phoenix/crds/twilio-number";
import type { IncomingNumber } from "@phoenix/twilio";
import { failedStatus, numbersOfOthers, provisionedReason, readyStatus } from "./decisions.ts";
import { NumberClaims } from "./number-claims.ts";

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

describe("numbersOfOthers", () => {
  it("collects the numbers other resources chose or hold, never the resource's own", () => {
    const self = twilioNumber("self", { reservedNumber: "+14155550009" });
    const others = [
      self,
      twilioNumber("buying", { reservedNumber: "+14155550001" }),
      twilioNumber("ready", { reservedNumber: "+14155550002", phoneNumber: "+14155550002" }),
      twilioNumber("fresh"),
    ];
    expect(numbersOfOthers(others, self)).toEqual(new Set(["+14155550001", "+14155550002"]));
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
    adopted.status = readyStatus(adopted, number, "Adopted", now);
    expect(provisionedReason(adopted, number)).toBe("Adopted");
    const bought = twilioNumber("bought");
    bought.status = readyStatus(bought, number, "Provisioned", now);
    expect(provisionedReason(bought, number)).toBe("Provisioned");
  });
});
