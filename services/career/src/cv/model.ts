// The CV: a structured model shaped on JSON Resume (https://jsonresume.org/schema), the format
// other CV tools read and write, plus the CV's language, which sets its section titles and dates.
// The TypeBox schema is the type and the routes' body schema.
import Type from "typebox";
import type { Static } from "typebox";

/** JSON Resume's partial ISO 8601 dates: 2021, 2021-03 or 2021-03-15. */
export const PARTIAL_DATE = "^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";
export const PartialDate = Type.String({ pattern: PARTIAL_DATE });

const text = (maxLength: number) => Type.String({ maxLength });
const list = <T extends Type.TSchema>(item: T, maxItems = 50) => Type.Array(item, { maxItems });

export const Basics = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    label: Type.Optional(text(160)),
    email: Type.Optional(Type.String({ maxLength: 254, pattern: "^[^@\\s]+@[^@\\s]+$" })),
    phone: Type.Optional(Type.String({ maxLength: 40, pattern: "^[+0-9 ().-]*$" })),
    url: Type.Optional(text(300)),
    summary: Type.Optional(text(2000)),
    city: Type.Optional(text(120)),
    countryCode: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$" })),
  },
  { additionalProperties: false },
);

export const Work = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 160 }),
    position: Type.String({ minLength: 1, maxLength: 160 }),
    location: Type.Optional(text(120)),
    startDate: Type.Optional(PartialDate),
    endDate: Type.Optional(PartialDate),
    summary: Type.Optional(text(2000)),
    highlights: list(text(400), 20),
  },
  { additionalProperties: false },
);

export const Education = Type.Object(
  {
    institution: Type.String({ minLength: 1, maxLength: 160 }),
    studyType: Type.Optional(text(160)),
    area: Type.Optional(text(160)),
    startDate: Type.Optional(PartialDate),
    endDate: Type.Optional(PartialDate),
  },
  { additionalProperties: false },
);

export const SkillGroup = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    level: Type.Optional(text(60)),
    keywords: list(text(80), 40),
  },
  { additionalProperties: false },
);

export const SpokenLanguage = Type.Object(
  { language: Type.String({ minLength: 1, maxLength: 60 }), fluency: Type.Optional(text(60)) },
  { additionalProperties: false },
);

export const Interest = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }), keywords: list(text(80), 20) },
  { additionalProperties: false },
);

export const Cv = Type.Object(
  {
    language: Type.Union([Type.Literal("fr"), Type.Literal("en")]),
    basics: Basics,
    work: list(Work),
    education: list(Education),
    skills: list(SkillGroup),
    languages: list(SpokenLanguage, 20),
    interests: list(Interest, 20),
  },
  { $id: "Cv", additionalProperties: false },
);
export type Cv = Static<typeof Cv>;
export type Work = Static<typeof Work>;
export type Education = Static<typeof Education>;
