// A CV laid out for printing: titles, dates and typography in the CV's language, one flat shape
// every template reads (passed to Typst as JSON data, never as markup, so nothing a user writes
// is evaluated).
import type { Cv } from "../cv/model.ts";
import { formatPeriod, sectionTitles } from "../cv/i18n.ts";
import { englishTypography, frenchTypography } from "./typography.ts";

export interface PrintCv {
  lang: "fr" | "en";
  name: string;
  label: string;
  contacts: string[];
  titles: Record<"summary" | "work" | "education" | "skills" | "languages" | "interests", string>;
  summary: string;
  work: { heading: string; meta: string; summary: string; highlights: string[] }[];
  education: { heading: string; meta: string }[];
  skills: string[];
  languages: string[];
  interests: string[];
}

const joinOf = (parts: (string | undefined)[], separator: string) =>
  parts.filter((part) => part).join(separator);

export function printCv(cv: Cv): PrintCv {
  const lang = cv.language;
  const t = lang === "fr" ? frenchTypography : englishTypography;
  const { basics } = cv;
  return {
    lang,
    name: basics.name,
    label: t(basics.label ?? ""),
    contacts: [basics.email, basics.phone, basics.url, basics.city].filter((c): c is string => Boolean(c)),
    titles: sectionTitles[lang],
    summary: t(basics.summary ?? ""),
    work: cv.work.map((work) => ({
      heading: t(`${work.position} — ${work.name}`),
      meta: joinOf([formatPeriod(work.startDate, work.endDate, lang), work.location], " · "),
      summary: t(work.summary ?? ""),
      highlights: work.highlights.map(t),
    })),
    education: cv.education.map((item) => ({
      heading: t(joinOf([joinOf([item.studyType, item.area], " "), item.institution], " — ")),
      meta: formatPeriod(item.startDate, item.endDate, lang),
    })),
    skills: cv.skills.map((group) =>
      t(
        group.keywords.length > 0
          ? `${group.name}${lang === "fr" ? " :" : ":"} ${group.keywords.join(", ")}`
          : group.name,
      ),
    ),
    languages: cv.languages.map((item) => t(joinOf([item.language, item.fluency], " — "))),
    interests: cv.interests.map((item) => t(item.name)),
  };
}
