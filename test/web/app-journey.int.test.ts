// A person's journey through the signed-in app in Chromium, in French and in English, on one
// origin behind the edge: sign up, onboarding (country, phone, time zone, language), activate the
// number (the operator makes the TwilioNumber Ready), text it through the Twilio emulator and see
// the task on Today within 2 s without a reload, add a reminder, upgrade through the Stripe
// emulator's Checkout, download the export, withdraw a consent, delete the account. Each page is
// checked (console, CSP, axe, 375 px); bad input is answered next to its field in the page's language.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { WatchedPage } from "../support/browser.ts";
import type { TestUser } from "../support/sms-path.ts";
import {
  describedBy,
  expectCleanPage,
  expectFieldMessage,
  heading,
  openAppPage,
  useBrowserStack,
} from "./app-pages.ts";
import type { Language } from "./app-pages.ts";

const platform = useBrowserStack();

const words = {
  fr: {
    email: "Adresse e-mail",
    password: "Mot de passe",
    signup: "Créer mon compte",
    onboarding: "Mon numéro Phoenix",
    country: "Pays de votre téléphone",
    phone: "Votre numéro de téléphone portable",
    badPhone: "Saisissez un numéro de téléphone valide pour le pays choisi",
    save: "Enregistrer",
    quiet: "Pas de SMS de Phoenix pendant mes heures calmes",
    quietStart: "Début",
    saved: "Vos informations sont enregistrées.",
    activate: "Activer mon numéro",
    progress: "Nous réservons votre numéro",
    textNow: "Écrire un SMS à Phoenix",
    reminder: "Appeler Pôle emploi",
    ready: "Votre numéro Phoenix est prêt",
    today: "Aujourd’hui",
    text: "ajoute acheter du pain",
    task: /acheter du pain/i,
    newTask: "Nouvelle tâche",
    add: "Ajouter",
    emptyTask: "Ce champ est obligatoire.",
    reminderText: "De quoi faut-il vous rappeler ?",
    at: "Date et heure",
    addReminder: "Ajouter le rappel",
    pastReminder: "Choisissez une date et une heure à venir.",
    reminders: "Rappels prévus",
    renameTask: /^Modifier « acheter du pain »$/i,
    newTitle: /^Nouveau titre pour/,
    renamed: "Acheter du pain complet",
    openTasks: "Tâches en cours",
    editReminder: "Modifier le rappel",
    quote: (text: string) => `« ${text} »`,
    saveReminder: "Enregistrer le rappel",
    startFocus: "Démarrer une session",
    focusRunning: /^Session de 25 minutes en cours/,
    recordEnergy: "Enregistrer le niveau",
    energyQuestion: "Comment est votre énergie ?",
    noLevel: "Choisissez un niveau d’énergie.",
    level3: "3 — Ça va",
    recentEnergy: "Derniers relevés",
    energy3: "Énergie 3/5",
    billing: "Abonnement",
    upgrade: "Choisir Phoenix Premium",
    yourPlan: "Votre formule actuelle",
    premium: "Premium",
    invoices: "Factures",
    yourEntitlements: "Ce que comprend votre formule",
    manage: "Gérer mon abonnement",
    endsOn: /^Se termine le /,
    smsUnlimited: "SMS avec l’assistant : illimité",
    iris200: "Iris (coach Alessio) : 200 par jour",
    paid: "Payée",
    thanks: "Merci ! Votre formule Premium est active.",
    privacy: "Confidentialité",
    analytics: "Mesure d’audience",
    granted: "Accepté le",
    download: "Télécharger mes données",
    deletePassword: "Votre mot de passe, pour confirmer",
    understand: "Je comprends que la suppression est définitive.",
    deleteAccount: "Supprimer définitivement mon compte",
    wrongPassword: "Adresse e-mail ou mot de passe incorrect.",
    deleted: "Compte supprimé",
    login: "Se connecter",
  },
  en: {
    email: "E-mail address",
    password: "Password",
    signup: "Create my account",
    onboarding: "My Phoenix number",
    country: "Your phone's country",
    phone: "Your mobile phone number",
    badPhone: "Enter a valid phone number for the chosen country",
    save: "Save",
    quiet: "No texts from Phoenix during my quiet hours",
    quietStart: "Start",
    saved: "Your details are saved.",
    activate: "Activate my number",
    progress: "We are reserving your number",
    textNow: "Text Phoenix",
    reminder: "Call the job centre",
    ready: "Your Phoenix number is ready",
    today: "Today",
    text: "add buy bread",
    task: /buy bread/i,
    newTask: "New task",
    add: "Add",
    emptyTask: "This field is required.",
    reminderText: "What should Phoenix remind you of?",
    at: "Date and time",
    addReminder: "Add the reminder",
    pastReminder: "Choose a date and time in the future.",
    reminders: "Planned reminders",
    renameTask: /^Edit “buy bread”$/i,
    newTitle: /^New title for/,
    renamed: "Buy wholemeal bread",
    openTasks: "Open tasks",
    editReminder: "Edit the reminder",
    quote: (text: string) => `“${text}”`,
    saveReminder: "Save the reminder",
    startFocus: "Start a session",
    focusRunning: /^A 25-minute session is running/,
    recordEnergy: "Save my level",
    energyQuestion: "How is your energy?",
    noLevel: "Choose an energy level.",
    level3: "3 — OK",
    recentEnergy: "Latest check-ins",
    energy3: "Energy 3/5",
    billing: "Plan",
    upgrade: "Choose Phoenix Premium",
    yourPlan: "Your current plan",
    premium: "Premium",
    invoices: "Invoices",
    yourEntitlements: "What your plan includes",
    manage: "Manage my subscription",
    endsOn: /^Ends on /,
    smsUnlimited: "Texts with the assistant: unlimited",
    iris200: "Iris (coach Alessio): 200 a day",
    paid: "Paid",
    thanks: "Thank you! Your Premium plan is active.",
    privacy: "Privacy",
    analytics: "Audience measurement",
    granted: "Agreed on",
    download: "Download my data",
    deletePassword: "Your password, to confirm",
    understand: "I understand that deletion cannot be undone.",
    deleteAccount: "Delete my account for good",
    wrongPassword: "Wrong e-mail address or password.",
    deleted: "Account deleted",
    login: "Log in",
  },
} as const;

