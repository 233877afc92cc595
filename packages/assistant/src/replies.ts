// Reply sizing: replies aim for one SMS segment, lists stop at two with "+N more". Everything the
// engine writes itself is GSM-7 (plain ASCII: no curly quotes, dashes or ellipsis characters), so
// only the user's own words can switch a reply to UCS-2; echoes of them are shortened to fit.
import { countSegments } from "@phoenix/twilio/segments";

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
}

/** Header, as many lines as fit in two segments, "+N more" for the rest, footer. */
export function fitList({ header, lines, footer }: ListReply): string {
  const compose = (shown: number): string => {
    const more = lines.length - shown;
    const parts = [header, ...lines.slice(0, shown), ...(more > 0 ? [`+${more} more`] : [])];
    return [...parts, ...(footer ? [footer] : [])].join("\n");
  };
  let shown = 0;
  while (shown < lines.length && countSegments(compose(shown + 1)).segments <= LIST_SEGMENTS) shown += 1;
  return compose(shown);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
