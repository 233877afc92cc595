import { describe, expect, it } from "vitest";
import { cleanCv, emptyCv, splitList } from "./cv-form.ts";

describe("the CV editor's stored form", () => {
  it("splits a list on its separator and leaves empty items out", () => {
    expect(splitList(" TypeScript, React,, SQL ", ",")).toEqual(["TypeScript", "React", "SQL"]);
  });

  it("trims, leaves empty optional fields out and drops empty entries", () => {
    const cv = {
      ...emptyCv(" Camille Martin ", "fr"),
      basics: { name: " Camille Martin ", email: "", label: " Développeuse " },
      work: [
        { name: "Acme", position: "Dev", startDate: "2021-03", endDate: "", highlights: [" API ", ""] },
        { name: "", position: "", highlights: [] },
      ],
      skills: [{ name: "Web", keywords: ["React", " "] }],
    };
    expect(cleanCv(cv)).toEqual({
      language: "fr",
      basics: { name: "Camille Martin", label: "Développeuse" },
      work: [{ name: "Acme", position: "Dev", startDate: "2021-03", highlights: ["API"] }],
      education: [],
      skills: [{ name: "Web", keywords: ["React"] }],
      languages: [],
      interests: [],
    });
  });
});
