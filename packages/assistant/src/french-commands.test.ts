// The other intents in French: focus, energy and mood, the day's plan, time zone, quiet hours,
// help, language; with and without accents, abbreviations and typos. Every reply is checked for
// its language and size.
import { describe, it } from "vitest";
import { FRENCH_HELP_REPLY, FRENCH_UNKNOWN_REPLIES } from "./help.ts";
import { answers, check, contextAt, frenchUser, refuses } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { Action } from "./types.ts";

const PARIS = "Europe/Paris";
const at = (local: string) => new Date(`${local}+01:00`);
const full = frenchUser();
const focusing = contextAt("2026-03-27T10:00", PARIS, {
  language: "fr",
  focus: { minutes: 50, endsAt: "2026-03-27T10:30" },
});

const row = (text: string, intent: string, actions?: Action[], reply?: string | RegExp): Phrasing =>
  answers("fr", text, intent, { ...(actions && { actions }), ...(reply !== undefined && { reply }) });
const fr = (phrasing: Phrasing): Phrasing => ({ ...phrasing, language: "fr" });

const checkIns: [string, Phrasing][] = [
  [
    "énergie 3",
    row(
      "énergie 3",
      "energy.record",
      [{ type: "energy.record", level: 3, note: null }],
      "Énergie 3/5 notée.",
    ),
  ],
  [
    "energie 4 with a note",
    row("energie 4 en forme", "energy.record", [{ type: "energy.record", level: 4, note: "en forme" }]),
  ],
  ["énergie: 2/5", row("énergie: 2/5", "energy.record", [{ type: "energy.record", level: 2, note: null }])],
  [
    "énergie 2 sur 5",
    row("énergie 2 sur 5", "energy.record", [{ type: "energy.record", level: 2, note: null }]),
  ],
  ["nrj 2", row("nrj 2", "energy.record", [{ type: "energy.record", level: 2, note: null }])],
  [
    "niveau d'énergie 3",
    row("niveau d'énergie 3", "energy.record", [{ type: "energy.record", level: 3, note: null }]),
  ],
  ["a typo: énrgie 3", row("énrgie 3", "energy.record", [{ type: "energy.record", level: 3, note: null }])],
  [
    "humeur 2 with a note",
    row(
      "humeur 2 fatiguée",
      "mood.record",
      [{ type: "energy.record", level: 2, note: "mood: fatiguée" }],
      "Humeur 2/5 notée.",
    ),
  ],
  ["moral 5", row("moral 5", "mood.record", [{ type: "energy.record", level: 5, note: "mood" }])],
  ["énergie 7 is out of range", row("énergie 7", "energy.record", [], "de 1 (bas) à 5 (haut)")],
  ["humeur alone", row("humeur", "mood.record", [], "Note ton humeur")],
  [
    "focus is said in French too",
    row(
      "focus 50",
      "focus.start",
      [{ type: "focus.start", minutes: 50, endsAt: at("2026-03-27T10:50") }],
      "jusqu'à ven. 10h50",
    ),
  ],
  [
    "concentration 45",
    row("concentration 45", "focus.start", [
      { type: "focus.start", minutes: 45, endsAt: at("2026-03-27T10:45") },
    ]),
  ],
  [
    "focus 1h sur les impôts",
    row("focus 1h sur les impôts", "focus.start", [
      { type: "focus.start", minutes: 60, endsAt: at("2026-03-27T11:00") },
    ]),
  ],
  [
    "focus pendant 30 minutes",
    row("focus pendant 30 minutes", "focus.start", [
      { type: "focus.start", minutes: 30, endsAt: at("2026-03-27T10:30") },
    ]),
  ],
  [
    "focus 4h is capped",
    row(
      "focus 4h",
      "focus.start",
      [{ type: "focus.start", minutes: 180, endsAt: at("2026-03-27T13:00") }],
      "Limité à 3 h",
    ),
  ],
];

const focusRows: [string, Phrasing][] = [
  ["focus while one runs: how long is left", row("focus", "focus.status", [], "encore 30 min")],
  ["fin du focus", row("fin du focus", "focus.stop", [{ type: "focus.stop" }], "Focus terminé après 20 min")],
  ["arrête le focus", row("arrête le focus", "focus.stop", [{ type: "focus.stop" }])],
  ["arrete la concentration", row("arrete la concentration", "focus.stop", [{ type: "focus.stop" }])],
  ["stop focus", row("stop focus", "focus.stop", [{ type: "focus.stop" }])],
  ["focus terminé", row("focus terminé", "focus.stop", [{ type: "focus.stop" }])],
];

const plan: [string, Phrasing][] = [
  ["aujourd'hui", row("aujourd'hui", "plan.today", [], "Aujourd'hui :\nA faire :\n1. appeler la CAF")],
  ["aujourdhui", row("aujourdhui", "plan.today", [], "Rappels :\n21h prendre mes médicaments")],
  ["auj", row("auj", "plan.today", [], "Énergie : 3/5")],
  ["programme", row("programme", "plan.today", [])],
  ["mon programme", row("mon programme", "plan.today", [])],
  ["ma journée", row("ma journée", "plan.today", [])],
  ["quoi de prévu", row("quoi de prévu", "plan.today", [])],
  ["planning", row("planning", "plan.today", [])],
  ["plan, said in both languages", row("plan", "plan.today", [])],
  ["agenda", row("agenda", "plan.today", [])],
];