const PASSWORD = "correct horse battery staple";
let counter = 0;
const digits = (n: number) => String(Date.now() * 10 + counter++).slice(-n);
/** A valid mobile number of the country, new to this run. */
const phones = {
  fr: () => ({ country: "FR", national: `06${digits(8)}` }),
  en: () => ({ country: "GB", national: `07400${digits(6)}` }),
};

async function signUp(watched: WatchedPage, language: Language, email: string): Promise<void> {
  const { page } = watched;
  const w = words[language];
  await page.goto(`${platform.stack.url}/app/signup?lang=${language}`);
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password).fill(PASSWORD);
  await page.getByRole("button", { name: w.signup }).click();
  await heading(page, w.onboarding);
}

/** Onboarding: a bad phone first, then a good one; activation until the operator made it Ready. */
async function onboard(watched: WatchedPage, language: Language, email: string): Promise<TestUser> {
  const { page } = watched;
  const w = words[language];
  const { country, national } = phones[language]();
  await page.getByLabel(w.country).selectOption(country);
  const phone = page.getByLabel(w.phone);
  await phone.fill("12");
  await page.getByRole("button", { name: w.save }).click();
  await expectFieldMessage(phone, w.badPhone);
  await phone.fill(national);
  await page.getByLabel(w.quiet).check();
  await page.getByLabel(w.quietStart).fill("22:30");
  await page.getByRole("button", { name: w.save }).click();
  await page.getByText(w.saved).waitFor();
  // The same columns the SMS "quiet 22-7" writes: the workers hold nudges back in that window.
  expect(
    await platform.stack.sms.asSystem("SELECT quiet_start, quiet_end FROM users WHERE email = $1", [email]),
  ).toEqual([{ quiet_start: "22:30", quiet_end: "07:00" }]);
  await page.getByRole("button", { name: w.activate }).click();
  await page.getByText(w.progress).waitFor();
  await page.getByText(w.ready).waitFor({ timeout: 90_000 });
  await expectCleanPage(watched, `number-ready-${language}`);
  const href = (await page.getByRole("link", { name: w.textNow }).getAttribute("href")) ?? "";
  const [user] = await platform.stack.sms.asSystem<{ id: string; phone_e164: string }>(
    "SELECT id, phone_e164 FROM users WHERE email = $1",
    [email],
  );
  return { id: user!.id, phone: user!.phone_e164, number: href.replace(/^sms:/, "") };
}

