// i18next for the client: the "app" namespace of the shared catalogues (messages/<lang>/app.json),
// French by default. The language comes from ?lang= (the public pages link with it), then the
// signed-in user's preference (see auth.tsx), then the browser's languages; <html lang> follows.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "../../../messages/en/app.json";
import fr from "../../../messages/fr/app.json";

export const languages = ["fr", "en"] as const;
export type Language = (typeof languages)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (languages as readonly string[]).includes(value);

/** The first of ?lang=, then navigator.languages, that Phoenix speaks; else French. */
export function initialLanguage(search: string, preferred: readonly string[]): Language {
  const asked = new URLSearchParams(search).get("lang");
  if (isLanguage(asked)) return asked;
  const spoken = preferred.map((tag) => tag.slice(0, 2).toLowerCase()).find(isLanguage);
  return spoken ?? "fr";
}

export const resources = { fr: { app: fr }, en: { app: en } } as const;

export async function initI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    supportedLngs: languages,
    ns: ["app"],
    defaultNS: "app",
    resources,
    // React escapes what it renders; escaping here too would show "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  i18next.on("languageChanged", (next) => {
    document.documentElement.lang = next;
  });
}

export const currentLanguage = (): Language => (isLanguage(i18next.language) ? i18next.language : "fr");

export async function changeLanguage(language: Language): Promise<void> {
  if (language !== currentLanguage()) await i18next.changeLanguage(language);
}
