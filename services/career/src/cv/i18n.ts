// Section titles and dates in the CV's language: "Expérience professionnelle", "mars 2021 –
// aujourd'hui"; "Experience", "Mar 2021 – present". Month names are written here, not taken from
// Intl, so a PDF reads the same on every Node build.
// The language is spelled here rather than imported from ../match/text.ts, so the web client's
// live preview can import this module without the matcher (and its stemmers) in its type check.
type Language = "fr" | "en";

export type CvSection = "summary" | "work" | "education" | "skills" | "languages" | "interests";

export const sectionTitles: Record<Language, Record<CvSection, string>> = {
  fr: {
    summary: "Profil",
    work: "Expérience professionnelle",
    education: "Formation",
    skills: "Compétences",
    languages: "Langues",
    interests: "Centres d'intérêt",
  },
  en: {
    summary: "Profile",
    work: "Experience",
    education: "Education",
    skills: "Skills",
    languages: "Languages",
    interests: "Interests",
  },
};

const months: Record<Language, string[]> = {
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

const present: Record<Language, string> = { fr: "aujourd'hui", en: "present" };

/** "2021" → "2021"; "2021-03" or "2021-03-15" → "mars 2021" / "Mar 2021" (CVs show months). */
export function formatDate(date: string, language: Language): string {
  const [year, month] = date.split("-");
  const name = month === undefined ? undefined : months[language][Number(month) - 1];
  return name === undefined ? (year ?? date) : `${name} ${year ?? ""}`;
}

/** A period: "mars 2021 – aujourd'hui", "2019 – 2021", "2019"; "" when there is no date. */
export function formatPeriod(start: string | undefined, end: string | undefined, language: Language): string {
  if (start === undefined) return end === undefined ? "" : formatDate(end, language);
  return `${formatDate(start, language)} – ${end === undefined ? present[language] : formatDate(end, language)}`;
}