const preferences: [string, Phrasing][] = [
  [
    "fuseau Europe/Paris",
    row(
      "fuseau Europe/Paris",
      "preferences.timezone",
      [{ type: "preferences.set", timeZone: "Europe/Paris" }],
      "Il est ven. 10h",
    ),
  ],
  [
    "fuseau horaire paris",
    row("fuseau horaire paris", "preferences.timezone", [
      { type: "preferences.set", timeZone: "Europe/Paris" },
    ]),
  ],
  [
    "fuseau Tokyo",
    row(
      "fuseau Tokyo",
      "preferences.timezone",
      [{ type: "preferences.set", timeZone: "Asia/Tokyo" }],
      "Il est ven. 18h",
    ),
  ],
  [
    "change mon fuseau à Montréal",
    row("change mon fuseau à America/Toronto", "preferences.timezone", [
      { type: "preferences.set", timeZone: "America/Toronto" },
    ]),
  ],
  ["fuseau alone", row("fuseau", "preferences.timezone", [], "Ton fuseau horaire : Europe/Paris")],
  ["an unknown zone", row("fuseau Atlantide", "preferences.timezone", [], "Je ne connais pas le fuseau")],
  [
    "tz, said in both languages",
    row("tz Europe/Paris", "preferences.timezone", [{ type: "preferences.set", timeZone: "Europe/Paris" }]),
  ],
  [
    "silence 22h-7h",
    row(
      "silence 22h-7h",
      "preferences.quiet",
      [{ type: "preferences.set", quietHours: { start: "22:00", end: "07:00" } }],
      "Heures calmes 22h-7h",
    ),
  ],
  [
    "heures calmes 22h30-7h",
    row("heures calmes 22h30-7h", "preferences.quiet", [
      { type: "preferences.set", quietHours: { start: "22:30", end: "07:00" } },
    ]),
  ],
  [
    "ne pas déranger de 23h à 6h",
    row("ne pas déranger de 23h à 6h", "preferences.quiet", [
      { type: "preferences.set", quietHours: { start: "23:00", end: "06:00" } },
    ]),
  ],
  [
    "silence 22-7",
    row("silence 22-7", "preferences.quiet", [
      { type: "preferences.set", quietHours: { start: "22:00", end: "07:00" } },
    ]),
  ],
  [
    "silence off",
    row("silence off", "preferences.quiet", [{ type: "preferences.set", quietHours: null }], "désactivées"),
  ],
  [
    "silence désactivé",
    row("silence désactivé", "preferences.quiet", [{ type: "preferences.set", quietHours: null }]),
  ],
  ["silence alone", row("silence", "preferences.quiet", [], "Pas d'heures calmes.")],
  ["silence nonsense", row("silence demain", "preferences.quiet", [], "Donne une plage")],
  [
    "langue fr",
    row("langue fr", "preferences.language", [{ type: "preferences.set", language: "fr" }], "en français"),
  ],
  [
    "langue français",
    row("langue français", "preferences.language", [{ type: "preferences.set", language: "fr" }]),
  ],
  [
    "langue anglais answers in English",
    {
      ...row(
        "langue anglais",
        "preferences.language",
        [{ type: "preferences.set", language: "en" }],
        "in English",
      ),
      language: "en",
    },
  ],
  [
    "parle-moi en anglais",
    {
      ...row("parle-moi en anglais", "preferences.language", [{ type: "preferences.set", language: "en" }]),
      language: "en",
    },
  ],
  [
    "en français stp",
    row("en français stp", "preferences.language", [{ type: "preferences.set", language: "fr" }]),
  ],
  ["langue allemand is refused", row("langue allemand", "preferences.language", [], 'pas "allemand"')],
];

const help: [string, Phrasing][] = [
  ["aide", row("aide", "help", [], FRENCH_HELP_REPLY)],
  ["AIDE", row("AIDE", "help", [], FRENCH_HELP_REPLY)],
  ["aidez-moi", row("aidez-moi", "help", [], FRENCH_HELP_REPLY)],
  ["commandes", row("commandes", "help", [], FRENCH_HELP_REPLY)],
  ["comment ça marche ?", row("comment ça marche ?", "help", [], FRENCH_HELP_REPLY)],
  ["que peux-tu faire", row("que peux-tu faire", "help", [], FRENCH_HELP_REPLY)],
  ["? in the user's language", row("?", "help", [], FRENCH_HELP_REPLY)],
  ["menu", row("menu", "help", [], FRENCH_HELP_REPLY)],
  ["gibberish in French", row("je sais pas trop quoi dire", "unknown", [], FRENCH_UNKNOWN_REPLIES.other)],
  ["a greeting alone", row("salut toi", "unknown", [], FRENCH_UNKNOWN_REPLIES.other)],
  ["another script", row("明天", "unknown", [], FRENCH_UNKNOWN_REPLIES.script)],
];

describe("French commands", () => {
  it.each(checkIns)("check-ins: %s", (_, phrasing) => {
    check(phrasing, full);
  });
  it.each(focusRows)("a running focus: %s", (_, phrasing) => {
    check(phrasing, focusing);
  });
  it.each(plan)("plan: %s", (_, phrasing) => {
    check(phrasing, full);
  });
  it.each(preferences)("preferences: %s", (_, phrasing) => {
    check(phrasing, full);
  });
  it.each(help)("help and the rest: %s", (_, phrasing) => {
    check(phrasing, full);
  });
  it("refuses a quiet range whose ends are equal, in French", () => {
    check(fr(refuses("silence 22h-22h", "preferences.quiet", "doivent différer")), full);
  });
});