/** Texts the number; the task shows on the open Today page within 2 s of the agent writing it. */
async function taskBySms(watched: WatchedPage, language: Language, user: TestUser): Promise<void> {
  const { page } = watched;
  const w = words[language];
  await page.getByRole("link", { name: w.today }).click();
  await heading(page, w.today);
  expect((await platform.stack.sms.text(user, w.text)).status).toBe(200);
  await expect
    .poll(
      async () =>
        (
          await platform.stack.sms.asSystem("SELECT 1 FROM tasks WHERE user_id = $1 AND status = 'open'", [
            user.id,
          ])
        ).length,
      { timeout: 30_000 },
    )
    .toBe(1);
  const written = Date.now();
  await page.getByRole("checkbox", { name: w.task }).waitFor({ timeout: 2000 });
  expect(Date.now() - written).toBeLessThanOrEqual(2000);
  await expectCleanPage(watched, `today-${language}`);
}

/** On the page: an empty task and a reminder in the past are refused next to their field; a future one is kept. */
async function todayForms(watched: WatchedPage, language: Language): Promise<void> {
  const { page } = watched;
  const w = words[language];
  await page.getByRole("button", { name: w.add, exact: true }).click();
  await expectFieldMessage(page.getByLabel(w.newTask), w.emptyTask);
  await page.getByLabel(w.reminderText).fill(w.reminder);
  const at = page.getByLabel(w.at);
  await at.fill("2020-01-01T09:00");
  await page.getByRole("button", { name: w.addReminder }).click();
  await expectFieldMessage(at, w.pastReminder);
  await at.fill(`${String(new Date().getFullYear() + 1)}-01-02T09:00`);
  await page.getByRole("button", { name: w.addReminder }).click();
  const reminders = page.getByRole("list", { name: w.reminders });
  await reminders.getByText(w.reminder).waitFor();

  // Edits: the SMS task renamed, the reminder moved to 10:00 (the same reminder, rescheduled).
  await page.getByRole("button", { name: w.renameTask }).click();
  await page.getByLabel(w.newTitle).fill(w.renamed);
  await page.getByRole("list", { name: w.openTasks }).getByRole("button", { name: w.save }).click();
  await page.getByRole("checkbox", { name: w.renamed }).waitFor();
  await page.getByRole("button", { name: `${w.editReminder} ${w.quote(w.reminder)}` }).click();
  await reminders.getByLabel(w.at).fill(`${String(new Date().getFullYear() + 1)}-01-02T10:00`);
  await reminders.getByRole("button", { name: w.saveReminder }).click();
  await reminders.getByText(/10:00|10 h/).waitFor();
  expect(await reminders.getByRole("listitem").count()).toBe(1);

  // A focus session, and an energy check-in (without a level first: refused at the question).
  await page.getByRole("button", { name: w.startFocus }).click();
  await page.getByText(w.focusRunning).waitFor();
  await page.getByRole("button", { name: w.recordEnergy }).click();
  const question = page.getByRole("group", { name: w.energyQuestion });
  await expect.poll(() => describedBy(question)).toBe(w.noLevel);
  await page.getByLabel(w.level3).check();
  await page.getByRole("button", { name: w.recordEnergy }).click();
  await page.getByRole("list", { name: w.recentEnergy }).getByText(w.energy3).waitFor();
}

