// A structured CV as Mirror Match reads it: one text per section.
import type { CvSections } from "../match/sections.ts";
import type { Cv } from "./model.ts";

const lines = (items: (string | undefined)[]): string => items.filter(Boolean).join("\n");

export function matchSections(cv: Cv): CvSections {
  return {
    headline: cv.basics.label ?? "",
    summary: cv.basics.summary ?? "",
    experience: lines(
      cv.work.flatMap((work) => [`${work.position}, ${work.name}`, work.summary, ...work.highlights]),
    ),
    education: lines(
      cv.education.map((item) => [item.studyType, item.area, item.institution].filter(Boolean).join(", ")),
    ),
    skills: lines(cv.skills.map((group) => [group.name, ...group.keywords].join(", "))),
    languages: lines(cv.languages.map((item) => [item.language, item.fluency].filter(Boolean).join(" "))),
    interests: lines(cv.interests.map((item) => [item.name, ...item.keywords].join(", "))),
  };
}
