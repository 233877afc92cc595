// The career namespace (messages/<lang>/career.json) for the CV, Mirror Match and letters pages.
// The shell's i18next is typed and loaded for "app" only; this adds the career bundles on first
// use (synchronously, both languages, so switching language needs no load) and types the keys
// from the French catalogue, as features/iris/messages.ts does for iris.
import i18next from "i18next";
import { useTranslation } from "react-i18next";
import en from "../../../../messages/en/career.json";
import fr from "../../../../messages/fr/career.json";

type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

export type CareerKey = Leaves<typeof fr>;
export type CareerT = (key: CareerKey, values?: Record<string, string | number>) => string;

function ensureBundles(): void {
  if (i18next.hasResourceBundle("fr", "career")) return;
  i18next.addResourceBundle("fr", "career", fr);
  i18next.addResourceBundle("en", "career", en);
}

/** t for the career namespace; re-renders on a language change like useTranslation. */
export function useCareerT(): { t: CareerT; language: "fr" | "en" } {
  const { i18n } = useTranslation();
  ensureBundles();
  const translate = i18n.t.bind(i18n) as unknown as (key: string, options: object) => string;
  return {
    t: (key, values = {}) => translate(key, { ...values, ns: "career" }),
    language: i18n.language === "en" ? "en" : "fr",
  };
}
