// French tasks and the commands on reminders (list, cancel, snooze); with and without accents,
// abbreviations and typos. Every reply is checked for its language and size.
import { describe, it } from "vitest";
import { answers, check, contextAt, frenchUser } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { Action } from "./types.ts";

const PARIS = "Europe/Paris";
const at = (local: string) => new Date(`${local}+01:00`);
const full = frenchUser();
const empty = contextAt("2026-03-27T10:00", PARIS, { language: "fr" });

const row = (text: string, intent: string, actions?: Action[], reply?: string | RegExp): Phrasing =>
  answers("fr", text, intent, { ...(actions && { actions }), ...(reply !== undefined && { reply }) });
const add = (text: string, title: string) => row(text, "task.add", [{ type: "task.add", title }], "Ajouté :");
const done = (text: string, ...ids: string[]) =>
  row(
    text,
    "task.complete",
    ids.map((taskId) => ({ type: "task.complete", taskId })),
    "Fait :",
  );
const remove = (text: string, ...ids: string[]) =>
  row(
    text,
    "task.delete",
    ids.map((taskId) => ({ type: "task.delete", taskId })),
    "Supprimé :",
  );
const cancel = (text: string, ...ids: string[]) =>
  row(
    text,
    "reminder.cancel",
    ids.map((reminderId) => ({ type: "reminder.cancel", reminderId })),
  );

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
  [
    "annule 1",
    { ...cancel("annule 1", "reminder-1"), reply: 'Annulé : "prendre mes médicaments" (ven. 21h).' },
  ],
  ["annuler 2", cancel("annuler 2", "reminder-2")],
  ["annule le rappel 2", cancel("annule le rappel 2", "reminder-2")],
  ["supprime le rappel 1", cancel("supprime le rappel 1", "reminder-1")],
  ["annule sport", cancel("annule sport", "reminder-2")],
  [
    "annule tout",
    { ...cancel("annule tout", "reminder-1", "reminder-2"), reply: "Tes 2 rappels sont annulés." },
  ],
  ["annule tous les rappels", cancel("annule tous les rappels", "reminder-1", "reminder-2")],
  ["a typo: anulle 1", cancel("anulle 1", "reminder-1")],
  ["annule alone", row("annule", "reminder.cancel", [], "Lequel ?")],
  [
    "snooze",
    row(
      "snooze",
      "reminder.snooze",
      [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:10") }],
      "Repoussé de 10 min",
    ),
  ],
  [
    "snooze 15",
    row("snooze 15", "reminder.snooze", [
      { type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:15") },
    ]),
  ],
  [
    "repousse 30",
    row("repousse 30", "reminder.snooze", [
      { type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:30") },
    ]),
  ],
  [
    "repousse de 1h",
    row("repousse de 1h", "reminder.snooze", [
      { type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T11:00") },
    ]),
  ],
  [
    "reporte d'une heure",
    row("reporte de une heure", "reminder.snooze", [
      { type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T11:00") },
    ]),
  ],
  [
    "plus tard",
    row("plus tard", "reminder.snooze", [
      { type: "reminder.snooze", reminderId: "fired-1", dueAt: at("2026-03-27T10:10") },
    ]),
  ],
  ["snooze too long", row("repousse 2000", "reminder.snooze", [], "de 1 min à 24 h")],
];

describe("French tasks and reminder commands", () => {
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
});
