// French repeating reminders, the Europe/Paris DST weekends and the requests the engine refuses,
// in French. Every reply is checked for its language and size.
import { describe, it } from "vitest";
import { check, contextAt, creates, refuses } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { Recurrence } from "./types.ts";

const PARIS = "Europe/Paris";
// Friday 27 March 2026, 10:00 in Paris (CET, +01:00); clocks go forward on Sunday the 29th at 02:00.
const ctx = contextAt("2026-03-27T10:00", PARIS, { language: "fr" });
const fr = (row: Phrasing): Phrasing => ({ ...row, language: "fr" });
const daily = (time: string): Recurrence => ({ freq: "daily", time });
const weekly = (weekdays: number[], time: string): Recurrence => ({ freq: "weekly", weekdays, time });

const repeating: [string, Phrasing][] = [
  [
    "tous les jours à 7h30",
    creates(
      "rappelle-moi tous les jours à 7h30 de prendre mes vitamines",
      "prendre mes vitamines",
      "2026-03-28T07:30+01:00",
      daily("07:30"),
    ),
  ],
  [
    "chaque jour",
    creates(
      "rappelle moi chaque jour a 22h de me brosser les dents",
      "me brosser les dents",
      "2026-03-27T22:00+01:00",
      daily("22:00"),
    ),
  ],
  [
    "tjrs, the abbreviation",
    creates("tjrs à 8h prendre mes médocs", "prendre mes médocs", "2026-03-28T08:00+01:00", daily("08:00")),
  ],
  [
    "ts les jrs",
    creates("rappelle-moi ts les jrs à 8h de méditer", "méditer", "2026-03-28T08:00+01:00", daily("08:00")),
  ],
  [
    "quotidiennement",
    creates(
      "rappelle-moi quotidiennement à 12h de marcher",
      "marcher",
      "2026-03-27T12:00+01:00",
      daily("12:00"),
    ),
  ],
  [
    "en semaine à 8h",
    creates("en semaine à 8h prendre le bus", "prendre le bus", "2026-03-30T08:00+02:00", {
      freq: "weekdays",
      time: "08:00",
    }),
  ],
  [
    "rappelle-moi en semaine",
    creates("rappelle-moi en semaine à 18h de pointer", "pointer", "2026-03-27T18:00+01:00", {
      freq: "weekdays",
      time: "18:00",
    }),
  ],
  [
    "du lundi au vendredi",
    creates("rappelle-moi du lundi au vendredi à 7h de me lever", "me lever", "2026-03-30T07:00+02:00", {
      freq: "weekdays",
      time: "07:00",
    }),
  ],
  [
    "les jours de semaine",
    creates(
      "rappelle-moi les jours de semaine à 9h de lire mes mails",
      "lire mes mails",
      "2026-03-30T09:00+02:00",
      { freq: "weekdays", time: "09:00" },
    ),
  ],
  [
    "tous les lundis et jeudis à 18h",
    creates(
      "rappelle-moi tous les lundis et jeudis à 18h d'aller au sport",
      "aller au sport",
      "2026-03-30T18:00+02:00",
      weekly([1, 4], "18:00"),
    ),
  ],
  [
    "le lundi et le jeudi",
    creates(
      "rappelle-moi le lundi et le jeudi à 18h sport",
      "sport",
      "2026-03-30T18:00+02:00",
      weekly([1, 4], "18:00"),
    ),
  ],
  [
    "lundi, mercredi et vendredi",
    creates(
      "rappelle-moi tous les lundis, mercredis et vendredis à 7h de courir",
      "courir",
      "2026-03-30T07:00+02:00",
      weekly([1, 3, 5], "07:00"),
    ),
  ],
  [
    "chaque mardi",
    creates(
      "rappelle moi chaque mardi à 19h de sortir les poubelles",
      "sortir les poubelles",
      "2026-03-31T19:00+02:00",
      weekly([2], "19:00"),
    ),
  ],
  [
    "tous les mardis, no time: 9h",
    creates("rappelle-moi tous les mardis de payer", "payer", "2026-03-31T09:00+02:00", weekly([2], "09:00")),
  ],
  [
    "le week-end à 10h",
    creates(
      "le week-end à 10h faire le ménage",
      "faire le ménage",
      "2026-03-28T10:00+01:00",
      weekly([6, 7], "10:00"),
    ),
  ],
  [
    "tous les week-ends",
    creates(
      "rappelle-moi tous les week-ends à 9h d'appeler mamie",
      "appeler mamie",
      "2026-03-28T09:00+01:00",
      weekly([6, 7], "09:00"),
    ),
  ],
  [
    "le weekend without the hyphen",
    creates(
      "rappelle-moi le weekend à 11h de faire les courses",
      "faire les courses",
      "2026-03-28T11:00+01:00",
      weekly([6, 7], "11:00"),
    ),
  ],
];

