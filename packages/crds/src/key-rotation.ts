// KeyRotation: zero-downtime rotation of a key set held in a Secret (design brief §3,
// docs/keyset-format.md for the Secret's content).
import Type from "typebox";
import type { Static } from "typebox";
import { customResourceDefinition } from "./crd.ts";
import { conditions, duration, group, immutable, stringEnum, version } from "./schema.ts";
import type { Defaulted, ObjectMeta } from "./schema.ts";

/** Annotation that triggers a rotation when its value changes (any new value, e.g. a timestamp). */
export const rotateAnnotation = "phoenix.dev/rotate";

export const keyRotationSpec = Type.Object(
  {
    secretName: immutable(
      Type.String({
        description: "Secret (same namespace) that holds the key set under keyset.json.",
        pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$",
        maxLength: 253,
      }),
      "secretName",
    ),
    // Immutable: keys of another type or algorithm cannot verify what the old ones signed.
    type: immutable(
      stringEnum(["JWTSigningKey", "HMAC", "APIToken"], { description: "What the keys are for." }),
      "type",
    ),
    algorithm: stringEnum(["ES256", "EdDSA", "RS256", "HS256", "random-256"], {
      description:
        "Key algorithm: ES256|EdDSA|RS256 for JWTSigningKey, HS256 for HMAC, random-256 for APIToken.",
    }),
    rotationInterval: Type.Optional(
      duration({ description: "How often a new key becomes active.", default: "720h" }),
    ),
    tokenLifetime: Type.Optional(
      duration({
        description: "Longest lifetime of anything signed or issued with a key (e.g. access tokens).",
        default: "15m",
      }),
    ),
    reloadDelay: Type.Optional(
      duration({
        description: "Longest time for every replica to see a Secret change (kubelet sync + reload poll).",
        default: "2m",
      }),
    ),
    activationDelay: Type.Optional(
      duration({
        description: "How long a new key is published for verification before it signs.",
        default: "2m",
      }),
    ),
    overlap: Type.Optional(
      duration({
        description: "How long a replaced key keeps verifying; at least tokenLifetime + reloadDelay.",
        default: "30m",
      }),
    ),
    revisionHistoryLimit: Type.Optional(
      Type.Integer({
        description: "How many retired revisions are remembered in status.",
        minimum: 1,
        maximum: 20,
        default: 3,
      }),
    ),
    rolloutTargets: Type.Optional(
      Type.Array(
        Type.Object({
          kind: stringEnum(["Deployment", "StatefulSet"], { description: "Workload kind." }),
          name: Type.String({ description: "Workload name (same namespace).", minLength: 1, maxLength: 253 }),
        }),
        {
          description:
            "Workloads restarted (pod-template annotation) when the key set really changes; for consumers that cannot hot-reload.",
          maxItems: 20,
        },
      ),
    ),
  },
  {
    description: "The desired rotation policy.",
    "x-kubernetes-validations": [
      {
        rule: "self.type == 'JWTSigningKey' ? self.algorithm in ['ES256', 'EdDSA', 'RS256'] : (self.type == 'HMAC' ? self.algorithm == 'HS256' : self.algorithm == 'random-256')",
        message:
          "algorithm must match type: JWTSigningKey takes ES256, EdDSA or RS256; HMAC takes HS256; APIToken takes random-256",
      },
      {
        rule: "duration(self.overlap) >= duration(self.tokenLifetime) + duration(self.reloadDelay)",
        message: "overlap must be at least tokenLifetime + reloadDelay, so no valid token outlives its key",
      },
      {
        rule: "duration(self.activationDelay) >= duration(self.reloadDelay)",
        message:
          "activationDelay must be at least reloadDelay, so every replica can verify a key before it signs",
      },
      {
        rule: "duration(self.rotationInterval) > duration(self.overlap) + duration(self.activationDelay)",
        message:
          "rotationInterval must exceed overlap + activationDelay, so at most two keys verify at a time",
      },
    ],
  },
);

export const keyRotationStatus = Type.Object(
  {
    revision: Type.Optional(
      Type.Integer({ description: "Revision of the key set in the Secret.", minimum: 0 }),
    ),
    currentKid: Type.Optional(Type.String({ description: "kid of the key that signs now." })),
    contentHash: Type.Optional(Type.String({ description: "SHA-256 of the key set last written." })),
    lastRotationTime: Type.Optional(
      Type.String({ description: "When the last rotation started.", format: "date-time" }),
    ),
    nextRotationTime: Type.Optional(
      Type.String({ description: "When the next rotation is due.", format: "date-time" }),
    ),
    lastHandledTrigger: Type.Optional(
      Type.String({ description: "Value of the rotate annotation last acted on." }),
    ),
    failureCount: Type.Optional(Type.Integer({ description: "Consecutive failed attempts.", minimum: 0 })),
    nextRetryTime: Type.Optional(
      Type.String({ description: "Earliest retry after a failure.", format: "date-time" }),
    ),
    observedGeneration: Type.Optional(
      Type.Integer({ description: "The generation last reconciled.", minimum: 0 }),
    ),
    revisionHistory: Type.Optional(
      Type.Array(
        Type.Object({
          revision: Type.Integer({ description: "Revision of the key set.", minimum: 1 }),
          contentHash: Type.String({ description: "SHA-256 of that revision's key set.", maxLength: 64 }),
          kids: Type.Array(Type.String({ maxLength: 128 }), {
            description: "kid of every key that revision held (no key material).",
            maxItems: 8,
          }),
          replacedAt: Type.String({
            description: "When the next revision replaced it.",
            format: "date-time",
          }),
        }),
        {
          description: "Retired revisions of the key set, newest first; at most spec.revisionHistoryLimit.",
          maxItems: 20,
        },
      ),
    ),
    conditions: Type.Optional(conditions),
  },
  { description: "The observed state, written by the operator." },
);

export type KeyRotationSpec = Static<typeof keyRotationSpec>;
export type KeyRotationStatus = Static<typeof keyRotationStatus>;

export interface KeyRotation {
  apiVersion: `${typeof group}/${typeof version}`;
  kind: "KeyRotation";
  metadata: ObjectMeta;
  spec: Defaulted<
    KeyRotationSpec,
    | "rotationInterval"
    | "tokenLifetime"
    | "reloadDelay"
    | "activationDelay"
    | "overlap"
    | "revisionHistoryLimit"
  >;
  status?: KeyRotationStatus;
}

export const keyRotationResource = { group, version, plural: "keyrotations", kind: "KeyRotation" } as const;

export const keyRotationCrd = customResourceDefinition({
  kind: "KeyRotation",
  plural: "keyrotations",
  singular: "keyrotation",
  shortNames: ["keyrot"],
  description: "Zero-downtime rotation of a key set stored in a Secret and hot-reloaded by the services.",
  spec: keyRotationSpec,
  status: keyRotationStatus,
  printerColumns: [
    { name: "Secret", type: "string", jsonPath: ".spec.secretName" },
    { name: "Type", type: "string", jsonPath: ".spec.type" },
    { name: "Kid", type: "string", jsonPath: ".status.currentKid" },
    { name: "Revision", type: "integer", jsonPath: ".status.revision" },
    { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: "Next", type: "string", jsonPath: ".status.nextRotationTime" },
  ],
});
