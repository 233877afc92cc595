// Every template × tone × length × language: the letter states no skill, employer or degree that
// the CV does not hold, even when the offer asks for many it lacks.
import { describe, expect, it } from "vitest";
import { sampleCv } from "../cv/samples.ts";
import { analyse } from "../match/analyse.ts";
import { matchSections } from "../cv/sections.ts";
import { languages } from "../match/text.ts";
import { composeLetter, lengths, templates } from "./compose.ts";
import type { LetterRequest } from "./compose.ts";
import { factsOf, yearsBetween } from "./facts.ts";
import { tones } from "./phrases.ts";
import { checkedRewrite, namesAndNumbers, rewriteMessages } from "./rewrite.ts";
import { verifyLetter } from "./verify.ts";

const now = new Date("2026-06-01T00:00:00Z");

// An offer that asks for a lot the CVs do not have, and names other employers and degrees.
const offer = `Chef de projet digital H/F
Banque Exemple recherche un chef de projet (Master ou MBA exigé, ancien de Google apprécié).
Compétences : gestion de projet, Scrum, JavaScript, Docker, Kubernetes, SAP, comptabilité, anglais, espagnol.
Idéalement : Python, SQL, Power BI.`;

const combos = templates.flatMap((template) =>
  tones.flatMap((tone) =>
    lengths.flatMap((length) =>
      languages.flatMap((language) =>
        (["fr", "en"] as const).map((cvLanguage) => ({ template, tone, length, language, cvLanguage })),
      ),
    ),
  ),
);