/** Checkout on the Stripe emulator's hosted page, back to the app, Premium once the webhook came. */
async function upgrade(watched: WatchedPage, language: Language): Promise<void> {
  const { page } = watched;
  const w = words[language];
  await page.getByRole("link", { name: w.billing }).click();
  await heading(page, w.billing);
  await expectCleanPage(watched, `billing-${language}`);
  await page.getByRole("button", { name: w.upgrade }).click();
  await page.waitForURL((url) => url.origin === new URL(platform.stack.stripe.url).origin);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await page.waitForURL(
    (url) => url.origin === platform.stack.url && url.pathname.endsWith("/billing/success"),
  );
  // Back on the client's own route (the API's PUBLIC_APP_URL plus BILLING_SUCCESS_PATH).
  expect(new URL(page.url()).pathname).toBe("/app/billing/success");
  await page.getByText(w.thanks).waitFor({ timeout: 30_000 });
  await page.getByText(w.premium, { exact: true }).waitFor();
  // What Premium gives, per product, from Stripe's entitlements (tools/stripe-catalogue.ts).
  const mine = page.getByRole("list", { name: w.yourEntitlements });
  await mine.getByText(w.smsUnlimited).waitFor();
  await mine.getByText(w.iris200).waitFor();
  // The plans list marks Premium as the user's, and Stripe's invoice is listed, paid.
  await page.getByRole("listitem").filter({ hasText: "Phoenix Premium" }).getByText(w.yourPlan).waitFor();
  await page.getByRole("region", { name: w.invoices }).getByText(w.paid).waitFor();
  await expectCleanPage(watched, `billing-premium-${language}`);

  // The Customer Portal: cancel at the period's end, come back; the page says when Premium ends.
  await page.getByRole("button", { name: w.manage }).click();
  await page.waitForURL((url) => url.origin === new URL(platform.stack.stripe.url).origin);
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await page.getByRole("link", { name: "Return" }).click();
  await heading(page, w.billing);
  expect(new URL(page.url()).pathname).toBe("/app/billing");
  await page.getByText(w.endsOn).waitFor({ timeout: 30_000 });
}

/** Consent granted then kept; the export downloaded and read; the account deleted after re-authentication. */
async function privacy(watched: WatchedPage, language: Language, email: string): Promise<void> {
  const { page } = watched;
  const w = words[language];
  await page.getByRole("link", { name: w.privacy }).click();
  await heading(page, w.privacy);
  await page.getByRole("checkbox", { name: w.analytics }).check();
  await page.getByText(w.granted).waitFor();
  await expectCleanPage(watched, `privacy-${language}`);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: w.download }).click();
  const file = await (await download).path();
  const exported = JSON.parse(await readFile(file, "utf8")) as {
    user: { email: string };
    tables: Record<string, unknown[]>;
  };
  expect(exported.user.email).toBe(email);
  expect(JSON.stringify(exported.tables)).toMatch(w.task);

  const password = page.getByLabel(w.deletePassword);
  await password.fill("not my password");
  await page.getByLabel(w.understand).check();
  await page.getByRole("button", { name: w.deleteAccount }).click();
  await expectFieldMessage(password, w.wrongPassword);
  await password.fill(PASSWORD);
  await page.getByRole("button", { name: w.deleteAccount }).click();
  await heading(page, w.deleted);
  await expectCleanPage(watched, `deleted-${language}`);
  // The session ended with the account: a signed-in page now asks to log in.
  await page.goto(`${platform.stack.url}/app/today?lang=${language}`);
  await heading(page, w.login);
  expect(await platform.stack.sms.asSystem("SELECT 1 FROM users WHERE email = $1", [email])).toEqual([]);
}

describe.each(["fr", "en"] as const)("the app in %s", (language) => {
  it("signup → onboarding → number Ready → a task by SMS on Today within 2 s → Checkout → export → deletion", async () => {
    const watched = await openAppPage(platform.browser, language);
    const email = `journey-${language}-${digits(9)}@example.com`;
    try {
      await signUp(watched, language, email);
      const user = await onboard(watched, language, email);
      await taskBySms(watched, language, user);
      await todayForms(watched, language);
      await upgrade(watched, language);
      await privacy(watched, language, email);
    } finally {
      await watched.close();
    }
  }, 240_000);
});
