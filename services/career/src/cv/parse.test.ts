// The parser fuzzed: whatever text comes out of a file — random bytes as text, a real CV's lines
// shuffled, cut or repeated, huge lines — it returns a CV and never throws, in bounded time.
import { describe, expect, it } from "vitest";
import Value from "typebox/value";
import { periodOf } from "./dates.ts";
import { fitCv } from "./fit.ts";
import { Cv } from "./model.ts";
import { headingOf } from "./headings.ts";
import { parseCv } from "./parse.ts";

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const real = `Camille Fictive
Cheffe de projet digital
camille.fictive@example.org | +33 6 00 00 00 01
EXPÉRIENCE PROFESSIONNELLE
Cheffe de projet junior — Agence Exemple
sept. 2023 – aujourd'hui · Lyon
• Pilotage de trois sites web
FORMATION
Master Lettres modernes — Université Fictive
2007 – 2012
COMPÉTENCES
Gestion de projet : Scrum, Jira
LANGUES
Français — Langue maternelle, Anglais (C1)`;

describe("parseCv", () => {
  it("reads headings, dates and entries in French and English", () => {
    expect(headingOf("EXPÉRIENCE PROFESSIONNELLE")).toBe("work");
    expect(headingOf("Centres d'intérêt")).toBe("interests");
    expect(headingOf("Work history")).toBe("work");
    expect(headingOf("Pilotage de trois sites web")).toBeUndefined();
    expect(periodOf("03/2019 - 06/2021")).toMatchObject({ startDate: "2019-03", endDate: "2021-06" });
    expect(periodOf("Jan 2020 – Present")).toMatchObject({ startDate: "2020-01" });
    expect(periodOf("Jan 2020 – Present")?.endDate).toBeUndefined();
    const cv = parseCv(real);
    expect(cv.basics).toMatchObject({ name: "Camille Fictive", phone: "+33 6 00 00 00 01" });
    expect(cv.work[0]).toMatchObject({
      position: "Cheffe de projet junior",
      name: "Agence Exemple",
      startDate: "2023-09",
    });
    expect(cv.languages.map((l) => l.language)).toEqual(["Français", "Anglais"]);
  });

  it("never throws on fuzzed input and stays fast", () => {
    const next = random(14);
    const lines = real.split("\n");
    const alphabet = "abcdeéèà ÉXPÉRIENCE:;,.-–—|•()/0123456789@+\n\t\u00a0\u202f’«»\u0000\uFFFD";
    for (let round = 0; round < 400; round++) {
      const kind = round % 4;
      let text: string;
      if (kind === 0)
        text = Array.from(
          { length: Math.floor(next() * 3000) },
          () => alphabet[Math.floor(next() * alphabet.length)],
        ).join("");
      else if (kind === 1) text = [...lines].sort(() => next() - 0.5).join("\n");
      else if (kind === 2) text = real.slice(0, Math.floor(next() * real.length));
      else
        text = `${"2020 ".repeat(Math.floor(next() * 5000))}\n${lines.join("\n").repeat(Math.ceil(next() * 20))}`;
      const started = performance.now();
      const cv = parseCv(text);
      expect(performance.now() - started).toBeLessThan(500);
      // Fitted, it always validates: the editor can save back whatever an upload gave.
      expect(Value.Check(Cv, fitCv(cv))).toBe(true);
    }
  });
});
