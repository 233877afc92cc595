// Schemas shared by several route groups. The schema is the type: handlers take Static<> of these,
// fastify validates requests and serialises responses with them, @fastify/swagger publishes them.
import Type from "typebox";
import type { TSchema } from "typebox";
import { errorCodes } from "./errors.ts";

export const ErrorBody = Type.Object(
  {
    // An enum for typed clients, not a union: the serializer writes a code as it is, never fails on one.
    error: Type.String({
      enum: Object.keys(errorCodes),
      description: `Machine-readable, stable code to translate:\n${Object.entries(errorCodes)
        .map(([code, meaning]) => `- ${code} — ${meaning}`)
        .join("\n")}`,
    }),
    message: Type.String({
      description: "What went wrong, in English, for logs and developers; for 4xx it names the field.",
    }),
  },
  { $id: "Error" },
);

/** Response schemas for every error status a route can answer with. */
export const errorResponses = {
  "4xx": Type.Ref("Error"),
  "5xx": Type.Ref("Error"),
};

export const withErrors = <R extends Record<number, TSchema>>(responses: R) => ({
  ...responses,
  ...errorResponses,
});

export const Uuid = Type.String({ format: "uuid" });
export const Timestamp = Type.String({ format: "date-time" });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const NoContent = Type.Null({ description: "No content" });

export const Email = Type.String({ format: "email", maxLength: 254 });
export const Password = Type.String({ minLength: 10, maxLength: 256 });
export const PhoneInput = Type.String({
  minLength: 2,
  maxLength: 32,
  description: "International format (+ and country code); stored as E.164.",
});

export const TokenPair = Type.Object({
  tokenType: Type.Literal("Bearer"),
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: "Seconds until the access token expires." }),
  refreshToken: Type.Optional(
    Type.String({
      description:
        "Single use: each refresh returns a new one. Absent in cookie mode (request header X-Phoenix-Client: web): the token is then in the httpOnly phoenix_refresh cookie (Path=/v1/auth).",
    }),
  ),
});

export const bearer = [{ bearer: [] as string[] }];

export const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
