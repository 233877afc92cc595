// The signed-in app's account pages in Chromium, through the edge as behind the Gateway: signup
// and login with the keyboard alone, the MFA step, TOTP enrolment with recovery codes, logout; in
// French and English, each page clean (console, CSP, axe) at 375 px, bad input answered next to
// the field in the page's language.
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import {
  expectCleanPage,
  expectFieldMessage,
  heading,
  openAppPage,
  tabTo,
  useBrowserStack,
} from "./app-pages.ts";
import type { Language } from "./app-pages.ts";

const platform = useBrowserStack();

const words = {
  fr: {
    signup: "Créer mon compte",
    login: "Se connecter",
    email: "Adresse e-mail",
    password: "Mot de passe",
    onboarding: "Mon numéro Phoenix",
    account: "Mon compte",
    logout: "Se déconnecter",
    badEmail: "Saisissez une adresse e-mail valide",
    shortPassword: "Le mot de passe doit comporter entre 10 et 256 caractères.",
    taken: "Un compte existe déjà avec cette adresse e-mail.",
    wrongPassword: "Adresse e-mail ou mot de passe incorrect.",
    enableMfa: "Activer la vérification en deux étapes",
    code: "Code de vérification",
    confirm: "Confirmer",
    wrongCode: "Ce code n’est pas valide.",
    recovery: "Vos codes de secours",
    savedCodes: "J’ai mis mes codes de côté",
    mfaOn: "La vérification en deux étapes est activée.",
    mfaTitle: "Vérification en deux étapes",
    verify: "Vérifier",
    today: "Aujourd’hui",
    otherLanguage: "English",
    skip: "Aller au contenu",
    currentPassword: "Mot de passe actuel",
    newPassword: "Nouveau mot de passe",
    changePassword: "Changer de mot de passe",
    changePasswordButton: "Changer le mot de passe",
    passwordChanged: "Mot de passe changé.",
  },
  en: {
    signup: "Create my account",
    login: "Log in",
    email: "E-mail address",
    password: "Password",
    onboarding: "My Phoenix number",
    account: "My account",
    logout: "Log out",
    badEmail: "Enter a valid e-mail address",
    shortPassword: "The password must be 10 to 256 characters long.",
    taken: "An account with this e-mail address already exists.",
    wrongPassword: "Wrong e-mail address or password.",
    enableMfa: "Turn on two-step verification",
    code: "Verification code",
    confirm: "Confirm",
    wrongCode: "This code is not valid.",
    recovery: "Your recovery codes",
    savedCodes: "I have saved my codes",
    mfaOn: "Two-step verification is on.",
    mfaTitle: "Two-step verification",
    verify: "Verify",
    today: "Today",
    otherLanguage: "Français",
    skip: "Skip to content",
    currentPassword: "Current password",
    newPassword: "New password",
    changePassword: "Change password",
    changePasswordButton: "Change the password",
    passwordChanged: "Password changed.",
  },
} as const;

let counter = 0;
const newEmail = (language: Language) =>
  `web-${language}-${String(Date.now())}-${String(counter++)}@example.com`;
const PASSWORD = "correct horse battery staple";

