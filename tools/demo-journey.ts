// `make demo`'s browser journey, in French, in Debian's Chromium against the running platform
// through the edge (one origin): the landing page, signup, onboarding and "Activer mon numéro"
// until the operator made the TwilioNumber Ready, a text to that number through the Twilio
// emulator and its task on Today without a reload, the coach and the journal, a CV imported,
// Mirror Match on an offer and a letter downloaded as PDF, the upgrade through the Stripe
// emulator's Checkout, and the export of the account's data. Screenshots and the export go to .local/demo/.
//   EDGE_URL=http://127.0.0.1:26400 TWILIO_EMULATOR_URL=http://127.0.0.1:26499 node tools/demo-journey.ts
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createControlClient as llmControl } from "@phoenix/llm-emulator/control-client";
import { createControlClient } from "@phoenix/twilio-emulator/control-client";
import type { Page } from "playwright-core";
import { toJsonResume } from "../services/career/src/cv/json-resume.ts";
import { sampleCv } from "../services/career/src/cv/samples.ts";
import { launchBrowser } from "../test/support/browser.ts";
import { repoRoot } from "../test/support/local-env.ts";

const edge = process.env["EDGE_URL"] ?? "http://127.0.0.1:26400";
const twilio = createControlClient(process.env["TWILIO_EMULATOR_URL"] ?? "http://127.0.0.1:26499");
// The "local model server" the coach asks first: scripted, as an emulator is.
const llm = llmControl(process.env["LLM_LOCAL_EMULATOR_URL"] ?? "http://127.0.0.1:26496");
const COACH_ANSWER =
  "**Première étape** : fais le point sur tes compétences (ce que tu sais faire, ce que tu aimes faire). " +
  "Ensuite, regarde ton solde CPF sur moncompteformation.gouv.fr et les formations du numérique finançables.";
// The job ad Mirror Match reads (fictional, like the sample CV: never a real person's data).
const OFFER = `Chef de projet digital H/F
Agence Exemple recherche un chef de projet digital.
Missions : gestion de projet, suivi du budget, coordination en méthode Scrum.
Profil : JavaScript, Docker, anglais courant.
Un plus : Figma.`;
const out = path.join(repoRoot, ".local/demo");
mkdirSync(out, { recursive: true });

const stamp = String(Date.now()).slice(-8);
const email = `demo.${stamp}@example.com`;
const mobile = `06${stamp}`;
const shots: string[] = [];

async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  shots.push(file);
}

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name }).waitFor({ timeout: 30_000 });
const step = (text: string) => process.stdout.write(`  ✓ ${text}\n`);

