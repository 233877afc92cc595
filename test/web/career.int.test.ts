// The career pages in Chromium, in French, through the edge (career behind /v1/cv, /v1/job-offers
// and /v1/letters): a JSON Resume imported and corrected with the preview following the typing,
// the premium templates locked for a free user, the CV saved and downloaded as PDF; Mirror Match
// on an offer (matched and missing keywords, the score explained); a letter written for it,
// edited into a second version and downloaded as PDF; the month's free letters and CV spent, with
// career's reasons and the way to Premium; a PDF CV uploaded (the original kept) opened as read;
// the same pages in English. Every page: no script error, no CSP violation, axe clean, no sideways
// scroll at 375 px.
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { toJsonResume } from "../../services/career/src/cv/json-resume.ts";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { renderPdf } from "../../services/career/src/render/pdf.ts";
import { minimalPdf } from "../career/files.ts";
import { expectCleanPage, heading, openAppPage, phone, useBrowserStack } from "./app-pages.ts";

const platform = useBrowserStack();

const offer = `Chef de projet digital H/F
Agence Exemple recherche un chef de projet digital.
Missions : gestion de projet, suivi du budget, coordination en méthode Scrum.
Profil : JavaScript, Docker, anglais courant.
Un plus : Figma.`;

/** Clicks `button` and returns the first bytes of the file the browser downloads. */
async function downloadStart(page: Page, button: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const file = await download.path();
  return (await readFile(file)).subarray(0, 5).toString("latin1");
}

const items = (region: Locator) => region.getByRole("listitem").allTextContents();

