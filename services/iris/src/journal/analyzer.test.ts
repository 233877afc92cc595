import { describe, expect, it } from "vitest";
import { analyze, correlation, tokenize } from "./analyzer.ts";

const themes = (text: string) => analyze(text).themes.map((theme) => theme.theme);

describe("the narrative analyzer", () => {
  it("reads a French entry: its themes with the words behind them, and a negative mood", () => {
    const result = analyze("Je suis épuisée, j'ai mal dormi et la réunion au travail m'a stressée.");
    expect(result.language).toBe("fr");
    expect(result.themes).toEqual(
      expect.arrayContaining([
        { theme: "work", words: ["reunion", "travail"] },
        { theme: "sleep", words: ["dormi"] },
      ]),
    );
    expect(result.sentiment.label).toBe("negative");
    expect(result.sentiment.hits.map((hit) => hit.word)).toEqual(["epuisee", "mal", "stressee"]);
    expect(result.sentiment.score).toBe(-1);
  });

  it("reads an English entry with a positive mood", () => {
    const result = analyze("I sent two applications today and I feel proud and relieved.");
    expect(result.language).toBe("en");
    expect(themes("I sent two applications today and I feel proud and relieved.")).toEqual(["job_search"]);
    expect(result.sentiment).toMatchObject({ label: "positive", score: 1 });
  });

  it("turns a negated word around, in French and in English", () => {
    expect(analyze("je ne suis pas content").sentiment.hits).toEqual([
      { word: "content", weight: -2, negated: true, intensified: false },
    ]);
    expect(analyze("I am not happy").sentiment.score).toBeLessThan(0);
    expect(analyze("I don't feel bad").sentiment.score).toBeGreaterThan(0);
    expect(analyze("pas mal du tout").sentiment.score).toBeGreaterThan(0);
  });

  it("strengthens a word after an intensifier", () => {
    const [hit] = analyze("très fatigué").sentiment.hits;
    expect(hit).toEqual({ word: "fatigue", weight: -3, negated: false, intensified: true });
  });

  it("reads a mixed entry: both languages' words, language mixed, mood mixed", () => {
    const result = analyze("Today j'ai eu un entretien, I was anxious mais fière après.");
    expect(result.language).toBe("mixed");
    expect(themes("Today j'ai eu un entretien, I was anxious mais fière après.")).toContain("job_search");
    expect(result.sentiment.hits.map((hit) => Math.sign(hit.weight))).toEqual([-1, 1]);
    expect(result.sentiment.label).toBe("mixed");
  });

  it("finds nothing in text without words of its lexicons, and does not fail on any input", () => {
    expect(analyze("🚀🚀 42 !!").sentiment).toEqual({ score: 0, label: "neutral", hits: [] });
    expect(analyze("").language).toBe("unknown");
    expect(() => analyze("\u0000\uFFFD".repeat(1000) + "Привет مرحبا")).not.toThrow();
  });

  it("folds case and accents into words", () => {
    expect(tokenize("Élan, J'AI réussi — don't")).toEqual(["elan", "j", "ai", "reussi", "do", "not"]);
  });
});

describe("correlation", () => {
  it("is Pearson's r, or null below three points or without variance", () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(correlation([1, 2], [1, 2])).toBeNull();
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
