// With no LLM configured, the coach and the journal still work in the browser (apps.md §3,
// "deterministic first"): Alessio answers from the scripted flows, the journal analyses and charts,
// every page is clean — and no request reaches either LLM emulator.
import { describe, expect, it } from "vitest";
import { expectCleanPage, heading, openAppPage, useBrowserStack } from "./app-pages.ts";

const platform = useBrowserStack({ coachWithoutLlm: true });

describe("the coach without an LLM", () => {
  it("answers a career change from its flow, step after step, and the journal still charts; no LLM is called", async () => {
    const watched = await openAppPage(platform.browser, "fr");
    const { page } = watched;
    await page.goto(`${platform.stack.url}/app/signup?lang=fr`);
    await page.getByLabel("Adresse e-mail").fill(`nollm${String(Date.now())}@example.com`);
    await page.getByLabel("Mot de passe").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await heading(page, "Mon numéro Phoenix");
    await page.getByRole("link", { name: "Coach" }).click();
    await heading(page, "Alessio, ton coach");

    await page.getByLabel("Ton message").fill("Je veux me reconvertir, par où commencer ?");
    await page.getByRole("button", { name: "Envoyer" }).click();
    const last = () => page.locator(".iris-assistant").last();
    await expect.poll(() => last().textContent()).toContain("Étape 1 — tes compétences.");
    await page.getByLabel("Ton message").fill("Je sais organiser, expliquer et réparer des vélos.");
    await page.getByRole("button", { name: "Envoyer" }).click();
    await expect.poll(() => last().textContent()).toContain("Étape 2 — les métiers.");
    await expectCleanPage(watched, "iris-no-llm-chat");

    await page.getByRole("link", { name: "Journal" }).click();
    await heading(page, "Journal");
    await page.getByLabel("Ta note du jour").fill("Contente : j'ai fini mon bilan de compétences.");
    await page.getByRole("button", { name: "Enregistrer la note" }).click();
    await page.getByRole("img", { name: /Humeur et énergie sur 30 jours/ }).waitFor();
    await expectCleanPage(watched, "iris-no-llm-journal");

    for (const emulator of [platform.stack.llm.local, platform.stack.llm.cloud])
      expect((await emulator.control.state()).requests).toEqual([]);
    await watched.close();
  }, 120_000);
});
