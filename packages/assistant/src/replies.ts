// Reply sizing: replies aim for one SMS segment, lists stop at two with "+N more". What the engine
// writes itself is GSM-7 (English in plain ASCII; French with é, è, à, ù only — no curly quotes,
// dashes, ellipsis, ê, â, î, ô, û or ç, see ADR 0008), so mostly only the user's own words switch a
// reply to UCS-2; echoes of them are shortened to fit.
import { countSegments } from "@phoenix/twilio/segments";
import type { Language } from "./language.ts";

export const LIST_SEGMENTS = 2;
const ECHO_LENGTHS = [60, 40, 24, 12];

/** `text` cut to `max` characters at a word boundary where possible, with "..." when cut. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 3).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}...`;
}

/** Builds a reply around the user's words, shortening them until the reply is one segment. */
export function withEcho(build: (echo: string) => string, words: string): string {
  let reply = "";
  for (const max of ECHO_LENGTHS) {
    reply = build(shorten(words, max));
    if (countSegments(reply).segments === 1) break;
  }
  return reply;
}

export interface ListReply {
  header: string;
  lines: string[];
  footer?: string;
  /** "more" (default) or "autres": the word after "+N" for the lines left out. */
  more?: string;
}

/** Header, as many lines as fit in two segments, "+N more" for the rest, footer. */
export function fitList({ header, lines, footer, more: moreWord = "more" }: ListReply): string {
  const compose = (shown: number): string => {
    const more = lines.length - shown;
    const parts = [header, ...lines.slice(0, shown), ...(more > 0 ? [`+${more} ${moreWord}`] : [])];
    return [...parts, ...(footer ? [footer] : [])].join("\n");
  };
  let shown = 0;
  while (shown < lines.length && countSegments(compose(shown + 1)).segments <= LIST_SEGMENTS) shown += 1;
  return compose(shown);
}

/** "1 task", "2 tasks"; in French 0 and 1 are singular ("0 tâche", "1 tâche", "2 tâches"). */
export function plural(count: number, noun: string, language: Language = "en"): string {
  const one = language === "fr" ? count <= 1 : count === 1;
  return `${count} ${noun}${one ? "" : "s"}`;
}
