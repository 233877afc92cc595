// The OpenAPI shapes of Mirror Match's analysis (match/analyse.ts).
import Type from "typebox";

const Localized = Type.Object({ fr: Type.String(), en: Type.String() });
const Section = Type.String({
  description: "headline, summary, experience, education, skills, languages, interests, other",
});
const Kind = Type.Union([Type.Literal("skill"), Type.Literal("keyword"), Type.Literal("title")]);

const Term = Type.Object({ kind: Kind, term: Type.String(), label: Localized, required: Type.Boolean() });

export const Analysis = Type.Object(
  {
    offerHash: Type.String(),
    cvHash: Type.String(),
    language: Type.Object({ offer: Type.String(), cv: Type.String() }),
    title: Type.String(),
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    lines: Type.Array(
      Type.Object({
        kind: Kind,
        term: Type.String(),
        label: Localized,
        required: Type.Boolean(),
        max: Type.Integer(),
        points: Type.Integer(),
        foundIn: Type.Array(Section),
        reason: Localized,
      }),
      { description: "Every point of the score: the lines' points add up to it, their maxima to 100." },
    ),
    matched: Type.Array(Term),
    missing: Type.Array(Term),
    advice: Type.Array(
      Type.Object({
        section: Section,
        priority: Type.Union([Type.Literal("high"), Type.Literal("medium"), Type.Literal("low")]),
        terms: Type.Array(Localized),
        message: Localized,
      }),
    ),
  },
  { $id: "MatchAnalysis" },
);