describe("letters state only the CV's facts", () => {
  it.each(combos)(
    "$template, $tone, $length, letter $language, CV $cvLanguage",
    ({ cvLanguage, ...choice }) => {
      const cv = sampleCv(cvLanguage);
      const facts = factsOf(cv, now);
      const analysis = analyse(offer, matchSections(cv));
      const request: LetterRequest = {
        ...choice,
        role: "chef de projet digital",
        company: "Banque Exemple",
        offerSkills: [...analysis.matched, ...analysis.missing]
          .filter((t) => t.kind === "skill")
          .map((t) => t.term),
      };
      const letter = composeLetter(facts, request);
      expect(verifyLetter(letter, facts, request)).toEqual([]);
      // Independently of the guard: nothing the offer names and the CV lacks shows up.
      for (const absent of ["Docker", "Kubernetes", "SAP", "Google", "MBA", "espagnol", "Spanish"])
        expect(letter.text).not.toContain(absent);
      if (cvLanguage === "fr") expect(letter.text).not.toMatch(/\bMaster\b/);
      expect(letter.text).toContain("Banque Exemple");
      expect(letter.paragraphs.at(-1)).toBe(cv.basics.name);
      // The CV's own skills that the offer asks for are written.
      expect(letter.claims.some((claim) => claim.kind === "skill")).toBe(true);
    },
  );

  it("grows with the length and changes with the tone", () => {
    const facts = factsOf(sampleCv("fr"), now);
    const base = {
      template: "classic",
      language: "fr",
      role: "chef de projet",
      offerSkills: ["scrum"],
    } as const;
    const size = (length: (typeof lengths)[number]) =>
      composeLetter(facts, { ...base, tone: "formal", length }).text.length;
    expect(size("short")).toBeLessThan(size("standard"));
    expect(size("standard")).toBeLessThan(size("long"));
    const formal = composeLetter(facts, { ...base, tone: "formal", length: "short" }).text;
    const bold = composeLetter(facts, { ...base, tone: "bold", length: "short" }).text;
    expect(formal).toContain("Madame, Monsieur");
    expect(bold).not.toContain("Madame, Monsieur");
  });

  it("leaves a paragraph out when the CV lacks its facts", () => {
    const cv = sampleCv("en", { work: [], education: [], languages: [] });
    const facts = factsOf(cv, now);
    const letter = composeLetter(facts, {
      template: "transition",
      tone: "warm",
      length: "long",
      language: "en",
      role: "analyst",
      offerSkills: [],
    });
    expect(verifyLetter(letter, facts, { role: "analyst", language: "en" })).toEqual([]);
    expect(letter.claims.map((claim) => claim.kind).sort()).toEqual([
      "name",
      "skill",
      "skill",
      "skill",
      "skill",
    ]);
  });

  it("the guard catches an invented skill, degree or employer (the test above can fail)", () => {
    const facts = factsOf(sampleCv("fr"), now);
    const request = { role: "chef de projet", company: "Banque Exemple", language: "fr" as const };
    const invented = {
      text: "Je maîtrise Kubernetes et je suis titulaire d'un MBA.",
      claims: [{ kind: "employer" as const, value: "Google" }],
    };
    expect(verifyLetter(invented, facts, request)).toEqual([
      { kind: "claim", value: "employer: Google" },
      { kind: "skill", value: "kubernetes" },
      { kind: "degree", value: "mba" },
    ]);
  });

  it("a rewrite that invents is refused, one that keeps the facts passes", async () => {
    const facts = factsOf(sampleCv("fr"), now);
    const request: LetterRequest = {
      template: "classic",
      tone: "warm",
      length: "short",
      language: "fr",
      role: "chef de projet",
      offerSkills: ["scrum"],
    };
    const letter = composeLetter(facts, request);
    const input = {
      letter,
      language: "fr" as const,
      tone: "warm" as const,
      claims: letter.claims,
      user: { id: "u1", plan: "free" },
      facts,
      request,
      allowed: [JSON.stringify(sampleCv("fr")), request.role, letter.text].join("\n"),
    };
    const signal = new AbortController().signal;
    const saying = (extra: string) => ({ rewrite: () => Promise.resolve(`${letter.text}\n${extra}`) });
    expect(await checkedRewrite(saying("Je maîtrise aussi Docker."), input, signal)).toEqual({
      ok: false,
      problems: [
        { kind: "skill", value: "docker" },
        { kind: "name", value: "Docker" },
      ],
    });
    expect(await checkedRewrite(saying("J'ai aussi travaillé chez Google."), input, signal)).toEqual({
      ok: false,
      problems: [{ kind: "name", value: "Google" }],
    });
    expect(await checkedRewrite(saying("Fort de 15 ans d'expérience."), input, signal)).toEqual({
      ok: false,
      problems: [{ kind: "number", value: "15" }],
    });
    const faithful = { rewrite: () => Promise.resolve(letter.text.replace("Bonjour", "Bonjour à vous")) };
    expect(await checkedRewrite(faithful, input, signal)).toMatchObject({ ok: true });
  });

  it("reads names and numbers, not the capital that opens a sentence or a line", () => {
    expect(
      namesAndNumbers(
        "Madame, Monsieur,\nJe postule chez Decathlon. Mon expérience (12 ans) à Lyon compte.\nBien à vous",
      ),
    ).toEqual(["12", "Monsieur", "Decathlon", "Lyon"]);
  });

  it("asks the model for the same facts in the letter's language and tone", () => {
    const [system, user] = rewriteMessages({
      letter: { text: "Bonjour" },
      language: "fr",
      tone: "bold",
      claims: [{ kind: "employer", value: "Decathlon" }],
      user: { id: "u1", plan: "free" },
    });
    expect(system?.content).toContain("affirmé");
    expect(system?.content).toContain("n'ajoute aucune compétence");
    expect(user?.content).toBe("Faits autorisés:\n- employer: Decathlon\n\nLettre:\nBonjour");
  });

  it("counts whole years between partial dates", () => {
    expect(yearsBetween("2012-09", "2023-07", now)).toBe(10);
    expect(yearsBetween("2023-09", undefined, now)).toBe(2);
    expect(yearsBetween(undefined, "2020", now)).toBeUndefined();
  });
});
