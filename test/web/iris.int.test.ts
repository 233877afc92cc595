// The coach and the journal in Chromium, in French, through the edge (iris behind /v1/chat and
// /v1/journal, with the two LLM emulators): a question to Alessio answered as it streams, a reminder
// set from the chat and seen on Today, a journal note and its chart. Every page: no script error,
// no CSP violation, axe clean, no sideways scroll at 375 px.
import { describe, expect, it } from "vitest";
import { expectCleanPage, heading, openAppPage, useBrowserStack } from "./app-pages.ts";

const platform = useBrowserStack();

const ANSWER =
  "**Première étape** : fais le point sur tes compétences. Ensuite, regarde ton solde CPF sur moncompteformation.gouv.fr.";

describe("iris in the browser", () => {
  it("asks Alessio in French and reads the answer as it streams, sets a reminder from the chat, writes in the journal", async () => {
    await platform.stack.llm.local.control.setReplies({ rules: [{ pattern: "reconvertir", reply: ANSWER }] });
    // Slow enough to see the answer being written (and its stop button), quick enough for a test.
    await platform.stack.llm.local.control.addFaults({ interChunkMs: 40 });
    const watched = await openAppPage(platform.browser, "fr");
    const { page } = watched;
    await page.goto(`${platform.stack.url}/app/signup?lang=fr`);
    await page.getByLabel("Adresse e-mail").fill(`iris${String(Date.now())}@example.com`);
    await page.getByLabel("Mot de passe").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await heading(page, "Mon numéro Phoenix");

    await page.getByRole("link", { name: "Coach" }).click();
    await heading(page, "Alessio, ton coach");
    await expectCleanPage(watched, "iris-chat-empty");
    await page.getByLabel("Ton message").fill("Comment me reconvertir dans le numérique ?");
    await page.getByRole("button", { name: "Envoyer" }).click();
    // While the answer streams: its first words are there, the rest not yet, and it can be stopped.
    await page.getByRole("button", { name: "Arrêter" }).waitFor();
    const answer = page.locator(".iris-assistant").last();
    await expect.poll(() => answer.textContent()).toContain("Première étape");
    await page.getByText("moncompteformation.gouv.fr").waitFor();
    await page.getByRole("button", { name: "Régénérer la réponse" }).waitFor();
    expect(await answer.locator("strong").textContent()).toBe("Première étape");
    expect(await answer.textContent()).toMatch(/Jetons : \d+ · .* · local/);
    await page
      .getByRole("button", { name: "Comment me reconvertir dans le numérique ?", exact: true })
      .waitFor();
    await expectCleanPage(watched, "iris-chat-answer");

    await page.getByLabel("Ton message").fill("rappelle-moi demain 9h d'appeler Pôle emploi");
    await page.getByRole("button", { name: "Envoyer" }).click();
    await expect
      .poll(() => page.locator(".iris-assistant").last().textContent())
      .toMatch(/appeler Pôle emploi/);
    await page.getByRole("link", { name: "Aujourd’hui" }).first().click();
    await heading(page, "Aujourd’hui");
    await page.getByText("appeler Pôle emploi").first().waitFor();

    await page.getByRole("link", { name: "Journal" }).click();
    await heading(page, "Journal");
    await page.getByLabel("Ta note du jour").fill("Très fatiguée, mais fière de ma candidature envoyée.");
    await page.getByRole("button", { name: "Enregistrer la note" }).click();
    const chart = page.getByRole("img", { name: /Humeur et énergie sur 30 jours/ });
    await chart.waitFor();
    expect(await chart.getAttribute("aria-labelledby")).toBe("trend-title trend-desc");
    await page.getByText("Thèmes : recherche d'emploi").waitFor();
    await page.getByText(/Humeur : négative \(d'après : fatiguee, fiere\)/).waitFor();
    await expectCleanPage(watched, "iris-journal");
    await platform.stack.llm.local.control.reset();
  }, 120_000);
});
