// Server-rendered HTML without a template engine: `html` escapes every interpolated value unless it
// is already markup made by `html` itself, so text from a catalogue, a URL or the API can never
// become markup by accident.
const SAFE = Symbol("safe html");

export interface Html {
  readonly [SAFE]: string;
}

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join("");
  if (typeof part === "object") return (part as Html)[SAFE];
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return { [SAFE]: out };
}

export const toString = (markup: Html): string => markup[SAFE];