const browser = await launchBrowser();
try {
  const context = await browser.newContext({
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);

  await page.goto(`${edge}/`);
  await heading(page, "Reprenez la main sur vos journées, un SMS à la fois");
  await page.getByRole("button", { name: "Tout refuser" }).click();
  await page.getByRole("region", { name: "Vos choix de cookies" }).waitFor({ state: "detached" });
  await shot(page, "01-accueil");
  step(`page d'accueil en français (${edge}/)`);

  await page.getByRole("link", { name: "Commencer gratuitement" }).click();
  await heading(page, "Créer mon compte");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("un mot de passe de démonstration");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await heading(page, "Mon numéro Phoenix");
  step(`compte créé : ${email}`);

  await page.getByLabel("Pays de votre téléphone").selectOption("FR");
  await page.getByLabel("Votre numéro de téléphone portable").fill(mobile);
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Vos informations sont enregistrées.").waitFor();
  await page.getByRole("button", { name: "Activer mon numéro" }).click();
  await page.getByText("Votre numéro Phoenix est prêt").waitFor({ timeout: 90_000 });
  const number = (
    (await page.getByRole("link", { name: "Écrire un SMS à Phoenix" }).getAttribute("href")) ?? ""
  ).replace(/^sms:/, "");
  await shot(page, "02-numero");
  step(`numéro activé par l'opérateur (TwilioNumber Ready) : ${number}`);

  await page.getByRole("link", { name: "Aujourd’hui" }).click();
  await heading(page, "Aujourd’hui");
  const answer = await twilio.inbound({
    from: `+33${mobile.slice(1)}`,
    to: number,
    body: "ajoute appeler Pôle emploi",
  });
  if (answer.status !== 200) throw new Error(`the SMS webhook answered ${String(answer.status)}`);
  await page.getByRole("checkbox", { name: /appeler Pôle emploi/i }).waitFor();
  await shot(page, "03-aujourdhui");
  step("SMS « ajoute appeler Pôle emploi » → la tâche apparaît sur Aujourd’hui sans recharger");

  await llm.setReplies({ rules: [{ pattern: "reconvertir", reply: COACH_ANSWER }] });
  await page.getByRole("link", { name: "Coach" }).click();
  await heading(page, "Alessio, ton coach");
  await page.getByLabel("Ton message").fill("Comment me reconvertir dans le numérique ?");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await page.getByText("moncompteformation.gouv.fr").waitFor();
  await page.getByLabel("Ton message").fill("rappelle-moi demain 9h d'appeler Pôle emploi");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await page.locator(".iris-assistant").filter({ hasText: "Pôle emploi" }).last().waitFor();
  await shot(page, "04-coach");
  step(
    "Alessio répond en streaming ; « rappelle-moi demain 9h d'appeler Pôle emploi » crée le rappel (envoyé par SMS)",
  );

  await page.getByRole("link", { name: "Journal" }).click();
  await heading(page, "Journal");
  await page
    .getByLabel("Ta note du jour")
    .fill("Fatiguée ce matin, mais fière : j'ai envoyé ma première candidature.");
  await page.getByRole("button", { name: "Enregistrer la note" }).click();
  await page.getByRole("img", { name: /Humeur et énergie sur 30 jours/ }).waitFor();
  await shot(page, "05-journal");
  step("note de journal analysée (thèmes, humeur) et courbe humeur/énergie");

  // Career: the CV imported (a JSON Resume file, as other CV tools export it), Mirror Match on an
  // offer, a letter for it and its PDF.
  const resume = path.join(out, "cv-camille.json");
  writeFileSync(resume, JSON.stringify(toJsonResume(sampleCv("fr")), null, 2));
  await page.getByRole("link", { name: "CV", exact: true }).click();
  await heading(page, "Mes CV");
  await page.getByLabel("Fichier du CV").setInputFiles(resume);
  await page.getByRole("button", { name: "Importer", exact: true }).click();
  await heading(page, "Modifier mon CV");
  await page.getByRole("article", { name: "Aperçu du CV" }).getByText("Camille Fictive").first().waitFor();
  await shot(page, "06-cv");
  step("CV importé (JSON Resume) et ouvert dans l'éditeur avec son aperçu");

  await page.getByRole("link", { name: "Étape suivante : comparer ce CV à une offre" }).click();
  await heading(page, "Mirror Match");
  await page.getByLabel("Texte de l’offre").fill(OFFER);
  await page.getByRole("button", { name: "Analyser l’offre" }).click();
  const score = page.getByText(/^Correspondance\s:\s\d+\s%$/);
  await score.waitFor();
  await page
    .getByRole("heading", { level: 2, name: /^Résultat/ })
    .evaluate((result: { scrollIntoView(options: { block: "start" }): void }) => {
      result.scrollIntoView({ block: "start" });
    });
  await shot(page, "07-mirror-match");
  step(`Mirror Match : ${(await score.textContent()) ?? ""}, mots-clés trouvés et manquants, conseils`);

  await page.getByRole("link", { name: "Étape suivante : écrire une lettre pour cette offre" }).click();
  await heading(page, "Lettres de motivation");
  await page.getByRole("button", { name: "Écrire la lettre" }).click();
  await page.getByRole("heading", { level: 1, name: /^Lettre\s:\s/ }).waitFor();
  const letterPdf = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger le PDF" }).click();
  const letterFile = path.join(out, "lettre.pdf");
  copyFileSync(await (await letterPdf).path(), letterFile);
  if (!readFileSync(letterFile).subarray(0, 5).equals(Buffer.from("%PDF-")))
    throw new Error("the letter's download is not a PDF");
  await shot(page, "08-lettre");
  step(`lettre de motivation écrite pour l'offre, PDF : ${path.relative(repoRoot, letterFile)}`);

  await page.getByRole("link", { name: "Abonnement" }).click();
  await heading(page, "Abonnement");
  await page.getByRole("button", { name: "Choisir Phoenix Premium" }).click();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await page.getByText("Merci ! Votre formule Premium est active.").waitFor();
  await shot(page, "09-premium");
  step("Premium par Stripe Checkout (émulateur), confirmé par le webhook");

  await page.getByRole("link", { name: "Confidentialité" }).click();
  await heading(page, "Confidentialité");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger mes données" }).click();
  const exported = path.join(out, "export.json");
  copyFileSync(await (await download).path(), exported);
  await shot(page, "10-confidentialite");
  step(`export de mes données : ${exported}`);
  await context.close();
} catch (err) {
  // What the page showed when the journey stopped: the first thing to look at.
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages[0]) await shot(pages[0], "echec");
  throw err;
} finally {
  await browser.close();
}
process.stdout.write(`  captures : ${shots.map((s) => path.relative(repoRoot, s)).join(", ")}\n`);
