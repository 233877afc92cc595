// Iris's client errors: a stable code, an English message for developers and logs, and the reason
// the user reads in their language (Accept-Language, else French). Fastify's own validation errors
// are mapped onto the same codes, so every 4xx of iris carries a reason a page can show as is.
import { HttpError, requestLanguage } from "@phoenix/kernel/http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";

export type Language = "fr" | "en";

const REASONS = {
  empty_message: {
    fr: "Ton message est vide : écris quelques mots.",
    en: "Your message is empty: write a few words.",
  },
  too_long: {
    fr: "Ce texte est trop long. Garde-le sous la limite indiquée.",
    en: "This text is too long. Keep it under the limit shown.",
  },
  binary_content: {
    fr: "Ce texte contient des caractères de contrôle ou binaires : envoie du texte ordinaire.",
    en: "This text contains control or binary characters: send plain text.",
  },
  validation_error: {
    fr: "La demande n'est pas valide.",
    en: "The request is not valid.",
  },
  conversation_not_found: {
    fr: "Cette conversation n'existe pas (ou plus).",
    en: "This conversation does not exist (any more).",
  },
  entry_not_found: {
    fr: "Cette entrée du journal n'existe pas (ou plus).",
    en: "This journal entry does not exist (any more).",
  },
  quota_exhausted: {
    fr: "Tu as envoyé tous les messages de ton forfait pour aujourd'hui. Le compteur repart demain ; tes tâches et rappels par SMS marchent toujours.",
    en: "You have sent all of today's messages in your plan. It resets tomorrow; your tasks and SMS reminders still work.",
  },
  nothing_to_regenerate: {
    fr: "Il n'y a pas de réponse du coach à régénérer ici.",
    en: "There is no coach answer to regenerate here.",
  },
  invalid_json: {
    fr: "La demande n'est pas du JSON valide.",
    en: "The request is not valid JSON.",
  },
  unsupported_media_type: {
    fr: "Ce type de contenu n'est pas accepté ici : envoie du JSON.",
    en: "This content type is not accepted here: send JSON.",
  },
  body_too_large: {
    fr: "La demande est trop volumineuse.",
    en: "The request is too large.",
  },
  unauthenticated: {
    fr: "Connecte-toi pour continuer.",
    en: "Sign in to continue.",
  },
  invalid_token: {
    fr: "Ta session a expiré : reconnecte-toi.",
    en: "Your session has expired: sign in again.",
  },
  answer_in_progress: {
    fr: "Une réponse est déjà en cours dans cette conversation.",
    en: "An answer is already on its way in this conversation.",
  },
} as const satisfies Record<string, Record<Language, string>>;

export type ReasonCode = keyof typeof REASONS;

export const IrisError = Type.Object(
  {
    error: Type.String({
      enum: Object.keys(REASONS),
      description: "Stable code (other kernel codes may appear).",
    }),
    message: Type.String({ description: "What went wrong, in English, for developers." }),
    reason: Type.Optional(Type.String({ description: "What the user reads, in their language." })),
  },
  { $id: "IrisError" },
);

export const errorResponses = { "4xx": Type.Ref("IrisError"), "5xx": Type.Ref("IrisError") };

export const reasonOf = (code: ReasonCode, language: Language): string => REASONS[code][language];

/** An error iris answers with a code whose reason it knows. */
export const irisError = (status: number, code: ReasonCode, message: string): HttpError =>
  new HttpError(status, code, message);

const isKnown = (code: string): code is ReasonCode => code in REASONS;

/** fastify's own client errors (body parsing), by their codes. */
const FRAMEWORK: Readonly<Record<string, ReasonCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
};

/** Which of our codes a fastify validation error is: a too long or empty text has its own. */
function validationCode(error: FastifyError): ReasonCode {
  const keyword = error.validation?.[0]?.keyword;
  if (keyword === "maxLength") return "too_long";
  if (keyword === "minLength" || keyword === "pattern") return "empty_message";
  return "validation_error";
}

/**
 * Iris's error handler: client errors with a known code get their reason; anything else goes on
 * to the kernel's handler (rethrown), which logs server faults and never shows their details.
 */
export function localizeErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) throw error;
  const code = error.validation
    ? validationCode(error)
    : error instanceof HttpError
      ? error.code
      : (FRAMEWORK[error.code] ?? "");
  if (!isKnown(code)) throw error;
  request.log.info({ statusCode: status, code, reason: error.message }, "request rejected");
  return reply
    .code(status)
    .send({ error: code, message: error.message, reason: reasonOf(code, requestLanguage(request)) });
}
