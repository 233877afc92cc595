// A parsed CV made to fit the model's schema: strings clipped to their maximum, lists to theirs,
// and a value its pattern refuses (an e-mail, a phone, a date) left out — the user fills it in the
// editor. What comes out always validates, so the editor can save it back.
import Value from "typebox/value";
import type { Cv } from "./model.ts";
import { Cv as CvSchema, PARTIAL_DATE } from "./model.ts";

const clip = (text: string, max: number) => text.slice(0, max).trim();
const valid = (pattern: RegExp, text: string | undefined) =>
  text !== undefined && pattern.test(text) ? text : undefined;
const datePattern = new RegExp(PARTIAL_DATE);
const date = (text: string | undefined) => valid(datePattern, text);

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

export function fitCv(cv: Cv): Cv {
  const b = cv.basics;
  const fitted: Cv = {
    language: cv.language,
    basics: {
      name: clip(b.name, 120) || "?",
      ...optional("label", b.label && clip(b.label, 160)),
      ...optional("email", valid(/^[^@\s]+@[^@\s]+$/, b.email?.slice(0, 254))),
      ...optional("phone", valid(/^[+0-9 ().-]*$/, b.phone?.slice(0, 40))),
      ...optional("url", b.url && clip(b.url, 300)),
      ...optional("summary", b.summary && clip(b.summary, 2000)),
      ...optional("city", b.city && clip(b.city, 120)),
    },
    work: cv.work.slice(0, 50).map((w) => ({
      name: clip(w.name, 160) || "?",
      position: clip(w.position, 160) || "?",
      ...optional("location", w.location && clip(w.location, 120)),
      ...optional("startDate", date(w.startDate)),
      ...optional("endDate", date(w.endDate)),
      ...optional("summary", w.summary && clip(w.summary, 2000)),
      highlights: w.highlights.slice(0, 20).map((h) => clip(h, 400)),
    })),
    education: cv.education.slice(0, 50).map((e) => ({
      institution: clip(e.institution, 160) || "?",
      ...optional("studyType", e.studyType && clip(e.studyType, 160)),
      ...optional("area", e.area && clip(e.area, 160)),
      ...optional("startDate", date(e.startDate)),
      ...optional("endDate", date(e.endDate)),
    })),
    skills: cv.skills.slice(0, 50).map((s) => ({
      name: clip(s.name, 120) || "?",
      keywords: s.keywords.slice(0, 40).map((k) => clip(k, 80)),
    })),
    languages: cv.languages.slice(0, 20).map((l) => ({
      language: clip(l.language, 60) || "?",
      ...optional("fluency", l.fluency && clip(l.fluency, 60)),
    })),
    interests: cv.interests.slice(0, 20).map((i) => ({
      name: clip(i.name, 120) || "?",
      keywords: i.keywords.slice(0, 20).map((k) => clip(k, 80)),
    })),
  };
  // A bug here must not store a CV the editor cannot save back.
  if (!Value.Check(CvSchema, fitted))
    throw new Error(`fitCv: ${JSON.stringify(Value.Errors(CvSchema, fitted)[0])}`);
  return fitted;
}