describe("career in the browser", () => {
  it("imports a CV and corrects it with a live preview, runs Mirror Match, writes a letter, and says when the free letters and CV are spent", async () => {
    const watched = await openAppPage(platform.browser, "fr");
    const { page } = watched;
    await page.goto(`${platform.stack.url}/app/signup?lang=fr`);
    await page.getByLabel("Adresse e-mail").fill(`career${String(Date.now())}@example.com`);
    await page.getByLabel("Mot de passe").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await heading(page, "Mon numéro Phoenix");

    // The CV list: the one next step is to import the CV the user has.
    await page.getByRole("link", { name: "CV", exact: true }).click();
    await heading(page, "Mes CV");
    await page.getByText("Aucun CV pour l’instant.").waitFor();
    await expectCleanPage(watched, "career-cvs-empty");
    await page.getByLabel("Fichier du CV").setInputFiles({
      name: "camille.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(toJsonResume(sampleCv("fr")))),
    });
    await page.getByRole("button", { name: "Importer", exact: true }).click();

    // The editor: the imported CV to check, its preview beside it following the typing.
    await heading(page, "Modifier mon CV");
    await page.getByText(/Votre CV est importé/).waitFor();
    const preview = page.getByRole("article", { name: "Aperçu du CV" });
    await expect.poll(() => preview.textContent()).toContain("Camille Fictive");
    expect(await preview.textContent()).toContain("Expérience professionnelle");
    expect(await preview.textContent()).toContain("sept. 2023 – aujourd'hui");
    await page.getByLabel("Titre (métier visé)").fill("Cheffe de projet web");
    await expect.poll(() => preview.textContent()).toContain("Cheffe de projet web");
    expect(await preview.textContent()).not.toContain("Cheffe de projet digital");

    // Premium templates: visible, locked (not selectable), with the way to Premium.
    const modern = page.getByRole("radio", { name: /Moderne/ });
    expect(await modern.isDisabled()).toBe(true);
    expect(await page.getByRole("radio", { name: /Élégant/ }).isDisabled()).toBe(true);
    await page.getByText("Premium, verrouillé").first().waitFor();
    const templates = page.getByRole("group", { name: "Modèle" });
    expect(await templates.getByRole("link", { name: "Passer à Premium" }).getAttribute("href")).toBe(
      "/app/billing",
    );
    await page.getByRole("radio", { name: /Classique/ }).check();
    expect(await page.getByRole("radio", { name: /Classique/ }).isChecked()).toBe(true);

    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "CV enregistré." }).waitFor();
    expect(await downloadStart(page, page.getByRole("button", { name: "Télécharger le PDF" }))).toBe("%PDF-");
    await expectCleanPage(watched, "career-cv-editor");
    // On a wide screen the preview (with save and the exports) stands beside the form.
    await page.setViewportSize({ width: 1280, height: 900 });
    const form = await page.getByRole("region", { name: "Coordonnées" }).boundingBox();
    const beside = await preview.boundingBox();
    expect(beside && form && beside.x > form.x + form.width).toBe(true);
    await page.getByLabel("Ville").fill("Villeurbanne");
    await expect.poll(() => preview.textContent()).toContain("Villeurbanne");
    expect(await page.getByRole("button", { name: "Enregistrer", exact: true }).isVisible()).toBe(true);
    await expectCleanPage(watched, "career-cv-editor-wide");
    await page.setViewportSize(phone);

    // Mirror Match, from the editor's next step (the CV already chosen).
    await page.getByRole("link", { name: "Étape suivante : comparer ce CV à une offre" }).click();
    await heading(page, "Mirror Match");
    await page.getByLabel("Texte de l’offre").fill(offer);
    await page.getByRole("button", { name: "Analyser l’offre" }).click();
    await page.getByRole("heading", { level: 2, name: /^Résultat/ }).waitFor();
    // The result takes the focus, so keyboard and screen-reader users land on it.
    await expect.poll(() => page.evaluate("document.activeElement?.textContent ?? ''")).toMatch(/^Résultat/);
    await page.getByText(/^Correspondance\s:\s\d+\s%$/).waitFor();
    const matched = await items(page.getByRole("region", { name: "Mots-clés trouvés dans votre CV" }));
    expect(matched.some((item) => item.startsWith("Scrum"))).toBe(true);
    const missing = await items(page.getByRole("region", { name: "Mots-clés manquants" }));
    expect(missing.some((item) => item.startsWith("Docker"))).toBe(true);
    await page.getByText("D’où vient le score").click();
    const explanation = page.getByRole("table", { name: /Chaque point du score/ });
    await explanation.waitFor();
    expect(await explanation.getByRole("row").count()).toBeGreaterThan(3);
    await page.getByRole("heading", { name: "Quoi changer, section par section" }).waitFor();
    await expectCleanPage(watched, "career-match");

    // A letter for that offer: the quota said, a warm tone, then edited into a second version.
    await page.getByRole("link", { name: "Étape suivante : écrire une lettre pour cette offre" }).click();
    await heading(page, "Lettres de motivation");
    await page.getByText(/Lettres gratuites ce mois-ci\s:\s3, il vous en reste 3\./).waitFor();
    // The premium letter template is listed but cannot be picked by a free user.
    expect(await page.getByRole("option", { name: /^Impact \(Premium, verrouillé\)$/ }).isDisabled()).toBe(
      true,
    );
    await page.getByRole("radio", { name: "Chaleureux" }).check();
    await expectCleanPage(watched, "career-letters");
    await page.getByRole("button", { name: "Écrire la lettre" }).click();
    await page.getByRole("heading", { level: 1, name: /^Lettre\s:\s/ }).waitFor();
    const text = page.getByLabel("Texte de la lettre");
    const written = await text.inputValue();
    expect(written.length).toBeGreaterThan(200);
    await text.fill(`${written}\n\nP.-S. : disponible dès lundi.`);
    await page.getByRole("button", { name: "Enregistrer cette version" }).click();
    await page.getByRole("status").filter({ hasText: "Version enregistrée." }).waitFor();
    const versions = page.getByRole("region", { name: "Versions" });
    await expect.poll(() => items(versions)).toHaveLength(2);
    expect((await items(versions))[1]).toMatch(/^Version 2, modifiée par vous/);

    // The rewrite through the LLM gateway (the stack's emulated local model): a faithful one is a
    // third version; one that names an employer the CV lacks is refused with career's reason.
    await platform.stack.llm.local.control.setReplies({
      default: written.replace("Bonjour,", "Bonjour à vous,"),
    });
    await page.getByRole("button", { name: "Réécrire avec l’IA" }).click();
    await page.getByRole("status").filter({ hasText: "Nouvelle version réécrite" }).waitFor();
    await expect.poll(() => items(versions)).toHaveLength(3);
    expect((await items(versions))[2]).toMatch(/^Version 3, réécrite le/);
    expect(await text.inputValue()).toContain("Bonjour à vous,");
    await platform.stack.llm.local.control.setReplies({
      default: `${written}\nJ'ai aussi dirigé une équipe chez Google.`,
    });
    await page.getByRole("button", { name: "Réécrire avec l’IA" }).click();
    await page.getByRole("alert").filter({ hasText: "ajoutait des éléments absents de votre CV" }).waitFor();
    expect(await items(versions)).toHaveLength(3);
    expect(await downloadStart(page, page.getByRole("button", { name: "Télécharger le PDF" }))).toBe("%PDF-");
    expect(await downloadStart(page, page.getByRole("button", { name: "Télécharger le DOCX" }))).toMatch(
      /^PK/,
    );
    await expectCleanPage(watched, "career-letter");

    // Two more letters spend the month's three free ones; the fourth gets career's reason.
    for (const remaining of [2, 1]) {
      await page.getByRole("link", { name: "Retour à mes lettres" }).click();
      await heading(page, "Lettres de motivation");
      await page.getByText(new RegExp(`il vous en reste ${String(remaining)}\\.`)).waitFor();
      await page.getByRole("button", { name: "Écrire la lettre" }).click();
      await page.getByRole("heading", { level: 1, name: /^Lettre\s:\s/ }).waitFor();
    }
    await page.getByRole("link", { name: "Retour à mes lettres" }).click();
    await heading(page, "Lettres de motivation");
    await page.getByText(/il vous en reste 0\./).waitFor();
    await page.getByRole("button", { name: "Écrire la lettre" }).click();
    const spent = page.getByRole("alert").filter({ hasText: "toutes vos lettres gratuites de ce mois-ci" });
    await spent.waitFor();
    expect(await spent.getByRole("link", { name: "Passer à Premium" }).getAttribute("href")).toBe(
      "/app/billing",
    );
    expect(await page.getByRole("region", { name: "Vos lettres" }).getByRole("listitem").count()).toBe(3);
    await expectCleanPage(watched, "career-letters-quota");

    // The month's free CV is spent: the list says so, and a second import gets career's reason.
    await page.getByRole("link", { name: "CV", exact: true }).click();
    await heading(page, "Mes CV");
    await page.getByText("1 CV ce mois-ci, il vous en reste 0.").waitFor();
    await page.getByRole("link", { name: "Camille Fictive" }).waitFor();
    await page.getByLabel("Fichier du CV").setInputFiles({
      name: "autre-cv.pdf",
      mimeType: "application/pdf",
      buffer: minimalPdf(1, { text: "Camille Fictive - Cheffe de projet" }),
    });
    await page.getByRole("button", { name: "Importer", exact: true }).click();
    const refusal = page
      .getByRole("alert")
      .filter({ hasText: "Vous avez créé votre CV gratuit de ce mois-ci" });
    await refusal.waitFor();
    expect(await refusal.getByRole("link", { name: "Passer à Premium" }).getAttribute("href")).toBe(
      "/app/billing",
    );
    await expectCleanPage(watched, "career-cv-quota");
  }, 120_000);
  it("uploads a PDF CV, keeps the original when asked, opens what was read in the editor, and deletes it with its file", async () => {
    const watched = await openAppPage(platform.browser, "fr");
    const { page } = watched;
    const email = `career-upload${String(Date.now())}@example.com`;
    await page.goto(`${platform.stack.url}/app/signup?lang=fr`);
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await heading(page, "Mon numéro Phoenix");
    await page.getByRole("link", { name: "CV", exact: true }).click();
    await heading(page, "Mes CV");
    await page.getByLabel("Fichier du CV").setInputFiles({
      name: "camille.pdf",
      mimeType: "application/pdf",
      buffer: renderPdf(sampleCv("fr"), "classic"),
    });
    await page.getByLabel("Garder aussi le fichier d’origine").check();
    await page.getByRole("button", { name: "Importer", exact: true }).click();
    await heading(page, "Modifier mon CV");
    await page.getByText(/Votre CV est importé/).waitFor();
    expect(await page.getByLabel("Prénom et nom").inputValue()).toBe("Camille Fictive");
    const preview = page.getByRole("article", { name: "Aperçu du CV" });
    await expect.poll(() => preview.textContent()).toContain("Agence Exemple");
    const kept = await platform.stack.career.asSystem<{ files: number }>(
      "SELECT count(*)::int AS files FROM cv_files f JOIN users u ON u.id = f.user_id WHERE u.email = $1",
      [email],
    );
    expect(kept).toEqual([{ files: 1 }]);
    await expectCleanPage(watched, "career-cv-uploaded");

    // Deleting it (asked twice, in place) removes the CV and the kept file.
    await page.getByRole("link", { name: "CV", exact: true }).click();
    await heading(page, "Mes CV");
    const remove = page.getByRole("button", { name: /^Supprimer « .+ »$/ });
    await remove.click();
    const ask = page.getByRole("group", { name: /^Supprimer « .+ » pour de bon/ });
    await ask.getByRole("button", { name: "Annuler" }).click();
    await remove.click();
    await expectCleanPage(watched, "career-cv-delete-ask");
    await ask.getByRole("button", { name: "Oui, supprimer" }).click();
    await page.getByText("Aucun CV pour l’instant.").waitFor();
    const left = await platform.stack.career.asSystem<{ cvs: number; files: number }>(
      `SELECT (SELECT count(*)::int FROM cvs c JOIN users u ON u.id = c.user_id WHERE u.email = $1) AS cvs,
              (SELECT count(*)::int FROM cv_files f JOIN users u ON u.id = f.user_id WHERE u.email = $1) AS files`,
      [email],
    );
    expect(left).toEqual([{ cvs: 0, files: 0 }]);
  }, 60_000);
  it("speaks English: the CV in English with its section titles, Mirror Match and the letters' quota", async () => {
    const watched = await openAppPage(platform.browser, "en");
    const { page } = watched;
    await page.goto(`${platform.stack.url}/app/signup?lang=en`);
    await page.getByLabel("E-mail address").fill(`career-en${String(Date.now())}@example.com`);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Create my account" }).click();
    await heading(page, "My Phoenix number");
    await page.getByRole("link", { name: "CV", exact: true }).click();
    await heading(page, "My CVs");
    await page.getByLabel("CV file").setInputFiles({
      name: "sam.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(toJsonResume(sampleCv("en")))),
    });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await heading(page, "Edit my CV");
    const preview = page.getByRole("article", { name: "CV preview" });
    await expect.poll(() => preview.textContent()).toContain("Experience");
    expect(await page.getByRole("radio", { name: /Modern/ }).isDisabled()).toBe(true);
    await page.getByText("Premium, locked").first().waitFor();
    await expectCleanPage(watched, "career-en-editor");
    await page.getByRole("link", { name: "Mirror Match" }).click();
    await heading(page, "Mirror Match");
    await page.getByLabel("Job offer text").waitFor();
    await page.getByRole("link", { name: "Letters" }).click();
    await heading(page, "Cover letters");
    await page.getByText("Free letters this month: 3, 3 left.").waitFor();
    await expectCleanPage(watched, "career-en-letters");
  }, 60_000);
});
