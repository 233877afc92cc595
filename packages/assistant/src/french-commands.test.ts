// Every other intent in French: tasks, the reminder list, cancel and snooze, focus, energy and
// mood, the day's plan, time zone, quiet hours, help, language; with and without accents,
// abbreviations and typos. Every reply is checked for its language and size.
import { afterAll, describe, expect, it } from "vitest";
import { FRENCH_HELP_REPLY, FRENCH_UNKNOWN_REPLIES } from "./help.ts";
import { check, contextAt, oneGsmSegmentShare, refuses } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { Action } from "./types.ts";

const PARIS = "Europe/Paris";
const at = (local: string) => new Date(`${local}+01:00`);
// Friday 27 March 2026, 10:00 in Paris.
const full = contextAt("2026-03-27T10:00", PARIS, {
  language: "fr",
  tasks: ["appeler la CAF", "acheter du pain", "envoyer le CV"],
  reminders: [
    { text: "prendre mes médicaments", at: "2026-03-27T21:00" },
    { text: "sport", at: "2026-03-28T08:00", recurrence: { freq: "daily", time: "08:00" } },
  ],
  lastFired: { text: "boire de l'eau", at: "2026-03-27T09:55" },
  energy: [3],
});
const empty = contextAt("2026-03-27T10:00", PARIS, { language: "fr" });
const focusing = contextAt("2026-03-27T10:00", PARIS, {
  language: "fr",
  focus: { minutes: 50, endsAt: "2026-03-27T10:30" },
});

const row = (text: string, intent: string, actions?: Action[], reply?: string | RegExp): Phrasing => ({
  text,
  intent,
  language: "fr",
  ...(actions && { actions }),
  ...(reply !== undefined && { reply }),
});
const add = (text: string, title: string) => row(text, "task.add", [{ type: "task.add", title }], "Ajouté :");
const done = (text: string, ...ids: string[]) =>
  row(text, "task.complete", ids.map((taskId) => ({ type: "task.complete", taskId })), "Fait :");
const remove = (text: string, ...ids: string[]) =>
  row(text, "task.delete", ids.map((taskId) => ({ type: "task.delete", taskId })), "Supprimé :");
const cancel = (text: string, ...ids: string[]) =>
  row(text, "reminder.cancel", ids.map((reminderId) => ({ type: "reminder.cancel", reminderId })));
const fr = (phrasing: Phrasing): Phrasing => ({ ...phrasing, language: "fr" });

const tasks: [string, Phrasing][] = [
  ["ajoute", add("ajoute appeler la banque", "appeler la banque")],
  ["ajouter", add("ajouter du lait", "du lait")],
  ["Ajoute with a capital", add("Ajoute prendre rdv chez le médecin", "prendre rdv chez le médecin")],
  ["ajoute une tâche:", add("ajoute une tâche: payer la cantine", "payer la cantine")],
  ["ajoute une tache, no accent", add("ajoute une tache payer la cantine", "payer la cantine")],
  ["nouvelle tâche", add("nouvelle tâche rdv banque", "rdv banque")],
  ["tâche:", add("tâche: remplir le formulaire", "remplir le formulaire")],
  ["à faire:", add("à faire: rappeler la mairie", "rappeler la mairie")],
  ["note", add("note acheter des timbres", "acheter des timbres")],
  ["je dois", add("je dois appeler la banque", "appeler la banque")],
  ["il faut que je", add("il faut que je range le bureau", "range le bureau")],
  ["faut que j'", add("faut que j'envoie le dossier", "envoie le dossier")],
  ["n'oublie pas de, no time", add("n'oublie pas d'acheter des œufs", "acheter des œufs")],
  ["stp at the end", add("ajoute payer le loyer stp", "payer le loyer")],
  ["svp first", add("svp ajoute payer le loyer", "payer le loyer")],
  ["a typo: ajoue", add("ajoue payer le loyer", "payer le loyer")],
  ["a typo: ajouet", add("ajouet payer le loyer", "payer le loyer")],
  ["ajoute alone", row("ajoute", "task.add", [], "Ajouter quoi ?")],
  ["a task already there", row("ajoute Appeler la CAF", "task.add", [], "déjà dans ta liste (numéro 1)")],
  ["tâches", row("tâches", "task.list", [], "Ta liste :\n1. appeler la CAF")],
  ["taches", row("taches", "task.list", [], "Ta liste :")],
  ["TACHES", row("TACHES", "task.list", [], "Ta liste :")],
  ["mes tâches", row("mes tâches", "task.list", [], "Ta liste :")],
  ["ma liste", row("ma liste", "task.list", [], "Ta liste :")],
  ["liste", row("liste", "task.list", [], "Ta liste :")],
  ["à faire", row("à faire", "task.list", [], "Ta liste :")],
  ["qu'est-ce que je dois faire", row("qu'est-ce que je dois faire", "task.list", [], "Ta liste :")],
  ["qu'est ce qu'il me reste", row("qu'est ce qu'il me reste", "task.list", [], "Ta liste :")],
  ["il me reste quoi", row("il me reste quoi", "task.list", [], "Ta liste :")],
  ["a typo: tahces", row("tahces", "task.list", [], "Ta liste :")],
  ["fait 1", done("fait 1", "task-1")],
  ["fais 2", done("fais 2", "task-2")],
  ["fini 1 et 3", done("fini 1 et 3", "task-1", "task-3")],
  ["terminé 3", done("terminé 3", "task-3")],
  ["termine 3, no accent", done("termine 3", "task-3")],
  ["c'est fait 2", done("c'est fait 2", "task-2")],
  ["validé pain", done("validé pain", "task-2")],
  ["fait by title, without its accents", done("fait appeler la caf", "task-1")],
  ["fait alone", row("fait", "task.complete", [], "Laquelle ?")],
  ["fait 7", row("fait 7", "task.complete", [], "Pas de numéro 7")],
  ["supprime 2", remove("supprime 2", "task-2")],
  ["supprimer 2", remove("supprimer 2", "task-2")],
  ["supprime la tâche 2", remove("supprime la tâche 2", "task-2")],
  ["supprime pain", remove("supprime pain", "task-2")],
  ["efface 3", remove("efface 3", "task-3")],
  ["enlève 1", remove("enlève 1", "task-1")],
  ["a typo: suprime 2", remove("suprime 2", "task-2")],
];

