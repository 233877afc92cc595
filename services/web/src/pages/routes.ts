// The public pages and their address in each language: French at the root (the default), English
// under /en. The language switch and the hreflang links of a page point at its other address.
import type { Language } from "../i18n.ts";

export const publicPages = {
  landing: { fr: "/", en: "/en" },
  howItWorks: { fr: "/comment-ca-marche", en: "/en/how-it-works" },
  pricing: { fr: "/tarifs", en: "/en/pricing" },
  faq: { fr: "/faq", en: "/en/faq" },
  legal: { fr: "/mentions-legales", en: "/en/legal-notice" },
  privacy: { fr: "/confidentialite", en: "/en/privacy" },
  cookies: { fr: "/cookies", en: "/en/cookies" },
} as const satisfies Record<string, Record<Language, string>>;

export type PageId = keyof typeof publicPages;

export const pageIds = Object.keys(publicPages) as PageId[];

export const pathOf = (page: PageId, language: Language): string => publicPages[page][language];

/** The signed-in app (the client), in the reader's language. */
export const appPath = (path: "signup" | "login", language: Language) => `/app/${path}?lang=${language}`;