describe.each(["fr", "en"] as const)("account pages in %s", (language) => {
  const w = words[language];

  it("signs up with the keyboard alone, after the form refused a bad e-mail, a short password and a taken address", async () => {
    const watched = await openAppPage(platform.browser, language);
    const { page } = watched;
    try {
      await page.goto(`${platform.stack.url}/app/signup?lang=${language}`);
      await heading(page, w.signup);
      expect(await page.getAttribute("html", "lang")).toBe(language);
      await expectCleanPage(watched, `signup-${language}`);

      // The first Tab reaches the skip link, which leads into the main landmark.
      await page.keyboard.press("Tab");
      expect(await page.evaluate<string>("document.activeElement?.textContent ?? ''")).toBe(w.skip);
      await page.keyboard.press("Enter");
      expect(await page.evaluate<string>("document.activeElement?.tagName ?? ''")).toBe("MAIN");

      const email = page.getByLabel(w.email);
      const password = page.getByLabel(w.password);
      await tabTo(page, w.email);
      await page.keyboard.type("not-an-address");
      await page.keyboard.press("Tab");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await expectFieldMessage(email, w.badEmail);

      await email.fill(newEmail(language));
      await password.fill("short");
      await password.press("Enter");
      await expectFieldMessage(password, w.shortPassword);

      // A taken address: the API's 409, shown under the e-mail field in the page's language.
      const taken = newEmail(language);
      await platform.stack.api.app.inject({
        method: "POST",
        url: "/v1/auth/signup",
        payload: { email: taken, password: PASSWORD },
      });
      await email.fill(taken);
      await password.fill(PASSWORD);
      await password.press("Enter");
      await expectFieldMessage(email, w.taken);

      const lastEmail = newEmail(language);
      await email.fill(lastEmail);
      await password.press("Enter");
      await heading(page, w.onboarding);
      await expectCleanPage(watched, `onboarding-${language}`);
      // The refresh token is in an httpOnly cookie: page JavaScript sees no cookie of the session.
      expect(await page.evaluate<string>("document.cookie")).not.toContain("phoenix_refresh");
      const cookie = (await watched.context.cookies()).find((c) => c.name === "phoenix_refresh");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/v1/auth" });

      // The header's language switch: the page, <html lang> and the account's language (its texts) follow.
      const other = language === "fr" ? "en" : "fr";
      await page.getByRole("banner").getByRole("button", { name: w.otherLanguage }).click();
      await heading(page, words[other].onboarding);
      expect(await page.getAttribute("html", "lang")).toBe(other);
      await expect
        .poll(async () => {
          const [row] = await platform.stack.sms.asSystem<{ language: string }>(
            "SELECT language FROM users WHERE email = $1",
            [lastEmail],
          );
          return row?.language;
        })
        .toBe(other);
    } finally {
      await watched.close();
    }
  });

  it("turns on MFA (QR code, recovery codes), then logs out and back in with the keyboard and a TOTP code", async () => {
    const email = newEmail(language);
    const watched = await openAppPage(platform.browser, language);
    const { page } = watched;
    try {
      await page.goto(`${platform.stack.url}/app/signup?lang=${language}`);
      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.password).fill(PASSWORD);
      await page.getByRole("button", { name: w.signup }).click();
      await heading(page, w.onboarding);

      await page.getByRole("link", { name: w.account }).first().click();
      await heading(page, w.account);
      await page.getByRole("button", { name: w.enableMfa }).click();
      await page.getByRole("img").waitFor();
      const secret = (await page.locator("code").first().textContent()) ?? "";
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await expectCleanPage(watched, `mfa-enrol-${language}`);

      const code = page.getByLabel(w.code);
      await code.fill("000000");
      await page.getByRole("button", { name: w.confirm }).click();
      await expectFieldMessage(code, w.wrongCode);
      await code.fill(await generate({ secret }));
      await page.getByRole("button", { name: w.confirm }).click();
      await page.getByRole("heading", { name: w.recovery }).waitFor();
      const recoveryCodes = await page
        .getByRole("listitem")
        .filter({ has: page.locator("code") })
        .allTextContents();
      expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);
      await expectCleanPage(watched, `mfa-recovery-${language}`);
      await page.getByRole("button", { name: w.savedCodes }).click();
      await page.getByText(w.mfaOn).waitFor();

      await page.getByRole("banner").getByRole("button", { name: w.logout }).click();
      await heading(page, w.login);
      await expectCleanPage(watched, `login-${language}`);

      // Keyboard only: Tab to the e-mail, type, Tab, type, Enter; then the code, Enter.
      await tabTo(page, w.email);
      await page.keyboard.type(email);
      await page.keyboard.press("Tab");
      await page.keyboard.type("a wrong password");
      await page.keyboard.press("Enter");
      await page.getByRole("alert").filter({ hasText: w.wrongPassword }).waitFor();
      await page.getByLabel(w.password).fill("");
      await page.getByLabel(w.password).focus();
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await heading(page, w.mfaTitle);
      await tabTo(page, w.code);
      await page.keyboard.type(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
      await page.keyboard.press("Enter");
      await heading(page, w.onboarding);

      // A new password: the current one and a code are checked by the API; a wrong one is answered at its field.
      await page.getByRole("link", { name: w.account }).first().click();
      const current = page.getByLabel(w.currentPassword);
      await current.fill("not the password");
      await page.getByLabel(w.newPassword).fill("another horse battery");
      // A recovery code: this 30-second window's TOTP codes are used up by now.
      await page
        .getByRole("region", { name: w.changePassword })
        .getByLabel(w.code)
        .fill(recoveryCodes[0]!.trim());
      await page.getByRole("button", { name: w.changePasswordButton }).click();
      await expectFieldMessage(current, w.wrongPassword);
      await current.fill(PASSWORD);
      await page.getByRole("button", { name: w.changePasswordButton }).click();
      await page.getByRole("status").filter({ hasText: w.passwordChanged }).waitFor();
      await expectCleanPage(watched, `password-${language}`);
    } finally {
      await watched.close();
    }
  });
});

