// The two languages users read (apps.md §3): French first, English second. A user's language is a
// stored preference; until they choose, it follows their phone's country. Matching works on a
// folded copy of the text (lower case, accents dropped, same length) so "Tâches", "taches" and
// "TACHES" read alike and the user's own words can still be cut out of the original at the same
// indices.

export type Language = "fr" | "en";

export const LANGUAGES: readonly Language[] = ["fr", "en"];

// Calling codes where French is the language a text message is most likely written in: France
// and its overseas departments and collectivities, Monaco, Belgium, Switzerland and Luxembourg
// (French is one of several; the user can switch), and French-speaking Africa, the Caribbean and
// the Indian Ocean. Canada shares +1 with the US: only Quebec's and New Brunswick's French area
// codes count.
const FRENCH_CALLING_CODES = [
  "33",
  "377",
  "32",
  "41",
  "352", // France, Monaco, Belgium, Switzerland, Luxembourg
  "262",
  "590",
  "594",
  "596",
  "508",
  "681",
  "687",
  "689", // overseas France
  "221",
  "223",
  "225",
  "226",
  "227",
  "228",
  "229",
  "235",
  "236",
  "237",
  "241",
  "242",
  "243",
  "224", // West/Central Africa
  "257",
  "250",
  "253",
  "269",
  "261",
  "248", // Burundi, Rwanda, Djibouti, Comoros, Madagascar, Seychelles
  "509",
  "678", // Haiti, Vanuatu
  "212",
  "213",
  "216", // Maghreb
];
const FRENCH_NANP_AREA_CODES = [
  "263",
  "354",
  "367",
  "418",
  "438",
  "450",
  "468",
  "506",
  "514",
  "579",
  "581",
  "819",
  "873",
];

/** The language to use until the user picks one: French for French-speaking calling codes. */
export function defaultLanguage(phoneE164: string | null | undefined): Language {
  if (!phoneE164?.startsWith("+")) return "fr";
  const digits = phoneE164.slice(1);
  if (digits.startsWith("1")) return FRENCH_NANP_AREA_CODES.includes(digits.slice(1, 4)) ? "fr" : "en";
  return FRENCH_CALLING_CODES.some((code) => digits.startsWith(code)) ? "fr" : "en";
}

/** The language to write to a user in: their choice (`users.language`), else their phone's default. */
export function languageOf(user: { language: string | null; phone_e164: string | null }): Language {
  return user.language === "fr" || user.language === "en" ? user.language : defaultLanguage(user.phone_e164);
}

/** Reads "fr", "français", "francais", "french", "en", "anglais", "english"; null otherwise. */
export function parseLanguage(word: string): Language | null {
  const folded = fold(word.trim());
  if (/^(?:fr|fra|fre|french|francais|fr-fr|fr_fr)$/.test(folded)) return "fr";
  if (/^(?:en|eng|english|anglais|en-us|en-gb|en_us|en_gb)$/.test(folded)) return "en";
  return null;
}

const FOLDED = new Map<string, string>();

/** Lower case without diacritics, one output character per input UTF-16 unit (indices line up). */
export function fold(text: string): string {
  let out = "";
  for (const char of text) {
    let folded = FOLDED.get(char);
    if (folded === undefined) {
      const plain = char
        .normalize("NFD")
        .replace(/\p{M}+/gu, "")
        .toLowerCase();
      // Keep the length: ligatures and other expansions stay as they were typed.
      folded = char === "’" || char === "‘" ? "'" : plain.length === char.length ? plain : char;
      FOLDED.set(char, folded);
    }
    out += folded;
  }
  return out;
}

// Words that mark a message as French or English when no command word decides (an unknown
// message gets its pointer in the language it was written in).
const FRENCH_WORDS = new Set(
  "je j tu il elle on nous vous ils le la les un une des du de d est et ou pas ne n moi toi mon ma mes ton ta tes que qu qui quoi pour avec dans sur bonjour salut merci oui non rien demain aujourd hui soir matin stp svp ca c suis fait faire veux peux comment pourquoi".split(
    " ",
  ),
);
const ENGLISH_WORDS = new Set(
  "i you he she we they the a an of to and or not don t my your is are am was what how why me it this that for with in on at please thanks hi hello yes no nothing tomorrow today tonight morning can do did want need have has".split(
    " ",
  ),
);

/** "fr" or "en" when the words clearly say so, else null. `folded` is `fold(text)`. */
export function guessLanguage(folded: string): Language | null {
  let french = 0;
  let english = 0;
  for (const word of folded.split(/[^a-z]+/)) {
    if (FRENCH_WORDS.has(word)) french += 1;
    if (ENGLISH_WORDS.has(word)) english += 1;
  }
  if (french > english) return "fr";
  if (english > french) return "en";
  return null;
}
