// Career's client errors: a stable code, an English message for developers and logs, and the
// reason the user reads in their language (Accept-Language, else French) saying what to do. Every
// 4xx of career, fastify's own included (bad JSON, too large, schema), leaves with a reason.
import { HttpError, requestLanguage } from "@phoenix/kernel/http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";
import type { Language } from "./match/text.ts";
import type { QuotaState } from "./quota.ts";

const REASONS = {
  validation_error: {
    fr: "Certaines informations ne sont pas valides : vérifiez les champs et réessayez.",
    en: "Some information is not valid: check the fields and try again.",
  },
  invalid_json: {
    fr: "La demande n'est pas lisible (JSON invalide).",
    en: "The request cannot be read (invalid JSON).",
  },
  body_too_large: {
    fr: "C'est trop volumineux. Raccourcissez le texte ou choisissez un fichier plus petit.",
    en: "This is too large. Shorten the text or pick a smaller file.",
  },
  unsupported_media_type: {
    fr: "Ce format n'est pas accepté ici.",
    en: "This format is not accepted here.",
  },
  invalid_cv: {
    fr: "Ce CV n'est pas au format attendu (JSON Resume) ou un champ est invalide : vérifiez le nom, les dates (AAAA-MM) et l'e-mail.",
    en: "This CV is not in the expected format (JSON Resume) or a field is invalid: check the name, the dates (YYYY-MM) and the e-mail.",
  },
  empty_offer: {
    fr: "L'offre est vide : collez le texte de l'annonce.",
    en: "The offer is empty: paste the job ad's text.",
  },
  cv_not_found: { fr: "Ce CV n'existe pas (ou plus).", en: "This CV does not exist (any more)." },
  offer_not_found: {
    fr: "Cette offre n'existe pas (ou plus).",
    en: "This job offer does not exist (any more).",
  },
  letter_not_found: {
    fr: "Cette lettre n'existe pas (ou plus).",
    en: "This letter does not exist (any more).",
  },
  premium_template: {
    fr: "Ce modèle est réservé à Premium. Choisissez un modèle gratuit, ou passez à Premium pour tous les modèles.",
    en: "This template is for Premium. Pick a free template, or go Premium for every template.",
  },
  letters_quota_exhausted: {
    fr: "Vous avez utilisé toutes vos lettres gratuites de ce mois-ci. Passez à Premium pour des lettres illimitées, ou attendez le 1er du mois prochain. Vos lettres déjà écrites restent modifiables.",
    en: "You have used all your free letters this month. Go Premium for unlimited letters, or wait until the 1st of next month. Letters you already have stay editable.",
  },
  cvs_quota_exhausted: {
    fr: "Vous avez créé votre CV gratuit de ce mois-ci. Modifiez celui que vous avez, passez à Premium pour des CV illimités, ou attendez le 1er du mois prochain.",
    en: "You have created this month's free CV. Edit the one you have, go Premium for unlimited CVs, or wait until the 1st of next month.",
  },
  unauthenticated: {
    fr: "Vous n'êtes pas connecté(e) : reconnectez-vous.",
    en: "You are not signed in: sign in again.",
  },
  invalid_token: {
    fr: "Votre session a expiré : reconnectez-vous.",
    en: "Your session has expired: sign in again.",
  },
  not_found: { fr: "Cette page n'existe pas.", en: "This page does not exist." },
  missing_file: {
    fr: "Aucun fichier reçu : choisissez votre CV (PDF ou DOCX).",
    en: "No file received: pick your CV (PDF or DOCX).",
  },
  file_too_large: {
    fr: "Ce fichier est trop lourd (5 Mo au plus). Exportez votre CV en PDF plus léger ou en DOCX.",
    en: "This file is too large (5 MB at most). Export your CV as a lighter PDF or as DOCX.",
  },
  empty_file: { fr: "Ce fichier est vide.", en: "This file is empty." },
  unsupported_file: {
    fr: "Ce fichier n'est ni un PDF ni un DOCX, quel que soit son nom. Enregistrez votre CV en PDF ou en DOCX.",
    en: "This file is neither a PDF nor a DOCX, whatever its name. Save your CV as PDF or DOCX.",
  },
  encrypted_pdf: {
    fr: "Ce PDF est protégé par un mot de passe. Exportez-le sans protection et réessayez.",
    en: "This PDF is password-protected. Export it without protection and try again.",
  },
  pdf_with_script: {
    fr: "Ce PDF contient du code (JavaScript ou actions) : nous ne l'ouvrons pas. Exportez votre CV à nouveau en PDF simple.",
    en: "This PDF contains code (JavaScript or actions): we do not open it. Export your CV again as a plain PDF.",
  },
  too_many_pages: {
    fr: "Ce PDF a trop de pages pour un CV (10 au plus).",
    en: "This PDF has too many pages for a CV (10 at most).",
  },
  zip_bomb: {
    fr: "Ce DOCX est anormalement volumineux une fois décompressé : nous ne l'ouvrons pas.",
    en: "This DOCX is abnormally large once unpacked: we do not open it.",
  },
  unreadable_file: {
    fr: "Ce fichier est abîmé ou incomplet. Réenregistrez votre CV et réessayez.",
    en: "This file is damaged or incomplete. Save your CV again and try again.",
  },
  no_text: {
    fr: "Nous ne trouvons pas de texte dans ce fichier (une image scannée ?). Envoyez un PDF exporté depuis votre traitement de texte, ou importez un JSON Resume.",
    en: "We find no text in this file (a scanned image?). Send a PDF exported from your word processor, or import a JSON Resume.",
  },
  rewrite_unavailable: {
    fr: "La réécriture n'est pas disponible pour le moment. Votre lettre est inchangée : réessayez plus tard ou modifiez-la vous-même.",
    en: "Rewriting is not available right now. Your letter is unchanged: try again later or edit it yourself.",
  },
  rewrite_budget_exhausted: {
    fr: "Vous avez atteint la limite de réécritures d'aujourd'hui. Votre lettre est inchangée : réessayez demain ou modifiez-la vous-même.",
    en: "You have reached today's rewriting limit. Your letter is unchanged: try again tomorrow or edit it yourself.",
  },
  rewrite_unfounded: {
    fr: "La version réécrite ajoutait des éléments absents de votre CV : nous ne l'avons pas gardée. Votre lettre est inchangée : réessayez ou modifiez-la vous-même.",
    en: "The rewritten version added things your CV does not say: we did not keep it. Your letter is unchanged: try again or edit it yourself.",
  },
} as const satisfies Record<string, Record<Language, string>>;

