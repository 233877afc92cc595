// The first thing done to any text from a user: Unicode NFKC (fullwidth letters, ligatures and
// other compatibility forms become their plain letters), then every invisible format character
// removed — zero-width spaces and joiners, bidi embeddings, overrides and isolates, the BOM,
// soft hyphens, tag characters (which can smuggle ASCII) — and control characters other than
// tab and line breaks. The emoji joiner goes too: a family emoji becomes its members, which is
// acceptable for a chat, and a joiner is a favourite place to hide things.

// \p{Cf}: format characters (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF,
// U+00AD, U+061C, U+180E, U+E0001–U+E007F…); plus the Hangul fillers and the combining grapheme
// joiner, which render as nothing but are not Cf.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0]/gu;
/** Control characters but tab, line feed and carriage return. */
const KEPT_CONTROLS = new Set(["\t", "\n", "\r"]);

export interface Normalized {
  text: string;
  /** Invisible and control characters removed. */
  removed: number;
}

export function normalizeText(input: string): Normalized {
  let removed = 0;
  const drop = (): string => {
    removed += 1;
    return "";
  };
  const text = input
    .normalize("NFKC")
    .replace(INVISIBLE, drop)
    .replace(/\p{Cc}/gu, (char) => (KEPT_CONTROLS.has(char) ? char : drop()));
  // Removing a joiner can leave a sequence NFKC would compose differently.
  return { text: text.normalize("NFKC"), removed };
}
