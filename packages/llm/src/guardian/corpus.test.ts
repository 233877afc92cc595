// The guardian against its labelled corpus (packages/llm/corpus): detection rate on attacks,
// false-positive rate on ordinary messages, per technique and language, written to
// bench/results/guardian.json and held above floors set from the first measurement (ADR 0062):
//   guardian.jsonl          first 0.940 detection, 0.000 false positives → floors 0.93 / 0.01
//   guardian-holdout.jsonl  written after the rules, measured once untuned: 0.737 / 0.000 →
//                           floors 0.70 / 0.02 (its misses then taught the rules new words, so
//                           it is no longer independent; a fresh held-out set is the honest check)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectInjection } from "./injection.ts";

interface Entry {
  id: string;
  label: "attack" | "ordinary";
  lang: "fr" | "en" | "mixed";
  technique: string;
  text: string;
}

const root = path.resolve(import.meta.dirname, "../../../..");
const corpusDir = path.join(root, "packages/llm/corpus");

function load(file: string): Entry[] {
  return readFileSync(path.join(corpusDir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Entry);
}

interface Rate {
  total: number;
  flagged: number;
  rate: number;
}

const rate = (entries: readonly Entry[], flagged: ReadonlySet<string>): Rate => {
  const hits = entries.filter((entry) => flagged.has(entry.id)).length;
  return {
    total: entries.length,
    flagged: hits,
    rate: entries.length === 0 ? 0 : Number((hits / entries.length).toFixed(4)),
  };
};

function groupRates(entries: readonly Entry[], flagged: ReadonlySet<string>, key: "technique" | "lang") {
  const groups = Map.groupBy(entries, (entry) => entry[key]);
  return Object.fromEntries(
    [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, group]) => [name, rate(group, flagged)]),
  );
}

function measure(file: string) {
  const entries = load(file);
  const flagged = new Set(
    entries.filter((entry) => detectInjection(entry.text).flagged).map((entry) => entry.id),
  );
  const attacks = entries.filter((entry) => entry.label === "attack");
  const ordinary = entries.filter((entry) => entry.label === "ordinary");
  return {
    entries,
    report: {
      file: `packages/llm/corpus/${file}`,
      attacks: attacks.length,
      ordinary: ordinary.length,
      detectionRate: rate(attacks, flagged).rate,
      falsePositiveRate: rate(ordinary, flagged).rate,
      detectionByTechnique: groupRates(attacks, flagged, "technique"),
      detectionByLanguage: groupRates(attacks, flagged, "lang"),
      falsePositivesByLanguage: groupRates(ordinary, flagged, "lang"),
      missed: attacks.filter((entry) => !flagged.has(entry.id)).map((entry) => entry.id),
      falsePositives: ordinary.filter((entry) => flagged.has(entry.id)).map((entry) => entry.id),
    },
  };
}

const FLOORS = {
  corpus: { detection: 0.93, falsePositives: 0.01 },
  holdout: { detection: 0.7, falsePositives: 0.02 },
};
const FIRST_MEASUREMENT = {
  corpus: { detection: 0.9398, falsePositives: 0 },
  holdout: { detection: 0.7368, falsePositives: 0 },
};

describe("guardian corpus", () => {
  const corpus = measure("guardian.jsonl");
  const holdout = measure("guardian-holdout.jsonl");

  it("is large and varied enough to mean something", () => {
    const { entries } = corpus;
    expect(corpus.report.attacks).toBeGreaterThanOrEqual(100);
    expect(corpus.report.ordinary).toBeGreaterThanOrEqual(200);
    expect(
      entries.filter((entry) => entry.label === "attack" && entry.technique !== "plain").length,
    ).toBeGreaterThanOrEqual(30);
    for (const lang of ["fr", "en", "mixed"] as const) {
      expect(
        entries.filter((entry) => entry.label === "attack" && entry.lang === lang).length,
      ).toBeGreaterThan(5);
    }
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  });

  it("detects attacks and spares ordinary messages above the floors, and writes bench/results/guardian.json", () => {
    const results = {
      note: "Written by packages/llm/src/guardian/corpus.test.ts; floors and first measurements in ADR 0062.",
      floors: FLOORS,
      firstMeasurement: FIRST_MEASUREMENT,
      corpus: corpus.report,
      holdout: holdout.report,
    };
    writeFileSync(path.join(root, "bench/results/guardian.json"), `${JSON.stringify(results, null, 2)}\n`);
    expect(corpus.report.detectionRate).toBeGreaterThanOrEqual(FLOORS.corpus.detection);
    expect(corpus.report.falsePositiveRate).toBeLessThanOrEqual(FLOORS.corpus.falsePositives);
    expect(holdout.report.detectionRate).toBeGreaterThanOrEqual(FLOORS.holdout.detection);
    expect(holdout.report.falsePositiveRate).toBeLessThanOrEqual(FLOORS.holdout.falsePositives);
  });
});
