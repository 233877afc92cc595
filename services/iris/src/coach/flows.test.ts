import { describe, expect, it } from "vitest";
import { coachAnswer, coachStateOf, flowNamed, flowSteps } from "./flows.ts";

describe("the coach's scripted flows", () => {
  it("starts the flow a message names, in French or English, accents and case aside", () => {
    expect(flowNamed("Je veux me RECONVERTIR")).toBe("career_change");
    expect(flowNamed("je veux changer de métier")).toBe("career_change");
    expect(flowNamed("How do I fund a training course?")).toBe("training");
    expect(flowNamed("J'ai un entretien jeudi")).toBe("interview");
    expect(flowNamed("bonjour")).toBeNull();
  });

  it("walks a career change step by step to its end, then offers the menu", () => {
    let state = coachAnswer("I want to change careers", "en", null).state;
    const seen = [flowSteps("career_change", "en")[0]];
    while (state) {
      const answer = coachAnswer("ok", "en", state);
      seen.push(answer.text);
      state = answer.state;
    }
    expect(seen).toEqual(flowSteps("career_change", "en"));
    expect(coachAnswer("ok", "en", null).text).toMatch(/^I'm Alessio/);
  });

  it("gives the same answer from the same state (what regenerate relies on)", () => {
    const state = { flow: "career_change" as const, step: 1 };
    expect(coachAnswer("suivant", "fr", state)).toEqual(coachAnswer("suivant", "fr", state));
    expect(coachAnswer("suivant", "fr", state).text).toContain("CPF");
  });

  it("has as many steps in French as in English for every flow", () => {
    for (const flow of ["career_change", "training", "applications", "overwhelm", "interview"] as const)
      expect(flowSteps(flow, "fr").length, flow).toBe(flowSteps(flow, "en").length);
  });

  it("reads a stored state defensively", () => {
    expect(coachStateOf({ flow: "training", step: 1 })).toEqual({ flow: "training", step: 1 });
    expect(coachStateOf({ flow: "nope", step: 1 })).toBeNull();
    expect(coachStateOf({ flow: "training", step: -1 })).toBeNull();
    expect(coachStateOf(null)).toBeNull();
  });
});
