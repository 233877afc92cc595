// Section headings a CV uses, French and English, folded (lower case, no accents, no
// punctuation): "EXPÉRIENCE PROFESSIONNELLE", "Parcours", "WORK EXPERIENCE", "Hobbies"…
import { fold } from "../match/text.ts";

export type ParsedSection = "summary" | "work" | "education" | "skills" | "languages" | "interests";

const headings: Record<ParsedSection, string[]> = {
  summary: [
    "profil",
    "profil professionnel",
    "resume",
    "a propos",
    "a propos de moi",
    "presentation",
    "objectif",
    "profile",
    "summary",
    "about me",
    "about",
    "professional summary",
    "objective",
  ],
  work: [
    "experience",
    "experiences",
    "experience professionnelle",
    "experiences professionnelles",
    "parcours",
    "parcours professionnel",
    "emplois",
    "work experience",
    "professional experience",
    "employment",
    "employment history",
    "work history",
    "career",
  ],
  education: [
    "formation",
    "formations",
    "diplomes",
    "diplomes et formations",
    "etudes",
    "cursus",
    "education",
    "qualifications",
    "academic background",
    "training",
  ],
  skills: [
    "competences",
    "competences techniques",
    "savoir faire",
    "outils",
    "skills",
    "technical skills",
    "key skills",
    "core skills",
  ],
  languages: ["langues", "langues etrangeres", "languages"],
  interests: [
    "centres d interet",
    "centres d interets",
    "loisirs",
    "interets",
    "activites",
    "interests",
    "hobbies",
    "hobbies and interests",
  ],
};

const byText = new Map(
  Object.entries(headings).flatMap(([section, names]) =>
    names.map((name) => [name, section as ParsedSection]),
  ),
);

/** The section a line heads, if it is a heading (short, and one of the known names). */
export function headingOf(line: string): ParsedSection | undefined {
  const key = fold(line)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  return key.length > 0 && key.length <= 40 ? byText.get(key) : undefined;
}