describe("the admin pages", () => {
  it("need the admin role and an MFA session; then find users, show the key sets and reset a rate limit", async () => {
    const email = newEmail("fr");
    const watched = await openAppPage(platform.browser, "fr");
    const { page } = watched;
    const w = words.fr;
    const logIn = async (code?: string) => {
      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.password).fill(PASSWORD);
      await page.getByRole("button", { name: w.login }).click();
      if (code !== undefined) {
        await page.getByLabel(w.code).fill(code);
        await page.getByRole("button", { name: w.verify }).click();
      }
      await heading(page, w.onboarding);
    };
    try {
      await page.goto(`${platform.stack.url}/app/signup`);
      await page.getByLabel(w.email).fill(email);
      await page.getByLabel(w.password).fill(PASSWORD);
      await page.getByRole("button", { name: w.signup }).click();
      await heading(page, w.onboarding);
      expect(await page.getByRole("link", { name: "Administration" }).count()).toBe(0);

      // An admin without MFA: the page says what is missing instead of failing.
      await platform.stack.sms.asSystem("UPDATE users SET role = 'admin' WHERE email = $1", [email]);
      await page.getByRole("banner").getByRole("button", { name: w.logout }).click();
      await heading(page, w.login);
      await logIn();
      await page.getByRole("link", { name: "Administration" }).click();
      await heading(page, "Administration");
      await page
        .getByText("Les pages d’administration demandent une connexion avec la vérification")
        .waitFor();
      await page
        .getByRole("alert")
        .filter({ hasText: "Cette page demande une connexion avec la vérification en deux étapes." })
        .first()
        .waitFor();

      await page.getByRole("link", { name: w.account }).first().click();
      await page.getByRole("button", { name: w.enableMfa }).click();
      const secret = (await page.locator("code").first().textContent()) ?? "";
      await page.getByLabel(w.code).fill(await generate({ secret }));
      await page.getByRole("button", { name: w.confirm }).click();
      await page.getByRole("button", { name: w.savedCodes }).click();
      await page.getByRole("banner").getByRole("button", { name: w.logout }).click();
      await heading(page, w.login);
      await logIn(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));

      await page.getByRole("link", { name: "Administration" }).click();
      await heading(page, "Administration");
      // Signed in again after a reload: the refresh cookie, not anything the page stored.
      await page.reload();
      await heading(page, "Administration");
      await page.getByRole("table", { name: /^JWT — ES256, révision \d+, clé de signature/ }).waitFor();

      const query = page.getByLabel("Valeur recherchée");
      await page.getByRole("button", { name: "Chercher" }).click();
      await expectFieldMessage(query, "Ce champ est obligatoire.");
      await query.fill(email);
      await page.getByRole("button", { name: "Chercher" }).click();
      await page.getByRole("cell", { name: email }).waitFor();

      await page.getByLabel("Limite", { exact: true }).selectOption("login");
      await page.getByLabel("Sujet", { exact: true }).fill(`account:${email}`);
      await page.getByRole("button", { name: "Réinitialiser" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: /compteurs? supprimés?/ })
        .waitFor();

      // The event queue: status, "process now", reprocessing (a malformed hash refused at its field).
      await page.getByRole("heading", { name: "File d’événements" }).waitFor();
      await page.getByRole("button", { name: "Traiter maintenant" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: /^État à/ })
        .waitFor();
      const hashes = page.getByLabel("Empreintes de contenu (SHA-256)");
      await hashes.fill("not-a-hash");
      await page.getByRole("button", { name: "Retraiter" }).click();
      await expectFieldMessage(hashes, "Chaque empreinte fait 64 caractères hexadécimaux.");
      await hashes.fill("");
      await page.getByLabel("Application d’origine").fill("web");
      await page.getByLabel("Depuis le").fill("2026-01-01");
      await page.getByRole("button", { name: "Retraiter" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: /événements trouvés/ })
        .waitFor();
      await expectCleanPage(watched, "admin-fr");
    } finally {
      await watched.close();
    }
  });
});
