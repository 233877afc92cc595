// Twilio posts webhooks as application/x-www-form-urlencoded. The signature covers every param as
// received, so the parser keeps repeated names as arrays instead of dropping values.
import type { FastifyInstance } from "fastify";

export type FormBody = Record<string, string | string[]>;

export function parseForm(text: string): FormBody {
  const form: FormBody = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = form[name];
    if (existing === undefined) form[name] = value;
    else form[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return form;
}

export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      done(null, parseForm(body as string));
    },
  );
}

export function single(form: FormBody, name: string): string | undefined {
  const value = form[name];
  return Array.isArray(value) ? value[0] : value;
}
