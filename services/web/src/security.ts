// Browser security for every response (apps.md §3): a strict Content-Security-Policy without
// 'unsafe-inline' or 'unsafe-eval', no framing, no MIME sniffing, no referrer leaking a path to
// another origin; and the cross-site check of state-changing form posts.
import type { FastifyInstance, FastifyRequest } from "fastify";

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // The TOTP enrolment's QR code is a data: image.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_request, reply) => {
    for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
  });
}

/**
 * True when a state-changing request comes from our own pages: the browser says so with
 * Sec-Fetch-Site, or, for an older browser, with an Origin equal to the public origin. A request
 * with neither (curl, a test) is a first-party tool, not a cross-site page.
 */
export function fromOurPages(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin" || site === "none";
  const origin = request.headers.origin;
  return origin === undefined || origin === publicOrigin;
}
