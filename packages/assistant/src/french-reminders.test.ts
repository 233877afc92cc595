// French reminders as people text them: time phrasing, accents or none, abbreviations, typos.
// Every reply is checked for its language and size. Repeats, DST and refusals: french-repeats.
import { describe, expect, it } from "vitest";
import { interpret } from "./index.ts";
import { check, contextAt, creates, segmentsOf } from "./testing.ts";
import type { Phrasing } from "./testing.ts";

const PARIS = "Europe/Paris";
// Friday 27 March 2026, 10:00 in Paris (CET, +01:00); clocks go forward on Sunday the 29th at 02:00.
const ctx = contextAt("2026-03-27T10:00", PARIS, { language: "fr" });
const fr = (row: Phrasing): Phrasing => ({ ...row, language: "fr" });

const oneOff: [string, Phrasing][] = [
  [
    "the issue's own example",
    creates(
      "rappelle-moi de prendre mes médicaments à 21h",
      "prendre mes médicaments",
      "2026-03-27T21:00+01:00",
    ),
  ],
  [
    "without the hyphen or the accent",
    creates(
      "rappelle moi de prendre mes medicaments a 21h",
      "prendre mes medicaments",
      "2026-03-27T21:00+01:00",
    ),
  ],
  [
    "the time first",
    creates("rappelle-moi à 21h d'appeler maman", "appeler maman", "2026-03-27T21:00+01:00"),
  ],
  [
    "hours and minutes",
    creates("rappelle-moi à 21h30 de sortir le chien", "sortir le chien", "2026-03-27T21:30+01:00"),
  ],
  [
    "hours and minutes spaced",
    creates("rappelle-moi à 21 h 30 de sortir le chien", "sortir le chien", "2026-03-27T21:30+01:00"),
  ],
  ["bare 21h30 without 'à'", creates("rappelle-moi 21h30 film", "film", "2026-03-27T21:30+01:00")],
  [
    "the 24-hour clock: 8h is the morning, tomorrow once passed",
    creates("rappelle-moi à 8h de courir", "courir", "2026-03-28T08:00+01:00"),
  ],
  ["9h du matin", creates("rappelle-moi à 9h du matin de courir", "courir", "2026-03-28T09:00+01:00")],
  [
    "8h du soir",
    creates("rappelle-moi à 8h du soir d'appeler Paul", "appeler Paul", "2026-03-27T20:00+01:00"),
  ],
  [
    "3h de l'après-midi",
    creates(
      "rappelle-moi à 3h de l'après-midi de faire une pause",
      "faire une pause",
      "2026-03-27T15:00+01:00",
    ),
  ],
  [
    "9 heures",
    creates(
      "rappelle-moi à 11 heures de boire un verre d'eau",
      "boire un verre d'eau",
      "2026-03-27T11:00+01:00",
    ),
  ],
  ["et demie", creates("rappelle-moi à 11h et demie de manger", "manger", "2026-03-27T11:30+01:00")],
  ["et quart", creates("rappelle-moi à 11h et quart de partir", "partir", "2026-03-27T11:15+01:00")],
  ["21:45 with a colon", creates("rappelle-moi à 21:45 d'écrire", "écrire", "2026-03-27T21:45+01:00")],
  [
    "9:30 is the morning in French",
    creates("rappelle-moi à 9:30 de partir", "partir", "2026-03-28T09:30+01:00"),
  ],
  ["bare 'à 21' with the accent", creates("rappelle-moi à 21 de fermer", "fermer", "2026-03-27T21:00+01:00")],
  [
    "vers 18h",
    creates("rappelle-moi vers 18h de faire les courses", "faire les courses", "2026-03-27T18:00+01:00"),
  ],
  ["midi", creates("rappelle-moi à midi de manger", "manger", "2026-03-27T12:00+01:00")],
  ["midi et demie", creates("rappelle-moi à midi et demie de manger", "manger", "2026-03-27T12:30+01:00")],
  ["minuit", creates("rappelle-moi à minuit de dormir", "dormir", "2026-03-28T00:00+01:00")],
  [
    "demain 8h",
    creates("rappelle-moi demain 8h d'appeler Pôle emploi", "appeler Pôle emploi", "2026-03-28T08:00+01:00"),
  ],
  [
    "demain à 14h",
    creates("rappelle-moi demain à 14h d'aller à la banque", "aller à la banque", "2026-03-28T14:00+01:00"),
  ],
  [
    "demain alone: 9h",
    creates("rappelle-moi demain de poster la lettre", "poster la lettre", "2026-03-28T09:00+01:00"),
  ],
  [
    "demain matin",
    creates("rappelle-moi demain matin de poster la lettre", "poster la lettre", "2026-03-28T09:00+01:00"),
  ],
  [
    "demain matin à 7h",
    creates("rappelle-moi demain matin à 7h de courir", "courir", "2026-03-28T07:00+01:00"),
  ],
  [
    "demain après-midi",
    creates("rappelle-moi demain après-midi de ranger", "ranger", "2026-03-28T14:00+01:00"),
  ],
  [
    "demain aprem à 4h",
    creates("rappelle moi demain aprem a 4h de ranger", "ranger", "2026-03-28T16:00+01:00"),
  ],
  [
    "demain soir",
    creates("rappelle-moi demain soir de préparer le sac", "préparer le sac", "2026-03-28T20:00+01:00"),
  ],
  [
    "dem, the abbreviation",
    creates("rappelle moi dem 8h de sortir les poubelles", "sortir les poubelles", "2026-03-28T08:00+01:00"),
  ],
  [
    "après-demain",
    creates("rappelle-moi après-demain de rendre les livres", "rendre les livres", "2026-03-29T09:00+02:00"),
  ],
  [
    "apres demain without accent",
    creates(
      "rappelle moi apres demain a 10h de rendre les livres",
      "rendre les livres",
      "2026-03-29T10:00+02:00",
    ),
  ],
  [
    "ce soir alone: 20h",
    creates("rappelle-moi ce soir d'appeler Léa", "appeler Léa", "2026-03-27T20:00+01:00"),
  ],
  [
    "ce soir à 9h is 21h",
    creates("rappelle-moi ce soir à 9h d'appeler papa", "appeler papa", "2026-03-27T21:00+01:00"),
  ],
  [
    "ce soir à 22h30",
    creates("ce soir à 22h30 prendre le cachet", "prendre le cachet", "2026-03-27T22:30+01:00"),
  ],
  [
    "cet après-midi",
    creates(
      "rappelle-moi cet après-midi de faire les courses",
      "faire les courses",
      "2026-03-27T14:00+01:00",
    ),
  ],
  [
    "cet aprem à 3h",
    creates(
      "rappelle moi cet aprem a 3h d'appeler le proprio",
      "appeler le proprio",
      "2026-03-27T15:00+01:00",
    ),
  ],
  [
    "aujourd'hui à 17h",
    creates("rappelle-moi aujourd'hui à 17h d'appeler", "appeler", "2026-03-27T17:00+01:00"),
  ],
  [
    "dans 20 min",
    creates("rappelle-moi dans 20 min de sortir le linge", "sortir le linge", "2026-03-27T10:20+01:00"),
  ],
  [
    "dans 20 minutes",
    creates("rappelle-moi dans 20 minutes de sortir le linge", "sortir le linge", "2026-03-27T10:20+01:00"),
  ],
  [
    "dans 20mn",
    creates("rappelle moi dans 20mn de sortir le linge", "sortir le linge", "2026-03-27T10:20+01:00"),
  ],
  [
    "dans une heure",
    creates(
      "rappelle-moi dans une heure de rappeler le garage",
      "rappeler le garage",
      "2026-03-27T11:00+01:00",
    ),
  ],
  ["dans 1h30", creates("rappelle-moi dans 1h30 de partir", "partir", "2026-03-27T11:30+01:00")],
  ["dans 1 h 30", creates("rappelle-moi dans 1 h 30 de partir", "partir", "2026-03-27T11:30+01:00")],
  [
    "dans 2 heures",
    creates("rappelle-moi dans 2 heures de rappeler Sophie", "rappeler Sophie", "2026-03-27T12:00+01:00"),
  ],
  [
    "dans deux heures",
    creates("rappelle-moi dans deux heures de rappeler Sophie", "rappeler Sophie", "2026-03-27T12:00+01:00"),
  ],
  [
    "dans une heure et demie",
    creates("rappelle-moi dans une heure et demie de partir", "partir", "2026-03-27T11:30+01:00"),
  ],
  [
    "dans une demi-heure",
    creates("rappelle-moi dans une demi-heure de sortir", "sortir", "2026-03-27T10:30+01:00"),
  ],
  [
    "dans un quart d'heure",
    creates(
      "rappelle-moi dans un quart d'heure de vérifier le four",
      "vérifier le four",
      "2026-03-27T10:15+01:00",
    ),
  ],
  [
    "dans 3 jours à 9h",
    creates("rappelle-moi dans 3 jours à 9h d'appeler l'école", "appeler l'école", "2026-03-30T09:00+02:00"),
  ],
  [
    "dans 30 secondes",
    creates("rappelle-moi dans 30 secondes de me lever", "me lever", "2026-03-27T10:00:30+01:00"),
  ],
  [
    "dans 5 sec, the demo",
    creates("rappelle-moi dans 5 secondes de boire de l'eau", "boire de l'eau", "2026-03-27T10:00:05+01:00"),
  ],
  [
    "lundi prochain",
    creates("rappelle-moi lundi prochain de payer le loyer", "payer le loyer", "2026-03-30T09:00+02:00"),
  ],
  [
    "vendredi à 17h is today while ahead",
    creates(
      "rappelle-moi vendredi à 17h d'envoyer le rapport",
      "envoyer le rapport",
      "2026-03-27T17:00+01:00",
    ),
  ],
  [
    "vendredi prochain skips today",
    creates(
      "rappelle-moi vendredi prochain à 17h d'envoyer le rapport",
      "envoyer le rapport",
      "2026-04-03T17:00+02:00",
    ),
  ],
  ["mardi alone: 9h", creates("rappelle-moi mardi de relancer", "relancer", "2026-03-31T09:00+02:00")],
  ["samedi matin", creates("samedi matin marché", "marché", "2026-03-28T09:00+01:00")],
  [
    "dimanche après-midi à 3h",
    creates(
      "rappelle-moi dimanche après-midi à 3h de faire les devoirs",
      "faire les devoirs",
      "2026-03-29T15:00+02:00",
    ),
  ],
  [
    "le 3 avril à 10h",
    creates(
      "rappelle-moi le 3 avril à 10h de renouveler la carte",
      "renouveler la carte",
      "2026-04-03T10:00+02:00",
    ),
  ],
  [
    "3 avril without 'le'",
    creates(
      "rappelle-moi 3 avril 10h de renouveler la carte",
      "renouveler la carte",
      "2026-04-03T10:00+02:00",
    ),
  ],
  ["le 1er mai", creates("rappelle-moi le 1er mai à 10h de fêter", "fêter", "2026-05-01T10:00+02:00")],
  [
    "le 15 aout, the GSM-7 spelling",
    creates("rappelle-moi le 15 aout de partir", "partir", "2026-08-15T09:00+02:00"),
  ],
  [
    "le 15 août, with the accent",
    creates("rappelle-moi le 15 août de partir", "partir", "2026-08-15T09:00+02:00"),
  ],
  [
    "a passed date without a year is next year's",
    creates("rappelle-moi le 2 janvier à 10h de voter", "voter", "2027-01-02T10:00+01:00"),
  ],
  [
    "lundi 6 avril with the weekday",
    creates("rappelle-moi lundi 6 avril à 9h de rappeler", "rappeler", "2026-04-06T09:00+02:00"),
  ],
  [
    "a numeric date, day first",
    creates("rappelle moi le 3/04 a 10h de voir le medecin", "voir le medecin", "2026-04-03T10:00+02:00"),
  ],
  [
    "a numeric date with the year",
    creates(
      "rappelle-moi le 03/04/2027 à 10h de voir le médecin",
      "voir le médecin",
      "2027-04-03T10:00+02:00",
    ),
  ],
  [
    "stp in the middle",
    creates(
      "Rappelle-moi demain 8h stp de sortir les poubelles",
      "sortir les poubelles",
      "2026-03-28T08:00+01:00",
    ),
  ],
  [
    "svp at the end",
    creates(
      "rappelle-moi à 21h de prendre mon traitement svp",
      "prendre mon traitement",
      "2026-03-27T21:00+01:00",
    ),
  ],
  [
    "s'il te plaît first",
    creates(
      "s'il te plaît rappelle-moi à 21h de fermer la porte",
      "fermer la porte",
      "2026-03-27T21:00+01:00",
    ),
  ],
  [
    "rdv: the abbreviation stays in the text",
    creates("rdv dentiste dem 9h", "rdv dentiste", "2026-03-28T09:00+01:00"),
  ],
  ["a capital command word", creates("RAPPELLE-MOI à 21h de sortir", "sortir", "2026-03-27T21:00+01:00")],
  [
    "the common misspelling rapelle",
    creates("rapelle moi dans 10 min de sortir le gateau", "sortir le gateau", "2026-03-27T10:10+01:00"),
  ],
  ["rappel as a command", creates("rappel demain 9h dentiste", "dentiste", "2026-03-28T09:00+01:00")],
  [
    "a typo further in the command word",
    creates("rappelel-moi à 21h de lire", "lire", "2026-03-27T21:00+01:00"),
  ],
  [
    "fais-moi penser à",
    creates("fais-moi penser à appeler Marc demain", "appeler Marc", "2026-03-28T09:00+01:00"),
  ],
  ["mets un rappel pour", creates("mets un rappel pour 18h: yoga", "yoga", "2026-03-27T18:00+01:00")],
  [
    "n'oublie pas de … with a time",
    creates("n'oublie pas de rappeler Marc à 18h", "rappeler Marc", "2026-03-27T18:00+01:00"),
  ],
  [
    "noublie pas, no apostrophe",
    creates("noublie pas d'acheter du pain ce soir", "acheter du pain", "2026-03-27T20:00+01:00"),
  ],
  [
    "je dois … with a time",
    creates("je dois appeler la banque demain à 9h", "appeler la banque", "2026-03-28T09:00+01:00"),
  ],
  [
    "il faut que j' … with a time",
    creates("il faut que j'appelle le médecin à 14h", "appelle le médecin", "2026-03-27T14:00+01:00"),
  ],
  [
    "the time first, no command word",
    creates("dans 20 min sortir le linge", "sortir le linge", "2026-03-27T10:20+01:00"),
  ],
  ["demain first", creates("demain 8h dentiste", "dentiste", "2026-03-28T08:00+01:00")],
  [
    "à 21h first",
    creates("à 21h prendre mes médicaments", "prendre mes médicaments", "2026-03-27T21:00+01:00"),
  ],
  [
    "a 21h first, no accent",
    creates("a 21h prendre mes medicaments", "prendre mes medicaments", "2026-03-27T21:00+01:00"),
  ],
  ["21h first", creates("21h appeler maman", "appeler maman", "2026-03-27T21:00+01:00")],
  [
    "the command after the words",
    creates("appeler maman, rappelle-moi à 21h", "appeler maman", "2026-03-27T21:00+01:00"),
  ],
  ["no text: the word Rappel", creates("rappelle-moi à 21h", "Rappel", "2026-03-27T21:00+01:00")],
];

describe("French reminders", () => {
  it.each(oneOff)("one-off: %s", (_, row) => {
    check(fr(row), ctx);
  });
  it("confirms in French: weekday, day and 24-hour clock the French way", () => {
    expect(interpret("rappelle-moi à 21h de prendre mes médicaments", ctx).reply).toBe(
      "OK, je te le rappelle ven. 21h : prendre mes médicaments",
    );
    expect(interpret("rappelle-moi le 3 avril à 10h30 de signer", ctx).reply).toBe(
      "OK, je te le rappelle ven. 3 avril 10h30 : signer",
    );
    expect(interpret("rappelle-moi tous les lundis et jeudis à 18h de courir", ctx).reply).toBe(
      "OK, le lundi et le jeudi à 18h : courir. Premier rappel : lun. 18h.",
    );
  });

  it("keeps the user's words as written, accents included, even when they cost UCS-2", () => {
    const result = interpret("rappelle-moi demain 8h d'appeler Pôle emploi", ctx);
    expect(result.actions[0]).toMatchObject({ text: "appeler Pôle emploi" });
    expect(segmentsOf(result.reply)).toBe(1);
  });
});
