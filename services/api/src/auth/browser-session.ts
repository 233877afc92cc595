// The browser's session (apps.md §3, ADR 0049): a web client asks for cookie mode with
// `X-Phoenix-Client: web`; its refresh token then rides an httpOnly, Secure, SameSite=Strict cookie
// scoped to /v1/auth and never appears in a body page JavaScript could read. Every request that
// uses the cookie, or asks for it, must prove it comes from the app's own pages: a custom header a
// cross-site form cannot send, and a same-origin Origin / Sec-Fetch-Site when the browser sends them.
import { HttpError } from "@phoenix/kernel/http";
import type { FastifyReply, FastifyRequest } from "fastify";

export const REFRESH_COOKIE = "phoenix_refresh";
export const REFRESH_COOKIE_PATH = "/v1/auth";
export const CLIENT_HEADER = "x-phoenix-client";
export const CSRF_HEADER = "x-phoenix-csrf";

/** The client asked for cookie mode (a web page). */
export const wantsCookie = (request: FastifyRequest): boolean =>
  request.headers[CLIENT_HEADER]?.toString().toLowerCase() === "web";

/** The refresh token the browser's cookie carries, if any. */
export const refreshCookie = (request: FastifyRequest): string | undefined => {
  const value = request.cookies[REFRESH_COOKIE];
  return value === undefined || value === "" ? undefined : value;
};

const refuse = (message: string) => new HttpError(403, "csrf_rejected", message);

/**
 * Refuses a cookie-mode request that a cross-site page could have made. The custom header alone
 * suffices against forms and simple requests (a cross-site fetch with it needs a CORS preflight the
 * API never grants); Origin and Sec-Fetch-Site are checked too when present, as defence in depth.
 * `allowedOrigins` are the web app's origins besides the request's own host.
 */
export function checkSameOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (request.headers[CSRF_HEADER] !== "1")
    throw refuse(`a cookie-authenticated request needs the header X-Phoenix-CSRF: 1`);
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin")
    throw refuse(`cross-site request refused (Sec-Fetch-Site: ${site})`);
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!sameHost(origin, request.headers.host) && !allowedOrigins.includes(origin))
    throw refuse(`cross-site request refused (Origin ${origin})`);
}

/** Origin names the host the request was sent to (default ports folded: localhost:80 is localhost). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

export function setRefreshCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    // Browsers accept Secure cookies from http://localhost and http://127.0.0.1 too.
    secure: true,
    sameSite: "strict",
    path: REFRESH_COOKIE_PATH,
    maxAge: maxAgeSeconds,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    secure: true,
    sameSite: "strict",
    path: REFRESH_COOKIE_PATH,
  });
}

/**
 * A token pair as the client asked for it: in cookie mode the refresh token goes into the cookie
 * and leaves the body.
 */
export function deliver<T extends { refreshToken: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  pair: T,
  maxAgeSeconds: number,
): Omit<T, "refreshToken"> | T {
  if (!wantsCookie(request)) return pair;
  setRefreshCookie(reply, pair.refreshToken, maxAgeSeconds);
  const { refreshToken: _inCookie, ...rest } = pair;
  return rest;
}
