import { HttpError } from "@phoenix/kernel/http";
import { describe, expect, it } from "vitest";
import { formatDate, formatPeriod, sectionTitles } from "./i18n.ts";
import { fromJsonResume, JSON_RESUME_SCHEMA, toJsonResume } from "./json-resume.ts";
import { sampleCv } from "./samples.ts";
import { matchSections } from "./sections.ts";

describe("JSON Resume", () => {
  it.each(["fr", "en"] as const)("round-trips a %s CV: export then import gives the same CV", (language) => {
    const cv = sampleCv(language);
    const exported = toJsonResume(cv);
    expect(exported["$schema"]).toBe(JSON_RESUME_SCHEMA);
    expect(fromJsonResume(JSON.parse(JSON.stringify(exported)))).toEqual(cv);
  });

  it("imports a document written by another tool: location nested, unknown sections dropped", () => {
    const document = {
      basics: {
        name: "Alex Fictif",
        label: "Développeur",
        location: { city: "Nantes", countryCode: "FR", address: "1 rue Exemple" },
        profiles: [{ network: "GitHub", username: "alex" }],
      },
      work: [
        { name: "Société Exemple", position: "Stagiaire", startDate: "2022-02", highlights: ["API REST"] },
      ],
      volunteer: [{ organization: "Association" }],
      skills: [{ name: "JavaScript" }],
    };
    const cv = fromJsonResume(document);
    expect(cv.language).toBe("fr");
    expect(cv.basics).toEqual({
      name: "Alex Fictif",
      label: "Développeur",
      city: "Nantes",
      countryCode: "FR",
    });
    expect(cv.work[0]).toEqual({
      name: "Société Exemple",
      position: "Stagiaire",
      startDate: "2022-02",
      highlights: ["API REST"],
    });
    expect(cv.skills).toEqual([{ name: "JavaScript", keywords: [] }]);
    // Exported again, it reads the same in the fields the model keeps.
    expect(fromJsonResume(toJsonResume(cv))).toEqual(cv);
  });

  it.each([
    ["not an object", []],
    ["no name", { basics: {} }],
    ["a bad date", { basics: { name: "A" }, work: [{ name: "X", position: "Y", startDate: "mars 2021" }] }],
    ["a bad e-mail", { basics: { name: "A", email: "nope" } }],
  ])("refuses %s with invalid_cv and where", (_case, document) => {
    const error = (() => {
      try {
        fromJsonResume(document);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).statusCode).toBe(400);
    expect((error as HttpError).code).toBe("invalid_cv");
  });
});

describe("the CV's language", () => {
  it("titles sections and dates in French or English", () => {
    expect(sectionTitles.fr.work).toBe("Expérience professionnelle");
    expect(sectionTitles.en.work).toBe("Experience");
    expect(formatDate("2021-03", "fr")).toBe("mars 2021");
    expect(formatDate("2021-03-15", "en")).toBe("Mar 2021");
    expect(formatDate("2019", "fr")).toBe("2019");
    expect(formatPeriod("2023-09", undefined, "fr")).toBe("sept. 2023 – aujourd'hui");
    expect(formatPeriod("2016-03", "2023-12", "en")).toBe("Mar 2016 – Dec 2023");
    expect(formatPeriod(undefined, "2016", "en")).toBe("2016");
    expect(formatPeriod(undefined, undefined, "en")).toBe("");
  });

  it("gives Mirror Match one text per section", () => {
    const sections = matchSections(sampleCv("fr"));
    expect(sections.headline).toBe("Cheffe de projet digital");
    expect(sections.experience).toContain("Cheffe de projet junior, Agence Exemple");
    expect(sections.skills).toContain("Gestion de projet, Scrum, Jira, Trello");
    expect(sections.languages).toContain("Anglais C1");
  });
});
