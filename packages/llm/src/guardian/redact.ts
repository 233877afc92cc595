// Personal data a cloud provider does not need, replaced by placeholders before the call and put
// back into the answer after: e-mail addresses, phone numbers (French formats — 06 12 34 56 78,
// 06.12.34.56.78, 0612345678, +33 6 12 34 56 78, 0033 6… — international ones with a +, and North
// American ones), and postal addresses (French "12 rue de la Paix, 75002 Paris", "3 bis allée des
// Tilleuls"; English "221 Baker Street, London"), and — often pasted by people filling in forms —
// IBANs and French social security numbers (NIR, 13 digits + key). The same value gets the same placeholder for the
// whole conversation ([EMAIL_1], [PHONE_2], [ADDRESS_1]), so the model can still refer to it.
import type { Restorer } from "../guard-contract.ts";

export type PiiKind = "EMAIL" | "PHONE" | "ADDRESS" | "IBAN" | "SSN";

interface Detector {
  kind: PiiKind;
  pattern: RegExp;
  /** Trims a raw match to what really is the value (e.g. an address stops before "et je…"). */
  trim?: (match: string) => string;
}

const STREET_TYPES =
  "rue|avenue|av\\.?|boulevard|bd|place|pl\\.|chemin|all[ée]e|impasse|quai|route|rte|cours|square|passage|voie|r[ée]sidence|lotissement|hameau|chauss[ée]e|faubourg|rond-point";
const TOKEN = "[\\p{L}\\d'’.-]+";
// Words that end a street or city name in running text.
const STOP_WORDS = new Set([
  "et",
  "and",
  "je",
  "j",
  "pour",
  "for",
  "mais",
  "but",
  "dans",
  "in",
  "a",
  "à",
  "en",
  "with",
  "avec",
  "is",
  "est",
  "c'est",
  "it's",
  "qui",
  "who",
  "que",
  "that",
  "depuis",
  "since",
  "where",
  "où",
  "ou",
  "or",
  "près",
  "near",
  "the",
]);

