// JSON Resume in and out. Import keeps what the model holds (basics, work, education, skills,
// languages, interests) and drops the rest (volunteer, awards, projects…, which the editor does
// not offer yet); export writes a valid JSON Resume document with the CV's language in
// meta.language, so an export imported again gives the same CV.
import Value from "typebox/value";
import { HttpError } from "@phoenix/kernel/http";
import { Cv } from "./model.ts";

export const JSON_RESUME_SCHEMA =
  "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/** The named string fields of an object that are present and non-empty. */
function pick(source: Json, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === "string" && value.trim() !== "") out[key] = value.trim();
  }
  return out;
}

function basicsFrom(basics: Json): Json {
  const location = isObject(basics["location"]) ? basics["location"] : {};
  return {
    ...pick(basics, ["name", "label", "email", "phone", "url", "summary"]),
    ...pick(location, ["city", "countryCode"]),
  };
}

/** A JSON Resume document → the CV model; 400 invalid_cv with the first problem when it does not fit. */
export function fromJsonResume(document: unknown): Cv {
  if (!isObject(document)) throw new HttpError(400, "invalid_cv", "a JSON Resume document is an object");
  const meta = isObject(document["meta"]) ? document["meta"] : {};
  const candidate = {
    language: meta["language"] === "en" ? "en" : "fr",
    basics: basicsFrom(isObject(document["basics"]) ? document["basics"] : {}),
    work: objects(document["work"]).map((work) => ({
      ...pick(work, ["name", "position", "location", "startDate", "endDate", "summary"]),
      highlights: strings(work["highlights"]),
    })),
    education: objects(document["education"]).map((item) =>
      pick(item, ["institution", "studyType", "area", "startDate", "endDate"]),
    ),
    skills: objects(document["skills"]).map((item) => ({
      ...pick(item, ["name", "level"]),
      keywords: strings(item["keywords"]),
    })),
    languages: objects(document["languages"]).map((item) => pick(item, ["language", "fluency"])),
    interests: objects(document["interests"]).map((item) => ({
      ...pick(item, ["name"]),
      keywords: strings(item["keywords"]),
    })),
  };
  const error = Value.Errors(Cv, candidate)[0];
  if (error) throw new HttpError(400, "invalid_cv", `${error.instancePath || "/"}: ${error.message}`);
  return candidate as Cv;
}

export function toJsonResume(cv: Cv): Json {
  const { city, countryCode, ...basics } = cv.basics;
  return {
    $schema: JSON_RESUME_SCHEMA,
    basics: {
      ...basics,
      ...((city !== undefined || countryCode !== undefined) && {
        location: { ...(city !== undefined && { city }), ...(countryCode !== undefined && { countryCode }) },
      }),
    },
    work: cv.work,
    education: cv.education,
    skills: cv.skills,
    languages: cv.languages,
    interests: cv.interests,
    meta: { language: cv.language },
  };
}
