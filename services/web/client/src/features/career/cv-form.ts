// The CV as the editor holds it and as career stores it. The editor keeps what the user typed
// (empty fields, a trailing comma in a list) so typing never jumps; `cleanCv` makes the stored
// form: trimmed, empty optional fields left out, entries with nothing in them dropped.
import type { Cv } from "./api/career.ts";

export const emptyCv = (name: string, language: Cv["language"]): Cv => ({
  language,
  basics: { name },
  work: [],
  education: [],
  skills: [],
  languages: [],
  interests: [],
});

/** "a, b,, c " → ["a", "b", "c"]: the stored list of a comma-separated field. */
export const splitList = (text: string, separator: string | RegExp): string[] =>
  text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** An object without its empty strings, every other string trimmed. */
function trimmed<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === "string") {
      if (field.trim() !== "") out[key] = field.trim();
    } else if (Array.isArray(field)) {
      out[key] = field
        .map((item: unknown) => (typeof item === "string" ? item.trim() : item))
        .filter(Boolean);
    } else if (field !== undefined) out[key] = field;
  }
  return out as T;
}

/** True when an entry has some text in it (an entry just added and left empty is dropped). */
const filled = (entry: object): boolean =>
  Object.values(entry).some((field) =>
    Array.isArray(field) ? field.some((item) => String(item).trim() !== "") : String(field).trim() !== "",
  );

export function cleanCv(cv: Cv): Cv {
  return {
    language: cv.language,
    basics: trimmed(cv.basics),
    work: cv.work.filter(filled).map(trimmed),
    education: cv.education.filter(filled).map(trimmed),
    skills: cv.skills.filter(filled).map(trimmed),
    languages: cv.languages.filter(filled).map(trimmed),
    interests: cv.interests.filter(filled).map(trimmed),
  };
}
