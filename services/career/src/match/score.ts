// The score out of 100 in three blocks — the offer's skills (70), its other keywords (20) and its
// title (10); a block the offer gives nothing to compare for passes its share to the others. Each
// block's points are shared among its items by weight (a required skill weighs 2, an optional
// one 1), and each line says what earned or lost its points.
import { allocate } from "./allocate.ts";
import type { CvIndex } from "./cv-index.ts";
import { skillLabel } from "./lexicon.ts";
import type { Offer } from "./offer.ts";
import { sectionNames } from "./sections.ts";
import type { Localized, SectionKey } from "./sections.ts";

export type LineKind = "skill" | "keyword" | "title";

export interface ScoreLine {
  kind: LineKind;
  /** Skill id, keyword stem, or "title". */
  term: string;
  label: Localized;
  required: boolean;
  max: number;
  points: number;
  /** CV sections where it was found (empty: missing). */
  foundIn: SectionKey[];
  reason: Localized;
}

const BLOCKS: Record<LineKind, number> = { skill: 70, keyword: 20, title: 10 };

function where(sections: SectionKey[]): Localized {
  return {
    fr: sections.map((key) => sectionNames[key].fr).join(", "),
    en: sections.map((key) => sectionNames[key].en).join(", "),
  };
}

function reasonFor(label: Localized, foundIn: SectionKey[], points: { got: number; max: number }): Localized {
  const place = where(foundIn);
  const score = `${points.got}/${points.max}`;
  return foundIn.length > 0
    ? {
        fr: `« ${label.fr} » : demandé par l'offre, présent dans votre CV (${place.fr}) — ${score} points`,
        en: `"${label.en}": asked for by the offer, in your CV (${place.en}) — ${score} points`,
      }
    : {
        fr: `« ${label.fr} » : demandé par l'offre, absent de votre CV — ${score} points`,
        en: `"${label.en}": asked for by the offer, not in your CV — ${score} points`,
      };
}

interface Item {
  kind: LineKind;
  term: string;
  label: Localized;
  required: boolean;
  weight: number;
  foundIn: SectionKey[];
}

function items(offer: Offer, cv: CvIndex): Record<LineKind, Item[]> {
  const skills = offer.skills.map((skill) => ({
    kind: "skill" as const,
    term: skill.id,
    label: { fr: skillLabel(skill.id, "fr"), en: skillLabel(skill.id, "en") },
    required: skill.required,
    weight: skill.required ? 2 : 1,
    foundIn: cv.skills.get(skill.id) ?? [],
  }));
  const keywords = offer.keywords.map((keyword) => ({
    kind: "keyword" as const,
    term: keyword.stem,
    label: { fr: keyword.word, en: keyword.word },
    required: true,
    weight: 1,
    foundIn: cv.stems[offer.language].get(keyword.stem) ?? [],
  }));
  return { skill: skills, keyword: keywords, title: [] };
}

function titleLine(offer: Offer, cv: CvIndex, max: number): ScoreLine {
  const stems = offer.titleStems;
  const found = stems.filter((stem) => cv.stems[offer.language].has(stem));
  const points = stems.length > 0 ? Math.round((max * found.length) / stems.length) : 0;
  const foundIn = [...new Set(found.flatMap((stem) => cv.stems[offer.language].get(stem) ?? []))];
  return {
    kind: "title",
    term: "title",
    label: { fr: offer.title, en: offer.title },
    required: true,
    max,
    points,
    foundIn,
    reason: {
      fr: `Intitulé « ${offer.title} » : ${found.length} mot(s) sur ${stems.length} dans votre CV — ${points}/${max} points`,
      en: `Title "${offer.title}": ${found.length} of ${stems.length} word(s) in your CV — ${points}/${max} points`,
    },
  };
}

export function scoreLines(offer: Offer, cv: CvIndex): ScoreLine[] {
  const byKind = items(offer, cv);
  const kinds = (["skill", "keyword", "title"] as const).filter((kind) =>
    kind === "title" ? offer.titleStems.length > 0 : byKind[kind].length > 0,
  );
  const blockMax = allocate(
    100,
    kinds.map((kind) => BLOCKS[kind]),
  );
  return kinds.flatMap((kind, k) => {
    const max = blockMax[k] ?? 0;
    if (kind === "title") return [titleLine(offer, cv, max)];
    const list = byKind[kind];
    const shares = allocate(
      max,
      list.map((item) => item.weight),
    );
    return list.map((item, i) => {
      const share = shares[i] ?? 0;
      const points = item.foundIn.length > 0 ? share : 0;
      const { weight: _weight, ...line } = item;
      return {
        ...line,
        max: share,
        points,
        reason: reasonFor(item.label, item.foundIn, { got: points, max: share }),
      };
    });
  });
}
