// Plain CV text (from a PDF or a DOCX) to the CV model: the header's name, title and contacts;
// sections found by their French or English headings; in experience and education, entries
// found by their dates ("Poste — Employeur" or "Poste, Employeur" or "Poste chez/at Employeur" on
// the line before or the same line), highlights by their bullets; skills, languages and
// interests as lists. What it cannot place goes nowhere rather than into a wrong field: the user
// corrects the result in the editor.
import { detectLanguage } from "../match/text.ts";
import type { Cv } from "./model.ts";
import { periodOf } from "./dates.ts";
import type { Period } from "./dates.ts";
import { headingOf } from "./headings.ts";
import type { ParsedSection } from "./headings.ts";

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const PHONE = /(?:\+\d{1,3}[\s.]?)?(?:\(0\)\s?)?\d(?:[\s.-]?\d{2}){4}\b|\+\d[\d\s.-]{7,16}\d/;
const URL = /\b(?:https?:\/\/|www\.|linkedin\.com\/|github\.com\/)\S+/i;
const BULLET = /^[•·▪◦●\-–*]\s*/;

/** Text as extractors give it: typographic spaces and quotes plain, line-end hyphenation joined. */
export function cleanText(text: string): string[] {
  return (
    text
      .replace(/\r\n?/g, "\n")
      .replace(/[\u00A0\u202F\u2009\t]/g, " ")
      .replace(/[’‘]/g, "'")
      // A soft hyphen at a line's end joins the word when it goes on in lower case (a drawn rule
      // after a heading looks the same to the extractor, and is followed by a capital).
      .replace(/\u00AD\n(?=\p{Ll})/gu, "")
      .replace(/\u00AD/g, "")
      .replace(/(\p{Ll})-\n(\p{Ll})/gu, "$1$2")
      .split("\n")
      .map((line) => line.replace(/ {2,}/g, " ").trim())
      .filter((line) => line.length > 0)
  );
}

function splitSections(lines: string[]): { header: string[]; sections: Map<ParsedSection, string[]> } {
  const sections = new Map<ParsedSection, string[]>();
  const header: string[] = [];
  let current: string[] = header;
  for (const line of lines) {
    const heading = headingOf(line);
    if (heading) {
      current = sections.get(heading) ?? [];
      sections.set(heading, current);
    } else current.push(line);
  }
  return { header, sections };
}