export type ReasonCode = keyof typeof REASONS;

export const CareerError = Type.Object(
  {
    error: Type.String({ description: "Stable code." }),
    message: Type.String({ description: "What went wrong, in English, for developers." }),
    reason: Type.Optional(Type.String({ description: "What the user reads, in their language." })),
    quota: Type.Optional(Type.Ref("QuotaState")),
    upgrade: Type.Optional(
      Type.Object(
        {
          page: Type.String({ description: "The web app's billing page (plans, Checkout)." }),
          plans: Type.String({ description: "The API's plans and what each entitles to." }),
          checkout: Type.String({ description: "The API's route that opens a Stripe Checkout (POST)." }),
        },
        {
          description:
            "When a paid plan lifts the refusal (a spent quota, a premium template): where to get one.",
        },
      ),
    ),
  },
  { $id: "CareerError" },
);

/** Where a user refused for want of a plan goes: the billing page, and the API's routes behind it. */
export const UPGRADE = { page: "/app/billing", plans: "/v1/plans", checkout: "/v1/billing/checkout" };
const needsPlan = new Set<string>(["premium_template", "letters_quota_exhausted", "cvs_quota_exhausted"]);

export const errorResponses = { "4xx": Type.Ref("CareerError") };

export const careerError = (status: number, code: ReasonCode, message: string): HttpError =>
  new HttpError(status, code, message);

/** A monthly quota spent: 429 with the quota's state, so the page can say when it comes back. */
export class QuotaExhausted extends HttpError {
  readonly quota: QuotaState;
  constructor(code: "letters_quota_exhausted" | "cvs_quota_exhausted", quota: QuotaState) {
    super(
      429,
      code,
      `the ${quota.product} of this ${quota.period} are used (${quota.used}/${String(quota.limit)})`,
    );
    this.quota = quota;
  }
}

const FRAMEWORK: Readonly<Record<string, ReasonCode>> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_REQ_FILE_TOO_LARGE: "file_too_large",
  FST_FILES_LIMIT: "validation_error",
  FST_INVALID_MULTIPART_CONTENT_TYPE: "missing_file",
};

function codeOf(error: FastifyError): string {
  if (error.validation) return "validation_error";
  if (error instanceof HttpError) return error.code;
  return FRAMEWORK[error.code] ?? "";
}

const isKnown = (code: string): code is ReasonCode => code in REASONS;

/** Client errors get their reason; anything else goes on to the kernel's handler (logged, no details out). */
export function localizeErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = error.statusCode ?? 500;
  // A 503 of ours (a dependency down, nothing lost) also says what to do; other 5xx go on.
  const ours503 = status === 503 && error instanceof HttpError && isKnown(error.code);
  if (status < 400 || (status >= 500 && !ours503)) throw error;
  const code = codeOf(error);
  const reason = REASONS[isKnown(code) ? code : "validation_error"][requestLanguage(request)];
  request.log.info({ statusCode: status, code, reason: error.message }, "request rejected");
  const quota = error instanceof QuotaExhausted ? { quota: error.quota } : {};
  const upgrade = needsPlan.has(code) ? { upgrade: UPGRADE } : {};
  return reply
    .code(status)
    .send({ error: code || "bad_request", message: error.message, reason, ...quota, ...upgrade });
}
