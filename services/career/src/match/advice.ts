// Section-by-section advice from the score's lines. It never tells the user to claim anything:
// missing skills are to be added only "if you have them", and skills already claimed are to be
// shown in an experience.
import type { CvIndex } from "./cv-index.ts";
import { skill } from "./lexicon.ts";
import type { Localized, SectionKey } from "./sections.ts";
import type { ScoreLine } from "./score.ts";

export interface Advice {
  section: SectionKey;
  priority: "high" | "medium" | "low";
  terms: Localized[];
  message: Localized;
}

const list = (terms: Localized[], language: "fr" | "en"): string =>
  terms.map((term) => (language === "fr" ? `« ${term.fr} »` : `"${term.en}"`)).join(", ");

function missingSkills(lines: ScoreLine[], required: boolean): Advice[] {
  const missing = lines.filter(
    (line) => line.kind === "skill" && line.foundIn.length === 0 && line.required === required,
  );
  const spoken = missing.filter((line) => skill(line.term).category === "spoken").map((line) => line.label);
  const others = missing.filter((line) => skill(line.term).category !== "spoken").map((line) => line.label);
  const advice: Advice[] = [];
  const priority = required ? "high" : "low";
  const kind = required ? { fr: "demande", en: "asks for" } : { fr: "apprécierait", en: "would welcome" };
  if (others.length > 0)
    advice.push({
      section: "skills",
      priority,
      terms: others,
      message: {
        fr: `L'offre ${kind.fr} ${list(others, "fr")}. Si vous les maîtrisez, ajoutez-les à vos compétences avec un exemple ; sinon, n'inventez rien : dites dans la lettre comment vous comptez les acquérir.`,
        en: `The offer ${kind.en} ${list(others, "en")}. If you have them, add them to your skills with an example; if not, claim nothing: say in your letter how you plan to learn them.`,
      },
    });
  if (spoken.length > 0)
    advice.push({
      section: "languages",
      priority,
      terms: spoken,
      message: {
        fr: `L'offre mentionne ${list(spoken, "fr")}. Si vous pratiquez cette langue, indiquez-la avec votre niveau (A1 à C2).`,
        en: `The offer mentions ${list(spoken, "en")}. If you speak it, list it with your level (A1 to C2).`,
      },
    });
  return advice;
}

function unprovenSkills(lines: ScoreLine[]): Advice[] {
  const unproven = lines
    .filter(
      (line) => line.kind === "skill" && line.foundIn.length > 0 && !line.foundIn.includes("experience"),
    )
    .filter((line) => skill(line.term).category !== "spoken")
    .map((line) => line.label);
  if (unproven.length === 0) return [];
  return [
    {
      section: "experience",
      priority: "medium",
      terms: unproven,
      message: {
        fr: `Vous citez ${list(unproven, "fr")} sans les montrer dans une expérience. Ajoutez une ligne concrète : ce que vous avez fait, avec quel résultat.`,
        en: `You list ${list(unproven, "en")} without showing them in an experience. Add a concrete line: what you did, with what result.`,
      },
    },
  ];
}

function titleAdvice(lines: ScoreLine[], cv: CvIndex): Advice[] {
  const title = lines.find((line) => line.kind === "title");
  if (!title || title.points === title.max) return [];
  const inTop = title.foundIn.some((section) => section === "headline" || section === "summary");
  return [
    {
      section: inTop || cv.skills.size === 0 ? "summary" : "headline",
      priority: "medium",
      terms: [title.label],
      message: {
        fr: `Reprenez les mots de l'intitulé « ${title.label.fr} » dans votre titre ou votre profil, s'ils décrivent bien le poste que vous visez.`,
        en: `Use the words of the title "${title.label.en}" in your headline or summary, if they describe the role you are aiming for.`,
      },
    },
  ];
}

function keywordAdvice(lines: ScoreLine[]): Advice[] {
  const missing = lines
    .filter((line) => line.kind === "keyword" && line.foundIn.length === 0)
    .map((l) => l.label);
  if (missing.length === 0) return [];
  return [
    {
      section: "experience",
      priority: "low",
      terms: missing,
      message: {
        fr: `L'offre emploie souvent ${list(missing, "fr")}. Les logiciels de tri (ATS) cherchent ces mots : reprenez-les là où ils décrivent vraiment votre parcours.`,
        en: `The offer often uses ${list(missing, "en")}. Screening software (ATS) looks for these words: use them where they truly describe your background.`,
      },
    },
  ];
}

export function adviceFor(lines: ScoreLine[], cv: CvIndex): Advice[] {
  const advice = [
    ...missingSkills(lines, true),
    ...titleAdvice(lines, cv),
    ...unprovenSkills(lines),
    ...missingSkills(lines, false),
    ...keywordAdvice(lines),
  ];
  if (advice.length > 0) return advice;
  return [
    {
      section: "summary",
      priority: "low",
      terms: [],
      message: {
        fr: "Votre CV couvre tout ce que l'offre demande. Relisez-le pour qu'il reste court et précis.",
        en: "Your CV covers everything the offer asks for. Read it again to keep it short and precise.",
      },
    },
  ];
}
