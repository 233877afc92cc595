// The web app's HTTP surface (apps.md §2): the public pages rendered here in French and English,
// the consent banner's form, the site's stylesheet, and the signed-in client (/app/*) built by
// Vite. No business logic: the client talks to the APIs on the same origin.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import {
  CONSENT_COOKIE,
  CONSENT_MAX_AGE_SECONDS,
  choicesFromForm,
  decodeChoices,
  encodeChoices,
} from "./consent.ts";
import { html, toString } from "./html.ts";
import { defaultLanguage, isLanguage, languages } from "./i18n.ts";
import type { Language, Translator } from "./i18n.ts";
import { layout } from "./pages/layout.ts";
import { pageBodies } from "./pages/public.ts";
import { pageIds, pathOf } from "./pages/routes.ts";
import type { PageId } from "./pages/routes.ts";
import type { PlanSource } from "./plans.ts";
import { addSecurityHeaders, fromOurPages } from "./security.ts";

export const publicDir = fileURLToPath(new URL("../public", import.meta.url));
export const defaultClientDir = fileURLToPath(new URL("../dist/client", import.meta.url));

export interface WebOptions {
  translators: Record<Language, Translator>;
  plans: PlanSource;
  /** The public origin (scheme://host[:port]) the browser sees. */
  publicBaseUrl: string;
  /** The built client; its index.html answers every /app/* path. */
  clientDir: string;
}

const FORM = "application/x-www-form-urlencoded";

export function webRoutes(options: WebOptions): FastifyPluginAsync {
  const { translators, plans, publicBaseUrl, clientDir } = options;
  const publicOrigin = new URL(publicBaseUrl).origin;

  return async (app: FastifyInstance) => {
    addSecurityHeaders(app);
    await app.register(fastifyCookie);
    app.addContentTypeParser(FORM, { parseAs: "string", bodyLimit: 4096 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    await app.register(fastifyStatic, { root: publicDir, prefix: "/static/", maxAge: "1h" });
    await app.register(fastifyStatic, {
      root: path.join(clientDir, "assets"),
      prefix: "/app/assets/",
      decorateReply: false,
      // Vite names assets by content hash: a name never changes content.
      immutable: true,
      maxAge: "365d",
    });

    const sendPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      page: PageId,
      language: Language,
    ) => {
      const t = translators[language];
      const consent = decodeChoices(request.cookies[CONSENT_COOKIE]);
      const query = request.query as Record<string, string | undefined>;
      const content = pageBodies[page]({
        t,
        consent,
        plans: page === "pricing" ? await plans.get() : null,
        saved: query.saved === "1",
      });
      return reply
        .type("text/html; charset=utf-8")
        .header("content-language", language)
        .header("cache-control", "no-cache")
        .send(toString(layout({ t, page, baseUrl: publicBaseUrl, consent, ...content })));
    };

    for (const page of pageIds)
      for (const language of languages)
        app.get(pathOf(page, language), (request, reply) => sendPage(request, reply, page, language));

    app.post("/consent", async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      const language = isLanguage(form.lang) ? form.lang : defaultLanguage;
      const t = translators[language];
      if (!fromOurPages(request, publicOrigin)) return errorPage(reply, t, 403, "errors.crossSite");
      const choices = choicesFromForm(form);
      const page = pageIds.find((p) => p === form.page);
      if (choices === null || page === undefined) return errorPage(reply, t, 400, "errors.badRequest");
      reply.setCookie(CONSENT_COOKIE, encodeChoices(choices), {
        path: "/",
        maxAge: CONSENT_MAX_AGE_SECONDS,
        sameSite: "lax",
        secure: publicOrigin.startsWith("https:"),
        // The client reads it to record the same choices through the API once signed in.
        httpOnly: false,
      });
      return reply.redirect(
        page === "cookies" ? `${pathOf(page, language)}?saved=1` : pathOf(page, language),
        303,
      );
    });

    clientRoutes(app, clientDir);

    // A page nobody has: a 404 page in the path's language for a browser (the kernel's not-found
    // handler, which answers JSON, is the root's and cannot be replaced from here).
    app.get("/*", (request, reply) => {
      const language: Language =
        request.url === "/en" || request.url.startsWith("/en/") ? "en" : defaultLanguage;
      if (!(request.headers.accept ?? "").includes("text/html"))
        return reply.code(404).send({ error: "not_found", message: `Route GET ${request.url} not found` });
      return errorPage(reply, translators[language], 404, "errors.notFound");
    });
  };
}

/** The client: every /app path is its index.html (client-side routes). */
function clientRoutes(app: FastifyInstance, clientDir: string) {
  // Never cached, so a new release's asset names are picked up at once.
  const indexFile = path.join(clientDir, "index.html");
  const sendClient = (_request: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(indexFile))
      return reply.code(503).type("text/plain; charset=utf-8").send("client not built");
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(readFileSync(indexFile));
  };
  app.get("/app", sendClient);
  app.get("/app/*", sendClient);
}

function errorPage(reply: FastifyReply, t: Translator, status: number, key: string) {
  const title = status === 404 ? t.t("errors.notFoundTitle") : t.t(key);
  const body = html`<!doctype html>
    <html lang="${t.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — ${t.t("product")}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/site.css" />
      </head>
      <body>
        <main id="main">
          <h1>${title}</h1>
          <p>${t.t(key)}</p>
          <p><a href="${pathOf("landing", t.language)}">${t.t("errors.backHome")}</a></p>
        </main>
      </body>
    </html>`;
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("content-language", t.language)
    .send(toString(body));
}
