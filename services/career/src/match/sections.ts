// The CV as Mirror Match reads it: plain text per section. The CV model (../cv) produces this
// from a structured CV; an uploaded CV's parser produces it from its text.
export const sectionKeys = [
  "headline",
  "summary",
  "experience",
  "education",
  "skills",
  "languages",
  "interests",
  "other",
] as const;
export type SectionKey = (typeof sectionKeys)[number];
export type CvSections = Partial<Record<SectionKey, string>>;

export interface Localized {
  fr: string;
  en: string;
}

export const sectionNames: Record<SectionKey, Localized> = {
  headline: { fr: "Titre", en: "Headline" },
  summary: { fr: "Profil", en: "Summary" },
  experience: { fr: "Expérience professionnelle", en: "Experience" },
  education: { fr: "Formation", en: "Education" },
  skills: { fr: "Compétences", en: "Skills" },
  languages: { fr: "Langues", en: "Languages" },
  interests: { fr: "Centres d'intérêt", en: "Interests" },
  other: { fr: "Autres", en: "Other" },
};