const dst: [string, ReturnType<typeof contextAt>, Phrasing][] = [
  [
    "a time the spring-forward night skips is when the clocks jump",
    contextAt("2026-03-28T10:00", PARIS, { language: "fr" }),
    creates("rappelle-moi demain à 2h30 de vérifier", "vérifier", "2026-03-29T03:00+02:00"),
  ],
  [
    "dans 1 heure across the jump counts real time",
    contextAt("2026-03-29T01:30", PARIS, { language: "fr" }),
    creates("rappelle-moi dans 1 heure de dormir", "dormir", "2026-03-29T03:30+02:00"),
  ],
  [
    "a daily 2h30 set the evening before the jump first fires at 3h",
    contextAt("2026-03-28T22:00", PARIS, { language: "fr" }),
    creates(
      "tous les jours à 2h30 vérifier le serveur",
      "vérifier le serveur",
      "2026-03-29T03:00+02:00",
      daily("02:30"),
    ),
  ],
  [
    "a time the fall-back night repeats is the first one",
    contextAt("2026-10-24T12:00", PARIS, { language: "fr" }),
    creates("rappelle-moi demain à 2h30 de vérifier", "vérifier", "2026-10-25T02:30+02:00"),
  ],
  [
    "dimanche 8h after the fall back is in winter time",
    contextAt("2026-10-24T12:00", PARIS, { language: "fr" }),
    creates("rappelle-moi dimanche à 8h de courir", "courir", "2026-10-25T08:00+01:00"),
  ],
  [
    "le week-end across the fall back",
    contextAt("2026-10-24T12:00", PARIS, { language: "fr" }),
    creates(
      "le week-end à 10h faire le marché",
      "faire le marché",
      "2026-10-25T10:00+01:00",
      weekly([6, 7], "10:00"),
    ),
  ],
];

const refused: [string, Phrasing][] = [
  [
    "a repeat the rules cannot express",
    refuses("rappelle-moi toutes les 2 heures de boire", "reminder.create", "Je peux répéter"),
  ],
  ["chaque semaine", refuses("rappelle-moi chaque semaine de payer", "reminder.create", "Je peux répéter")],
  [
    "a time that does not exist",
    refuses("rappelle moi à 25h de manger", "reminder.create", `l'heure "à 25h"`),
  ],
  [
    "a date that does not exist",
    refuses("rappelle-moi le 30 février de voter", "reminder.create", `"le 30 février" n'existe pas`),
  ],
  [
    "a time passed today",
    refuses("rappelle-moi aujourd'hui à 8h de courir", "reminder.create", "ven. 8h est déjà passé"),
  ],
  [
    "aujourd'hui needs a time",
    refuses("rappelle-moi aujourd'hui de courir", "reminder.create", "Quelle heure ?"),
  ],
  ["ce matin once passed", refuses("rappelle-moi ce matin de courir", "reminder.create", "déjà passé")],
  [
    "a command with no time",
    refuses("rappelle-moi de sortir le chien", "reminder.create", "rappelle-moi à 21h de sortir le chien"),
  ],
  ["a command alone", refuses("rappelle-moi", "reminder.create", "Te rappeler quoi, et quand ?")],
  ["dans 0 minute", refuses("rappelle-moi dans 0 min de rien", "reminder.create", "déjà passé")],
];

describe("French repeats, DST and refusals", () => {
  it.each(repeating)("repeating: %s", (_, row) => {
    check(fr(row), ctx);
  });
  it.each(dst)("Europe/Paris DST: %s", (_, at, row) => {
    check(fr(row), at);
  });
  it.each(refused)("refused: %s", (_, row) => {
    check(fr(row), ctx);
  });
});
