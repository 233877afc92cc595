// The message catalogues, one per language (messages/<lang>/<namespace>.json), shared by the
// server-rendered pages and the client: the server reads them here, the client imports them.
// French is the default language; a key missing from one language fails the catalogue test.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18next from "i18next";
import type { InitOptions } from "i18next";

export const languages = ["fr", "en"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "fr";

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (languages as readonly string[]).includes(value);

export const messagesDir = fileURLToPath(new URL("../messages", import.meta.url));

export type Catalogue = Record<string, Record<string, unknown>>;

/** Every namespace of one language: { common: {...}, public: {...}, app: {...} }. */
export function readCatalogue(language: Language, dir = messagesDir): Catalogue {
  const folder = path.join(dir, language);
  const catalogue: Catalogue = {};
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort())
    catalogue[path.basename(file, ".json")] = JSON.parse(
      readFileSync(path.join(folder, file), "utf8"),
    ) as Record<string, unknown>;
  return catalogue;
}

export interface Translator {
  readonly language: Language;
  /** A string of the catalogue; throws on a missing key rather than showing the key to a user. */
  t: (key: string, options?: Record<string, unknown>) => string;
  /** A list or object of the catalogue (e.g. the FAQ items). */
  list: <T>(key: string) => T[];
}

/** One translator per language, built once at startup. */
export async function createTranslators(dir = messagesDir): Promise<Record<Language, Translator>> {
  const entries = await Promise.all(
    languages.map(async (language) => {
      const catalogue = readCatalogue(language, dir);
      const instance = i18next.createInstance();
      const options: InitOptions = {
        lng: language,
        fallbackLng: false,
        resources: { [language]: catalogue },
        ns: Object.keys(catalogue),
        defaultNS: "common",
        // The html template escapes; escaping here too would show "&amp;" to the reader.
        interpolation: { escapeValue: false },
        returnNull: false,
      };
      await instance.init(options);
      // i18next's key-checking types are for typed resources; ours are read at run time.
      const t = instance.t.bind(instance) as unknown as Lookup;
      return [language, translator(language, t)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Language, Translator>;
}

type Lookup = (key: string, options: Record<string, unknown>) => unknown;

function translator(language: Language, t: Lookup): Translator {
  const exists = (key: string) => t(key, { returnObjects: true, defaultValue: MISSING }) !== MISSING;
  return {
    language,
    t: (key, options) => {
      if (!exists(key)) throw new Error(`message ${key} is missing in ${language}`);
      return String(t(key, options ?? {}));
    },
    list: <T>(key: string): T[] => {
      const value: unknown = t(key, { returnObjects: true, defaultValue: MISSING });
      if (!Array.isArray(value)) throw new Error(`message ${key} is not a list in ${language}`);
      return value as T[];
    },
  };
}

const MISSING = "\u0000missing";
