// Which language the engine answers in, the default from the phone's country, the folding that
// lets French match with or without accents, the notices in both languages, and the cost of
// French: how many French replies stay one GSM-7 segment.
import { countSegments } from "@phoenix/twilio/segments";
import { describe, expect, it } from "vitest";
import { defaultLanguage, interpret, languageOf, notices, parseLanguage } from "./index.ts";
import { fold, guessLanguage } from "./language.ts";
import { contextAt } from "./testing.ts";

const paris = (language: "fr" | "en") =>
  contextAt("2026-03-27T10:00", "Europe/Paris", { language, tasks: ["appeler la CAF"] });

describe("the reply's language", () => {
  it.each([
    ["a French command to an English-speaking user", "tâches", "en", "fr"],
    ["an English command to a French-speaking user", "tasks", "fr", "en"],
    ["French time words without a command word", "demain 8h dentiste", "en", "fr"],
    ["English time words without a command word", "tomorrow 8am dentist", "fr", "en"],
    ["a word both languages text: the user's", "focus 25", "fr", "fr"],
    ["a word both languages text: the user's", "focus 25", "en", "en"],
    ["'?' in the user's language", "?", "fr", "fr"],
    ["an unknown French message in French", "je comprends rien à ce truc", "en", "fr"],
    ["an unknown English message in English", "i have no idea what this is", "fr", "en"],
    ["an unknown message that says nothing: the user's", "zzz", "fr", "fr"],
    ["langue en switches and answers in English", "langue en", "fr", "en"],
  ] as const)("%s: %j", (_, text, userLanguage, expected) => {
    expect(interpret(text, paris(userLanguage)).language).toBe(expected);
  });

  it("reads a mixed message: a French command with an English time", () => {
    const result = interpret("rappelle-moi at 9pm de sortir", paris("fr"));
    expect(result.actions).toEqual([
      {
        type: "reminder.create",
        text: "sortir",
        dueAt: new Date("2026-03-27T21:00+01:00"),
        recurrence: null,
      },
    ]);
    expect(result.language).toBe("fr");
  });
});

describe("defaultLanguage", () => {
  it.each([
    ["+33612345678", "fr"],
    ["+32470123456", "fr"],
    ["+41791234567", "fr"],
    ["+262692123456", "fr"],
    ["+221771234567", "fr"],
    ["+15145550123", "fr"], // Montréal
    ["+14155550123", "en"],
    ["+447700900123", "en"],
    ["+4915112345678", "en"],
    [null, "fr"],
  ] as const)("%s → %s", (phone, language) => {
    expect(defaultLanguage(phone)).toBe(language);
  });
});

describe("languageOf", () => {
  it("is the user's choice when they made one, else their phone's default", () => {
    expect(languageOf({ language: "en", phone_e164: "+33612345678" })).toBe("en");
    expect(languageOf({ language: "fr", phone_e164: "+14155550123" })).toBe("fr");
    expect(languageOf({ language: null, phone_e164: "+33612345678" })).toBe("fr");
    expect(languageOf({ language: null, phone_e164: "+14155550123" })).toBe("en");
  });
});

describe("text helpers", () => {
  it("folds case and accents without moving any index", () => {
    for (const text of [
      "Tâches à FAIRE",
      "Rappelle-moi à 21h",
      "ÉNERGIE",
      "œuf",
      "İstanbul",
      "🙂 ça",
      "l’école",
    ]) {
      expect(fold(text)).toHaveLength(text.length);
    }
    expect(fold("Rappelle-Moi À 21h, ÇA")).toBe("rappelle-moi a 21h, ca");
    expect(fold("l’école")).toBe("l'ecole");
  });

  it.each([
    ["fr", "fr"],
    ["Français", "fr"],
    ["anglais", "en"],
    ["EN", "en"],
    ["allemand", null],
  ] as const)("parseLanguage(%j) = %j", (word, language) => {
    expect(parseLanguage(word)).toBe(language);
  });

  it("guesses a language only when its words say so", () => {
    expect(guessLanguage(fold("je ne sais pas"))).toBe("fr");
    expect(guessLanguage(fold("I don't know"))).toBe("en");
    expect(guessLanguage(fold("asdf qwer"))).toBeNull();
  });
});

describe("notices", () => {
  const samples = (language: "fr" | "en") => {
    const say = notices(language);
    return [
      say.reminder("prendre mes médicaments"),
      say.focusEnded(25),
      say.nudge.missed(3),
      say.nudge.streak(3),
      say.nudge.silence(),
      say.quotaReached(30),
      say.started,
      say.stopped,
    ];
  };

  it.each(["fr", "en"] as const)(
    "every %s notice is one GSM-7 segment (the user's words aside)",
    (language) => {
      for (const body of samples(language)) {
        expect(countSegments(body)).toMatchObject({ encoding: "GSM-7", segments: 1 });
      }
    },
  );

  it("differ by language", () => {
    expect(samples("fr")).not.toEqual(samples("en"));
    expect(notices("fr").reminder("boire")).toBe('Rappel : boire. Réponds "snooze" pour 10 min de plus.');
  });
});