function trimAddress(match: string): string {
  // Keep the number, the street type and the name up to the first stop word; then the postal
  // code and city, if they follow.
  const [street = "", ...rest] = match.split(/,(?=\s*\d{5}\b)/u);
  const words = street.split(/(\s+)/u);
  let end = words.length;
  for (let i = 4; i < words.length; i += 2) {
    if (STOP_WORDS.has((words[i] ?? "").toLowerCase())) {
      end = i - 1;
      break;
    }
  }
  const kept = words.slice(0, end).join("").trimEnd();
  if (end < words.length || rest.length === 0) return kept;
  const city = (rest.join(",").match(/^\s*\d{5}(?:\s+[\p{L}'’-]+){1,3}/u)?.[0] ?? "").split(/\s+/u);
  const cityEnd = city.findIndex((word, index) => index > 1 && STOP_WORDS.has(word.toLowerCase()));
  return `${kept},${(cityEnd === -1 ? city : city.slice(0, cityEnd)).join(" ")}`;
}

const DETECTORS: readonly Detector[] = [
  // Before the phone patterns: an IBAN's or a NIR's digit groups could look like a phone number.
  { kind: "IBAN", pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/gu },
  {
    kind: "SSN",
    pattern:
      /(?<!\p{N})[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?(?!\p{N})/gu,
  },
  { kind: "EMAIL", pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu },
  {
    kind: "PHONE",
    pattern: /(?<![\p{N}+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\p{N})/gu,
  },
  {
    kind: "PHONE",
    pattern:
      /(?<![\p{N}+])(?:\+|00)[1-9]\d{0,2}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}(?!\p{N})/gu,
  },
  { kind: "PHONE", pattern: /(?<![\p{N}+])(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\p{N})/gu },
  {
    kind: "ADDRESS",
    pattern: new RegExp(
      `\\b\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s+(?:${STREET_TYPES})(?:\\s+${TOKEN}){1,6}(?:,?\\s*\\d{5}(?:\\s+[\\p{L}'’-]+){1,3})?`,
      "giu",
    ),
    trim: trimAddress,
  },
  {
    kind: "ADDRESS",
    pattern:
      /\b\d{1,5}\s+(?:[\p{Lu}][\p{L}'’.-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Terrace|Close|Crescent)\b\.?(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat)\.?\s*[\w-]+)?(?:,\s*\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*){0,2})?(?:,?\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?)?/gu,
  },
];

const PLACEHOLDER = /\[\s*(EMAIL|PHONE|ADDRESS|IBAN|SSN)_(\d+)\s*\]/giu;

/** One conversation's placeholders: the same value is the same placeholder in every message. */
export interface RedactionSession {
  redact(text: string): string;
  /** Placeholder → original value. */
  readonly values: ReadonlyMap<string, string>;
  /** Replaces the placeholders in a whole text. */
  restore(text: string): string;
  /** The same, for text arriving in pieces. */
  restorer(): Restorer;
}

interface Found {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
}

/** Every personal data item in `text`, earliest first, overlaps resolved to the longest. */
export function findPersonalData(text: string): Found[] {
  const found: Found[] = [];
  for (const { kind, pattern, trim } of DETECTORS) {
    for (const match of text.matchAll(pattern)) {
      const value = trim ? trim(match[0]) : match[0];
      found.push({ kind, start: match.index, end: match.index + value.length, value });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Found[] = [];
  for (const item of found) {
    const last = kept.at(-1);
    if (!last || item.start >= last.end) kept.push(item);
  }
  return kept;
}

export function createRedactionSession(): RedactionSession {
  const byValue = new Map<string, string>();
  const values = new Map<string, string>();
  const counters: Record<PiiKind, number> = { EMAIL: 0, PHONE: 0, ADDRESS: 0, IBAN: 0, SSN: 0 };
  const taken = new Set<string>();

  const placeholderFor = (kind: PiiKind, value: string): string => {
    const key = `${kind}:${value.replace(/[\s.-]/gu, "").toLowerCase()}`;
    const existing = byValue.get(key);
    if (existing) return existing;
    let placeholder: string;
    do placeholder = `[${kind}_${++counters[kind]}]`;
    while (taken.has(placeholder));
    byValue.set(key, placeholder);
    values.set(placeholder, value);
    return placeholder;
  };
  const restore = (text: string): string =>
    text.replace(
      PLACEHOLDER,
      (whole, kind: string, n: string) => values.get(`[${kind.toUpperCase()}_${n}]`) ?? whole,
    );

  return {
    values,
    redact(text) {
      // A placeholder the user typed themselves is never handed out (it would be restored).
      for (const match of text.matchAll(PLACEHOLDER)) taken.add(match[0].replace(/\s/gu, "").toUpperCase());
      let out = "";
      let last = 0;
      for (const item of findPersonalData(text)) {
        out += text.slice(last, item.start) + placeholderFor(item.kind, item.value);
        last = item.end;
      }
      return out + text.slice(last);
    },
    restore,
    restorer: () => streamingRestorer(restore),
  };
}

/** Holds back a tail that may be the start of a placeholder ("[PHO") until the next piece. */
export function streamingRestorer(restore: (text: string) => string): Restorer {
  let pending = "";
  return {
    push(text) {
      pending += text;
      const open = pending.lastIndexOf("[");
      const tail = open === -1 ? "" : pending.slice(open);
      const partial =
        tail !== "" && !tail.includes("]") && tail.length <= 24 && /^\[\s*[A-Za-z_]*\d*\s*$/u.test(tail);
      const ready = partial ? pending.slice(0, open) : pending;
      pending = partial ? tail : "";
      return restore(ready);
    },
    flush() {
      const rest = pending;
      pending = "";
      return restore(rest);
    },
  };
}
