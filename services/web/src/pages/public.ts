// The bodies of the public pages, from the "public" catalogue. Text only: every value is escaped.
import { html } from "../html.ts";
import type { Html } from "../html.ts";
import type { Translator } from "../i18n.ts";
import type { Choices } from "../consent.ts";
import type { Plan, Product } from "../plans.ts";
import { products } from "../plans.ts";
import { consentForm } from "./layout.ts";
import { appPath, pathOf } from "./routes.ts";
import type { PageId } from "./routes.ts";

interface Titled {
  title: string;
  text: string;
}

const cards = (items: Titled[], tag: "h2" | "h3" = "h2") =>
  items.map(
    (item) =>
      html`<section class="card">
        ${tag === "h2" ? html`<h2>${item.title}</h2>` : html`<h3>${item.title}</h3>`}
        <p>${item.text}</p>
      </section>`,
  );

export interface PageContent {
  title: string;
  description: string;
  body: Html;
}

export interface PageInput {
  t: Translator;
  /** The plans for the pricing page; null when the API could not give them. */
  plans: Plan[] | null;
  consent: Choices | null;
  /** The cookies page after a choice was saved. */
  saved: boolean;
}

const meta = (t: Translator, key: string) => ({
  title: t.t(`public:${key}.title`),
  description: t.t(`public:${key}.description`),
});

export const pageBodies: Record<PageId, (input: PageInput) => PageContent> = {
  landing: ({ t }) => ({
    ...meta(t, "landing"),
    body: html`<section class="hero">
        <h1>${t.t("public:landing.heading")}</h1>
        <p class="lead">${t.t("public:landing.lead")}</p>
        <p class="actions">
          <a class="button" href="${appPath("signup", t.language)}">${t.t("public:landing.cta")}</a>
          <a href="${pathOf("howItWorks", t.language)}">${t.t("public:landing.secondaryCta")}</a>
        </p>
      </section>
      <div class="grid">${cards(t.list<Titled>("public:landing.features"))}</div>`,
  }),
  howItWorks: ({ t }) => ({
    ...meta(t, "howItWorks"),
    body: html`<h1>${t.t("public:howItWorks.heading")}</h1>
      <ol class="steps">
        ${t.list<Titled>("public:howItWorks.steps").map(
          (s) =>
            html`<li>
              <h2>${s.title}</h2>
              <p>${s.text}</p>
            </li>`,
        )}
      </ol>
      <p><a class="button" href="${appPath("signup", t.language)}">${t.t("public:landing.cta")}</a></p>`,
  }),
  pricing: ({ t, plans }) => ({
    ...meta(t, "pricing"),
    body: html`<h1>${t.t("public:pricing.heading")}</h1>
      <p class="lead">${t.t("public:pricing.lead")}</p>
      ${plans === null ? html`<p role="status">${t.t("public:pricing.unavailable")}</p>` : html`<div class="grid plans">${plans.map((plan) => planCard(t, plan))}</div>`}`,
  }),
  faq: ({ t }) => ({
    ...meta(t, "faq"),
    body: html`<h1>${t.t("public:faq.heading")}</h1>
      ${t.list<{ q: string; a: string }>("public:faq.items").map(
        (item) =>
          html`<details>
            <summary>${item.q}</summary>
            <p>${item.a}</p>
          </details>`,
      )}`,
  }),
  legal: ({ t }) => ({
    ...meta(t, "legal"),
    body: html`<h1>${t.t("public:legal.heading")}</h1>
      ${cards(t.list<Titled>("public:legal.sections"))}`,
  }),
  privacy: ({ t }) => ({
    ...meta(t, "privacy"),
    body: html`<h1>${t.t("public:privacy.heading")}</h1>
      ${cards(t.list<Titled>("public:privacy.sections"))}`,
  }),
  cookies: ({ t, consent, saved }) => ({
    title: `${t.t("consent.title")} — ${t.t("product")}`,
    description: t.t("consent.intro"),
    body: html`<h1>${t.t("consent.title")}</h1>
      ${saved ? html`<p role="status">${t.t("consent.saved")}</p>` : ""} ${consentForm(t, "cookies", consent)}`,
  }),
};

function money(t: Translator, amount: number, currency: string): string {
  const locale = t.language === "fr" ? "fr-FR" : "en-GB";
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(
    amount / 100,
  );
}

function limit(t: Translator, product: Product, plan: Plan): string {
  const entitlement = (
    plan.entitlements as Partial<Record<Product, { limit: number | null; period: string }>>
  )[product];
  if (entitlement === undefined) return t.t("public:pricing.limits.none");
  if (entitlement.limit === null) return t.t("public:pricing.limits.unlimited");
  return t.t(
    entitlement.period === "day" ? "public:pricing.limits.perDay" : "public:pricing.limits.perMonth",
    {
      count: entitlement.limit,
    },
  );
}

/** The API's own free plan (no Stripe product): named from the catalogue, in the reader's language. */
const FREE_PLAN = "free";

function planCard(t: Translator, plan: Plan): Html {
  const price =
    plan.amount === 0
      ? t.t("public:pricing.free")
      : `${money(t, plan.amount, plan.currency)} ${t.t(plan.interval === "year" ? "public:pricing.perYear" : "public:pricing.perMonth")}`;
  return html`<section class="card plan" aria-labelledby="plan-${plan.id}">
    <h2 id="plan-${plan.id}">${plan.id === FREE_PLAN ? t.t("public:pricing.free") : plan.name}</h2>
    <p class="price">${price}</p>
    <h3>${t.t("public:pricing.includes")}</h3>
    <dl>
      ${products.map(
        (p) =>
          html`<dt>${t.t(`public:pricing.entitlements.${p}`)}</dt>
            <dd>${limit(t, p, plan)}</dd>`,
      )}
    </dl>
    <p><a class="button" href="${appPath("signup", t.language)}">${t.t("public:pricing.choose")}</a></p>
  </section>`;
}
