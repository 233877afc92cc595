// `make demo`'s browser journey, in French, in Debian's Chromium against the running platform
// through the edge (one origin): the landing page, signup, onboarding and "Activer mon numéro"
// until the operator made the TwilioNumber Ready, a text to that number through the Twilio
// emulator and its task on Today without a reload, the upgrade through the Stripe emulator's
// Checkout, and the export of the account's data. Screenshots and the export go to .local/demo/.
//   EDGE_URL=http://127.0.0.1:26400 TWILIO_EMULATOR_URL=http://127.0.0.1:26499 node tools/demo-journey.ts
import { mkdirSync, copyFileSync } from "node:fs";
import path from "node:path";
import { createControlClient as llmControl } from "@phoenix/llm-emulator/control-client";
import { createControlClient } from "@phoenix/twilio-emulator/control-client";
import type { Page } from "playwright-core";
import { launchBrowser } from "../test/support/browser.ts";
import { repoRoot } from "../test/support/local-env.ts";

const edge = process.env["EDGE_URL"] ?? "http://127.0.0.1:26400";
const twilio = createControlClient(process.env["TWILIO_EMULATOR_URL"] ?? "http://127.0.0.1:26499");
// The "local model server" the coach asks first: scripted, as an emulator is.
const llm = llmControl(process.env["LLM_LOCAL_EMULATOR_URL"] ?? "http://127.0.0.1:26496");
const COACH_ANSWER =
  "**Première étape** : fais le point sur tes compétences (ce que tu sais faire, ce que tu aimes faire). " +
  "Ensuite, regarde ton solde CPF sur moncompteformation.gouv.fr et les formations du numérique finançables.";
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

  await page.getByRole("link", { name: "Abonnement" }).click();
  await heading(page, "Abonnement");
  await page.getByRole("button", { name: "Choisir Phoenix Premium" }).click();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await page.getByText("Merci ! Votre formule Premium est active.").waitFor();
  await shot(page, "06-premium");
  step("Premium par Stripe Checkout (émulateur), confirmé par le webhook");

  await page.getByRole("link", { name: "Confidentialité" }).click();
  await heading(page, "Confidentialité");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger mes données" }).click();
  const exported = path.join(out, "export.json");
  copyFileSync(await (await download).path(), exported);
  await shot(page, "07-confidentialite");
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