function basicsOf(header: string[]): Cv["basics"] {
  const contacts = header.filter((line) => EMAIL.test(line) || PHONE.test(line) || URL.test(line));
  const rest = header.filter((line) => !contacts.includes(line));
  const email = contacts.map((line) => EMAIL.exec(line)?.[0]).find(Boolean);
  // An e-mail's digits are not a phone number: look for one in what the line holds besides.
  const phone = contacts.map((line) => PHONE.exec(line.replace(EMAIL, " "))?.[0]).find(Boolean);
  const url = contacts.map((line) => URL.exec(line)?.[0]).find(Boolean);
  const [name = "", label, ...others] = rest;
  const city = others.find((line) => /^\p{Lu}[\p{L}' -]{1,40}$/u.test(line));
  return {
    name: name.slice(0, 120) || "?",
    ...(label !== undefined && { label: label.slice(0, 160) }),
    ...(email !== undefined && { email }),
    ...(phone !== undefined && { phone: phone.trim() }),
    ...(url !== undefined && { url }),
    ...(city !== undefined && { city }),
  };
}

interface Entry {
  heading: string;
  single?: boolean;
  startDate?: string;
  endDate?: string;
  location?: string;
  summary: string[];
  highlights: string[];
}

function opened(
  line: string,
  period: Period,
  before: string | undefined,
  previous: Entry | undefined,
): Entry {
  const rest = line.replace(period.text, "").replace(/^[\s·|,–—(-]+|[\s·|,–—()-]+$/g, "");
  // "Heading — period" on one line, or "Heading" then "period · place": then the heading was
  // taken as a line of the previous entry.
  const sameLine = rest.length > 3 && !/^\p{Lu}\p{Ll}+$/u.test(rest);
  const heading = sameLine ? rest : (before ?? "");
  if (!sameLine && previous) removeLast(previous, before);
  return {
    heading,
    single: period.single,
    ...(period.startDate !== undefined && { startDate: period.startDate }),
    ...(period.endDate !== undefined && { endDate: period.endDate }),
    ...(!sameLine && rest.length > 0 && { location: rest }),
    summary: [],
    highlights: [],
  };
}

function append(entry: Entry, line: string): void {
  if (BULLET.test(line)) entry.highlights.push(line.replace(BULLET, ""));
  else if (entry.highlights.length > 0 && /^\p{Ll}/u.test(line))
    entry.highlights.push(`${entry.highlights.pop() ?? ""} ${line}`);
  else entry.summary.push(line);
}

/** Entries of a dated section: a line with a period opens one; its heading is that line or the one before. */
function entriesOf(lines: string[]): Entry[] {
  const entries: Entry[] = [];
  lines.forEach((line, i) => {
    const period = periodOf(line);
    const current = entries.at(-1);
    if (period) entries.push(opened(line, period, lines[i - 1], current));
    else if (current) append(current, line);
    else entries.push({ heading: "", summary: [line], highlights: [] });
  });
  return entries.filter((entry) => entry.heading.length > 0);
}

function removeLast(entry: Entry, line: string | undefined): void {
  if (entry.summary.at(-1) === line) entry.summary.pop();
  else if (entry.highlights.at(-1) === line) entry.highlights.pop();
}

/** "Poste — Employeur", "Poste, Employeur", "Poste chez Employeur", "Position at Employer". */
function splitHeading(heading: string): [string, string] {
  const parts = heading.split(/\s+[—–|-]\s+|\s+(?:chez|at|@)\s+|,\s+/);
  const [first = heading, second = ""] = parts;
  return [first.trim(), second.trim() || first.trim()];
}

const workOf = (lines: string[]): Cv["work"] =>
  entriesOf(lines).map((entry) => {
    const [position, name] = splitHeading(entry.heading);
    const summary = entry.summary.join(" ");
    return {
      name,
      position,
      ...(entry.location !== undefined && { location: entry.location }),
      ...(entry.startDate !== undefined && { startDate: entry.startDate }),
      ...(entry.endDate !== undefined && { endDate: entry.endDate }),
      ...(summary && { summary }),
      highlights: entry.highlights,
    };
  });

const educationOf = (lines: string[]): Cv["education"] =>
  entriesOf(lines).map((entry) => {
    const [degree, institution] = splitHeading(entry.heading);
    // A diploma's lone year is when it was obtained.
    const [startDate, endDate] = entry.single
      ? [undefined, entry.startDate]
      : [entry.startDate, entry.endDate];
    return {
      institution,
      ...(degree !== institution && { studyType: degree }),
      ...(startDate !== undefined && { startDate }),
      ...(endDate !== undefined && { endDate }),
    };
  });

/** Lines a narrow column wrapped ("…, Power BI," then "Excel") joined again. */
function unwrap(lines: string[]): string[] {
  const joined: string[] = [];
  for (const line of lines) {
    const last = joined.at(-1);
    if (last !== undefined && (/[,;]$/.test(last) || /^\p{Ll}/u.test(line)))
      joined[joined.length - 1] = `${last} ${line}`;
    else joined.push(line);
  }
  return joined;
}

function skillsOf(lines: string[]): Cv["skills"] {
  return unwrap(lines).map((line) => {
    const cleaned = line.replace(BULLET, "");
    const colon = cleaned.indexOf(":");
    if (colon < 0) return { name: cleaned, keywords: [] };
    const keywords = cleaned
      .slice(colon + 1)
      .split(/[,;]/)
      .map((word) => word.trim())
      .filter(Boolean);
    return { name: cleaned.slice(0, colon).trim(), keywords };
  });
}

function languagesOf(lines: string[]): Cv["languages"] {
  return unwrap(lines).flatMap((line) =>
    line
      .replace(BULLET, "")
      .split(/[,;]\s*(?![^()]*\))/)
      .map((part) => {
        const [language = "", fluency] = part
          .split(/\s+[—–:-]\s+|\s*\(|\)/)
          .map((piece) => piece.trim())
          .filter(Boolean);
        return { language, ...(fluency !== undefined && { fluency }) };
      })
      .filter((item) => item.language.length > 0),
  );
}

export function parseCv(text: string): Cv {
  const lines = cleanText(text);
  const { header, sections } = splitSections(lines);
  const summary = (sections.get("summary") ?? []).join(" ");
  const basics = basicsOf(header);
  return {
    language: detectLanguage(lines.join("\n")),
    basics: summary ? { ...basics, summary } : basics,
    work: workOf(sections.get("work") ?? []),
    education: educationOf(sections.get("education") ?? []),
    skills: skillsOf(sections.get("skills") ?? []),
    languages: languagesOf(sections.get("languages") ?? []),
    interests: (sections.get("interests") ?? []).flatMap((line) =>
      line
        .replace(BULLET, "")
        .split(/,\s*/)
        .map((name) => ({ name: name.trim(), keywords: [] })),
    ),
  };
}
