// The letters' wording: per language and tone, sentences with holes for the CV's facts and the
// offer's role and company. Nothing here states a fact: every fact comes in through a hole, and
// compose.ts records it as a claim.
import type { Language } from "../match/text.ts";

export const tones = ["formal", "warm", "bold"] as const;
export type Tone = (typeof tones)[number];

type ByTone<T> = Record<Tone, T>;

interface Wording {
  salutation: ByTone<string>;
  opening: ByTone<(role: string, company: string) => string>;
  current: ByTone<(position: string, employer: string) => string>;
  past: ByTone<(years: string, position: string, employer: string) => string>;
  highlight: ByTone<(highlight: string) => string>;
  skills: ByTone<(skills: string) => string>;
  degree: ByTone<(degree: string) => string>;
  languages: ByTone<(languages: string) => string>;
  motivation: ByTone<(company: string) => string>;
  closing: ByTone<string>;
  signOff: ByTone<string>;
  and: string;
  yourCompany: string;
  years: (n: number) => string;
}

const fr: Wording = {
  salutation: { formal: "Madame, Monsieur,", warm: "Bonjour,", bold: "Bonjour," },
  opening: {
    formal: (role, company) => `Je vous adresse ma candidature au poste de ${role} au sein de ${company}.`,
    warm: (role, company) =>
      `C'est avec un réel plaisir que je vous propose ma candidature au poste de ${role} chez ${company}.`,
    bold: (role, company) =>
      `Le poste de ${role} chez ${company} correspond exactement à ce que je veux construire.`,
  },
  current: {
    formal: (position, employer) => `J'occupe actuellement le poste de ${position} chez ${employer}.`,
    warm: (position, employer) =>
      `Aujourd'hui, je suis ${position} chez ${employer}, un rôle qui me plaît beaucoup.`,
    bold: (position, employer) => `En tant que ${position} chez ${employer}, j'ai appris à livrer.`,
  },
  past: {
    formal: (years, position, employer) =>
      `Auparavant, j'ai exercé ${years} comme ${position} chez ${employer}.`,
    warm: (years, position, employer) =>
      `Avant cela, j'ai passé ${years} comme ${position} chez ${employer}, une expérience qui m'a beaucoup appris.`,
    bold: (years, position, employer) =>
      `Mon passage de ${years} comme ${position} chez ${employer} m'a forgé(e).`,
  },
  highlight: {
    formal: (highlight) => `Parmi mes réalisations : ${highlight}.`,
    warm: (highlight) => `Je suis particulièrement fier(ère) de ceci : ${highlight}.`,
    bold: (highlight) => `Un résultat concret : ${highlight}.`,
  },
  skills: {
    formal: (skills) => `Je mettrai à votre service mes compétences en ${skills}.`,
    warm: (skills) => `J'aimerais mettre à profit chez vous mes compétences en ${skills}.`,
    bold: (skills) => `Ce que j'apporte : ${skills}.`,
  },
  degree: {
    formal: (degree) => `Ma formation (${degree}) complète cette expérience.`,
    warm: (degree) => `Ma formation (${degree}) m'a donné des bases solides.`,
    bold: (degree) => `Formation : ${degree}.`,
  },
  languages: {
    formal: (languages) => `Je pratique les langues suivantes : ${languages}.`,
    warm: (languages) => `Je parle ${languages}.`,
    bold: (languages) => `Langues : ${languages}.`,
  },
  motivation: {
    formal: (company) =>
      `Rejoindre ${company} me permettrait de mettre cette expérience au service de vos projets.`,
    warm: (company) => `L'idée de rejoindre ${company} me motive vraiment.`,
    bold: (company) => `Je veux contribuer aux projets de ${company}.`,
  },
  closing: {
    formal: "Je me tiens à votre disposition pour un entretien.",
    warm: "Je serais ravi(e) d'échanger avec vous lors d'un entretien.",
    bold: "Parlons-en lors d'un entretien.",
  },
  signOff: {
    formal: "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
    warm: "Bien cordialement,",
    bold: "À très vite,",
  },
  and: "et",
  yourCompany: "votre entreprise",
  years: (n) => (n <= 1 ? "un an" : `${n} ans`),
};

const en: Wording = {
  salutation: { formal: "Dear Sir or Madam,", warm: "Hello,", bold: "Hello," },
  opening: {
    formal: (role, company) => `I am writing to apply for the position of ${role} at ${company}.`,
    warm: (role, company) => `I am delighted to apply for the ${role} role at ${company}.`,
    bold: (role, company) => `The ${role} role at ${company} is exactly what I want to build next.`,
  },
  current: {
    formal: (position, employer) => `I currently work as ${position} at ${employer}.`,
    warm: (position, employer) => `Today I am ${position} at ${employer}, a role I truly enjoy.`,
    bold: (position, employer) => `As ${position} at ${employer}, I learned to deliver.`,
  },
  past: {
    formal: (years, position, employer) => `Previously, I spent ${years} as ${position} at ${employer}.`,
    warm: (years, position, employer) =>
      `Before that, I spent ${years} as ${position} at ${employer}, which taught me a lot.`,
    bold: (years, position, employer) => `My ${years} as ${position} at ${employer} shaped how I work.`,
  },
  highlight: {
    formal: (highlight) => `Among my achievements: ${highlight}.`,
    warm: (highlight) => `I am especially proud of this: ${highlight}.`,
    bold: (highlight) => `One concrete result: ${highlight}.`,
  },
  skills: {
    formal: (skills) => `I would bring my skills in ${skills} to your team.`,
    warm: (skills) => `I would love to put my skills in ${skills} to work with you.`,
    bold: (skills) => `What I bring: ${skills}.`,
  },
  degree: {
    formal: (degree) => `My education (${degree}) complements this experience.`,
    warm: (degree) => `My studies (${degree}) gave me solid foundations.`,
    bold: (degree) => `Education: ${degree}.`,
  },
  languages: {
    formal: (languages) => `I speak the following languages: ${languages}.`,
    warm: (languages) => `I speak ${languages}.`,
    bold: (languages) => `Languages: ${languages}.`,
  },
  motivation: {
    formal: (company) => `Joining ${company} would let me put this experience to work on your projects.`,
    warm: (company) => `The idea of joining ${company} truly motivates me.`,
    bold: (company) => `I want to contribute to what ${company} builds.`,
  },
  closing: {
    formal: "I would welcome the opportunity to discuss my application in an interview.",
    warm: "I would be glad to talk with you in an interview.",
    bold: "Let's talk in an interview.",
  },
  signOff: { formal: "Yours faithfully,", warm: "Kind regards,", bold: "Best," },
  and: "and",
  yourCompany: "your company",
  years: (n) => (n <= 1 ? "one year" : `${n} years`),
};

export const wording: Record<Language, Wording> = { fr, en };

/** "a, b et c" / "a, b and c". */
export function enumerate(items: string[], language: Language): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${wording[language].and} ${items.at(-1) ?? ""}`;
}
