// TwilioNumber: one dedicated Twilio phone number per end user (design brief §3).
import Type from "typebox";
import type { Static } from "typebox";
import { customResourceDefinition } from "./crd.ts";
import { conditions, group, immutable, stringEnum, version } from "./schema.ts";
import type { Defaulted, ObjectMeta } from "./schema.ts";

export const twilioNumberSpec = Type.Object(
  {
    userId: immutable(
      Type.String({ description: "The Phoenix user this number belongs to.", minLength: 1, maxLength: 128 }),
      "userId",
    ),
    countryCode: Type.Optional(
      immutable(
        Type.String({
          description: "ISO 3166-1 alpha-2 country of the number.",
          pattern: "^[A-Z]{2}$",
          default: "US",
        }),
        "countryCode",
      ),
    ),
    areaCode: Type.Optional(
      Type.String({ description: "Preferred area code (digits only).", pattern: "^[0-9]{2,5}$" }),
    ),
    contains: Type.Optional(
      Type.String({
        description: "Pattern the number must contain; digits, letters and the Twilio wildcard '*'.",
        pattern: "^[0-9A-Za-z*]{2,16}$",
      }),
    ),
    smsWebhookPath: Type.Optional(
      Type.String({
        description:
          "Path of the inbound-SMS webhook under the platform's public base URL; derived from the operator's config when unset.",
        pattern: "^/[A-Za-z0-9/._~-]*$",
        maxLength: 256,
      }),
    ),
    releasePolicy: Type.Optional(
      stringEnum(["Release", "Retain"], {
        description: "What happens to the number at Twilio when this resource is deleted.",
        default: "Release",
      }),
    ),
  },
  { description: "The desired number." },
);

export const twilioNumberStatus = Type.Object(
  {
    phoneNumber: Type.Optional(Type.String({ description: "The provisioned number, E.164." })),
    sid: Type.Optional(Type.String({ description: "Twilio IncomingPhoneNumber SID (PN…)." })),
    reservedNumber: Type.Optional(
      Type.String({ description: "The number chosen from a search, recorded before buying it." }),
    ),
    monthlyPrice: Type.Optional(Type.String({ description: "Monthly rental in USD, as Twilio prices it." })),
    observedGeneration: Type.Optional(
      Type.Integer({ description: "The generation last reconciled.", minimum: 0 }),
    ),
    conditions: Type.Optional(conditions),
  },
  { description: "The observed state, written by the operator." },
);

export type TwilioNumberSpec = Static<typeof twilioNumberSpec>;
export type TwilioNumberStatus = Static<typeof twilioNumberStatus>;

export interface TwilioNumber {
  apiVersion: `${typeof group}/${typeof version}`;
  kind: "TwilioNumber";
  metadata: ObjectMeta;
  spec: Defaulted<TwilioNumberSpec, "countryCode" | "releasePolicy">;
  status?: TwilioNumberStatus;
}

/** A TwilioNumber as a client creates it: the API server fills in the spec's defaults. */
export type NewTwilioNumber = Omit<TwilioNumber, "spec" | "status"> & { spec: TwilioNumberSpec };

export const twilioNumberResource = {
  group,
  version,
  plural: "twilionumbers",
  kind: "TwilioNumber",
} as const;

export const twilioNumberCrd = customResourceDefinition({
  kind: "TwilioNumber",
  plural: "twilionumbers",
  singular: "twilionumber",
  shortNames: ["twn"],
  description:
    "A dedicated Twilio phone number for one Phoenix user, provisioned and released by the operator.",
  spec: twilioNumberSpec,
  status: twilioNumberStatus,
  printerColumns: [
    { name: "Number", type: "string", jsonPath: ".status.phoneNumber" },
    { name: "User", type: "string", jsonPath: ".spec.userId" },
    { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    // Why not Ready, e.g. ReleaseFailed while Twilio refuses to release the number of a deleted resource.
    { name: "Reason", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].reason' },
    {
      name: "Message",
      type: "string",
      jsonPath: '.status.conditions[?(@.type=="Ready")].message',
      priority: 1,
    },
  ],
});