const reminders: [string, Phrasing][] = [
  ["rappels", row("rappels", "reminder.list", [], "Rappels :\n1. ven. 21h prendre mes médicaments")],
  ["mes rappels", row("mes rappels", "reminder.list", [], "2. sam. 8h sport (tous les jours)")],
  ["liste des rappels", row("liste des rappels", "reminder.list", [], "Rappels :")],
  ["annule 1", { ...cancel("annule 1", "reminder-1"), reply: 'Annulé : "prendre mes médicaments" (ven. 21h).' }],
  ["annuler 2", cancel("annuler 2", "reminder-2")],
  ["annule le rappel 2", cancel("annule le rappel 2", "reminder-2")],
  ["supprime le rappel 1", cancel("supprime le rappel 1", "reminder-1")],
  ["annule sport", cancel("annule sport", "reminder-2")],
  ["annule tout", { ...cancel("annule tout", "reminder-1", "reminder-2"), reply: "Tes 2 rappels sont annulés." }],
  ["annule tous les rappels", cancel("annule tous les rappels", "reminder-1", "reminder-2")],
  ["a typo: anulle 1", cancel("anulle 1", "reminder-1")],
  ["annule alone", row("annule", "reminder.cancel", [], "Lequel ?")],
  [
    "snooze",
    row("snooze", "reminder.snooze", [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:10") }], "Repoussé de 10 min"),
  ],
  [
    "snooze 15",
    row("snooze 15", "reminder.snooze", [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:15") }]),
  ],
  [
    "repousse 30",
    row("repousse 30", "reminder.snooze", [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:30") }]),
  ],
  [
    "repousse de 1h",
    row("repousse de 1h", "reminder.snooze", [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T11:00") }]),
  ],
  [
    "reporte d'une heure",
    row("reporte de une heure", "reminder.snooze", [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T11:00") }]),
  ],
  [
    "plus tard",
    row("plus tard", "reminder.snooze", [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:10") }]),
  ],
  ["snooze too long", row("repousse 2000", "reminder.snooze", [], "de 1 min à 24 h")],
];

const checkIns: [string, Phrasing][] = [
  ["énergie 3", row("énergie 3", "energy.record", [{ type: "energy.record", level: 3, note: null }], "Énergie 3/5 notée.")],
  ["energie 4 with a note", row("energie 4 en forme", "energy.record", [{ type: "energy.record", level: 4, note: "en forme" }])],
  ["énergie: 2/5", row("énergie: 2/5", "energy.record", [{ type: "energy.record", level: 2, note: null }])],
  ["énergie 2 sur 5", row("énergie 2 sur 5", "energy.record", [{ type: "energy.record", level: 2, note: null }])],
  ["nrj 2", row("nrj 2", "energy.record", [{ type: "energy.record", level: 2, note: null }])],
  ["niveau d'énergie 3", row("niveau d'énergie 3", "energy.record", [{ type: "energy.record", level: 3, note: null }])],
  ["a typo: énrgie 3", row("énrgie 3", "energy.record", [{ type: "energy.record", level: 3, note: null }])],
  ["humeur 2 with a note", row("humeur 2 fatiguée", "mood.record", [{ type: "energy.record", level: 2, note: "mood: fatiguée" }], "Humeur 2/5 notée.")],
  ["moral 5", row("moral 5", "mood.record", [{ type: "energy.record", level: 5, note: "mood" }])],
  ["énergie 7 is out of range", row("énergie 7", "energy.record", [], "de 1 (bas) à 5 (haut)")],
  ["humeur alone", row("humeur", "mood.record", [], "Note ton humeur")],
  ["focus is said in French too", row("focus 50", "focus.start", [{ type: "focus.start", minutes: 50, endsAt: at("2026-03-27T10:50") }], "jusqu'à ven. 10h50")],
  ["concentration 45", row("concentration 45", "focus.start", [{ type: "focus.start", minutes: 45, endsAt: at("2026-03-27T10:45") }])],
  ["focus 1h sur les impôts", row("focus 1h sur les impôts", "focus.start", [{ type: "focus.start", minutes: 60, endsAt: at("2026-03-27T11:00") }])],
  ["focus pendant 30 minutes", row("focus pendant 30 minutes", "focus.start", [{ type: "focus.start", minutes: 30, endsAt: at("2026-03-27T10:30") }])],
  ["focus 4h is capped", row("focus 4h", "focus.start", [{ type: "focus.start", minutes: 180, endsAt: at("2026-03-27T13:00") }], "Limité à 3 h")],
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
  ["fuseau Europe/Paris", row("fuseau Europe/Paris", "preferences.timezone", [{ type: "preferences.set", timeZone: "Europe/Paris" }], "Il est ven. 10h")],
  ["fuseau horaire paris", row("fuseau horaire paris", "preferences.timezone", [{ type: "preferences.set", timeZone: "Europe/Paris" }])],
  ["fuseau Tokyo", row("fuseau Tokyo", "preferences.timezone", [{ type: "preferences.set", timeZone: "Asia/Tokyo" }], "Il est ven. 18h")],
  ["change mon fuseau à Montréal", row("change mon fuseau à America/Toronto", "preferences.timezone", [{ type: "preferences.set", timeZone: "America/Toronto" }])],
  ["fuseau alone", row("fuseau", "preferences.timezone", [], "Ton fuseau horaire : Europe/Paris")],
  ["an unknown zone", row("fuseau Atlantide", "preferences.timezone", [], "Je ne connais pas le fuseau")],
  ["tz, said in both languages", row("tz Europe/Paris", "preferences.timezone", [{ type: "preferences.set", timeZone: "Europe/Paris" }])],
  ["silence 22h-7h", row("silence 22h-7h", "preferences.quiet", [{ type: "preferences.set", quietHours: { start: "22:00", end: "07:00" } }], "Heures calmes 22h-7h")],
  ["heures calmes 22h30-7h", row("heures calmes 22h30-7h", "preferences.quiet", [{ type: "preferences.set", quietHours: { start: "22:30", end: "07:00" } }])],
  ["ne pas déranger de 23h à 6h", row("ne pas déranger de 23h à 6h", "preferences.quiet", [{ type: "preferences.set", quietHours: { start: "23:00", end: "06:00" } }])],
  ["silence 22-7", row("silence 22-7", "preferences.quiet", [{ type: "preferences.set", quietHours: { start: "22:00", end: "07:00" } }])],
  ["silence off", row("silence off", "preferences.quiet", [{ type: "preferences.set", quietHours: null }], "désactivées")],
  ["silence désactivé", row("silence désactivé", "preferences.quiet", [{ type: "preferences.set", quietHours: null }])],
  ["silence alone", row("silence", "preferences.quiet", [], "Pas d'heures calmes.")],
  ["silence nonsense", row("silence demain", "preferences.quiet", [], "Donne une plage")],
  ["langue fr", row("langue fr", "preferences.language", [{ type: "preferences.set", language: "fr" }], "en français")],
  ["langue français", row("langue français", "preferences.language", [{ type: "preferences.set", language: "fr" }])],
  ["langue anglais answers in English", { ...row("langue anglais", "preferences.language", [{ type: "preferences.set", language: "en" }], "in English"), language: "en" }],
  ["parle-moi en anglais", { ...row("parle-moi en anglais", "preferences.language", [{ type: "preferences.set", language: "en" }]), language: "en" }],
  ["en français stp", row("en français stp", "preferences.language", [{ type: "preferences.set", language: "fr" }])],
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
  it.each(tasks)("tasks: %s", (_, phrasing) => {
    check(phrasing, full);
  });
  it("an empty list says so in French", () => {
    check(row("tâches", "task.list", [], "Ta liste est vide."), empty);
    check(row("rappels", "reminder.list", [], "Aucun rappel."), empty);
    check(row("aujourd'hui", "plan.today", [], "Rien de prévu."), empty);
    check(row("snooze", "reminder.snooze", [], "Rien à repousser"), empty);
    check(row("fin du focus", "focus.stop", [], "Pas de focus en cours."), empty);
  });
  it.each(reminders)("reminders: %s", (_, phrasing) => {
    check(phrasing, full);
  });
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
    check(fr(refuses("silence 22h-22h", "preferences.quiet", "doivent être différents")), full);
  });
});

// Cost-aware French: the replies these rows produced, one GSM-7 segment each where the wording
// allows (the user's own accented words, lists and help may not). `make bench-engine` reports the
// share over every table.
afterAll(() => {
  const { share, of } = oneGsmSegmentShare("fr");
  expect(of).toBeGreaterThan(50);
  expect(share).toBeGreaterThanOrEqual(0.85);
});
