// The frame of every public page: lang, hreflang alternates, canonical link, skip link, header with
// the navigation and the language switch, the consent banner while no choice is stored, footer.
// No script at all: the pages read, and the banner works, without JavaScript.
import { html } from "../html.ts";
import type { Html } from "../html.ts";
import { languages } from "../i18n.ts";
import type { Translator } from "../i18n.ts";
import { purposes } from "../consent.ts";
import type { Choices } from "../consent.ts";
import { appPath, pathOf } from "./routes.ts";
import type { PageId } from "./routes.ts";

export interface PageFrame {
  t: Translator;
  page: PageId;
  title: string;
  description: string;
  /** The public origin, for canonical and hreflang links (absolute, as search engines want them). */
  baseUrl: string;
  /** Stored consent choices; null shows the banner. */
  consent: Choices | null;
  body: Html;
}

const nav: { page: PageId; key: string }[] = [
  { page: "howItWorks", key: "nav.howItWorks" },
  { page: "pricing", key: "nav.pricing" },
  { page: "faq", key: "nav.faq" },
];

export function layout(frame: PageFrame): Html {
  const { t, page, baseUrl } = frame;
  const lang = t.language;
  const other = lang === "fr" ? "en" : "fr";
  const url = (p: PageId, l: typeof lang) => new URL(pathOf(p, l), baseUrl).href;
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title}</title>
        <meta name="description" content="${frame.description}" />
        <link rel="canonical" href="${url(page, lang)}" />
        ${languages.map((l) => html`<link rel="alternate" hreflang="${l}" href="${url(page, l)}" />`)}
        <link rel="alternate" hreflang="x-default" href="${url(page, "fr")}" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/site.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t.t("skipToContent")}</a>
        <header class="site-header">
          <a class="brand" href="${pathOf("landing", lang)}">${t.t("product")}</a>
          <nav aria-label="${t.t("nav.label")}">
            <ul>
              ${nav.map(
                (n) =>
                  html`<li>
                    <a href="${pathOf(n.page, lang)}" ${n.page === page ? html` aria-current="page"` : ""}
                      >${t.t(n.key)}</a
                    >
                  </li>`,
              )}
              <li><a href="${appPath("login", lang)}">${t.t("nav.login")}</a></li>
              <li><a class="button" href="${appPath("signup", lang)}">${t.t("nav.signup")}</a></li>
            </ul>
          </nav>
          <a class="language" href="${pathOf(page, other)}" hreflang="${other}" lang="${other}"
            >${t.t("language.switchTo")}</a
          >
        </header>
        ${frame.consent === null ? consentForm(t, page, null) : ""}
        <main id="main" tabindex="-1">${frame.body}</main>
        <footer class="site-footer">
          <nav aria-label="${t.t("footer.label")}">
            <ul>
              <li><a href="${pathOf("legal", lang)}">${t.t("footer.legal")}</a></li>
              <li><a href="${pathOf("privacy", lang)}">${t.t("footer.privacy")}</a></li>
              <li><a href="${pathOf("cookies", lang)}">${t.t("footer.cookies")}</a></li>
            </ul>
          </nav>
          <p>${t.t("footer.copyright")}</p>
        </footer>
      </body>
    </html>`;
}

/** The banner (and the cookies page): a plain form posted to /consent, which returns to `page`. */
export function consentForm(t: Translator, page: PageId, current: Choices | null): Html {
  return html`<section class="consent" aria-labelledby="consent-title">
    <h2 id="consent-title">${t.t("consent.title")}</h2>
    <p>${t.t("consent.intro")}</p>
    <form method="post" action="/consent">
      <input type="hidden" name="page" value="${page}" />
      <input type="hidden" name="lang" value="${t.language}" />
      <fieldset>
        <legend class="visually-hidden">${t.t("consent.title")}</legend>
        <p>
          <input type="checkbox" id="consent-necessary" checked disabled />
          <label for="consent-necessary">${t.t("consent.necessary")}</label>
        </p>
        ${purposes.map(
          (p) =>
            html`<p>
              <input type="checkbox" id="consent-${p}" name="${p}" ${current?.[p] ? html` checked` : ""} />
              <label for="consent-${p}">${t.t(`consent.${p}`)}</label>
            </p>`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" name="choice" value="reject">${t.t("consent.rejectAll")}</button>
        <button type="submit" name="choice" value="save">${t.t("consent.save")}</button>
        <button type="submit" name="choice" value="accept">${t.t("consent.acceptAll")}</button>
      </div>
    </form>
  </section>`;
}
