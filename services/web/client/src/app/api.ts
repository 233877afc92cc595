// The one API client: typed from the API's OpenAPI document (../api/schema.d.ts, generated), same
// origin (/v1/...). The access token lives in this module's memory only; the refresh token is the
// API's httpOnly cookie (ADR 0049), so page JavaScript never holds anything that survives a reload.
// A 401 on a signed-in call refreshes once (one refresh at a time) and retries the request once.
import createClient from "openapi-fetch";
import type { paths } from "../api/schema.d.ts";

let accessToken: string | undefined;
let expiresAt = 0;
const sessionEndListeners = new Set<() => void>();

/** Cookie mode and its CSRF proof, on the auth routes only: the cookie's Path is /v1/auth. */
const cookieHeaders = { "X-Phoenix-Client": "web", "X-Phoenix-CSRF": "1" } as const;
const isAuthRoute = (url: string) => new URL(url, location.href).pathname.startsWith("/v1/auth/");

function send(request: Request): Promise<Response> {
  if (isAuthRoute(request.url)) {
    for (const [name, value] of Object.entries(cookieHeaders)) request.headers.set(name, value);
  }
  // An expired token would make the API refuse even the routes that work without one (logout).
  if (accessToken !== undefined && Date.now() < expiresAt && !request.headers.has("authorization"))
    request.headers.set("authorization", `Bearer ${accessToken}`);
  return fetch(request);
}

async function sendWithRefresh(request: Request): Promise<Response> {
  const retry = request.clone();
  const signedIn = accessToken !== undefined;
  const response = await send(request);
  if (response.status !== 401 || !signedIn || isAuthRoute(request.url)) return response;
  if (!(await refreshSession())) {
    endSession();
    return response;
  }
  return send(retry);
}

export const api = createClient<paths>({ fetch: sendWithRefresh });

/** Keeps a new token pair's access token (the refresh token is in the cookie). */
export function startSession(tokens: { accessToken: string; expiresIn: number }): void {
  accessToken = tokens.accessToken;
  // A few seconds early: the clock of the page and of the API differ a little.
  expiresAt = Date.now() + Math.max(0, tokens.expiresIn - 5) * 1000;
}

/** Forgets the access token and tells the shell (which shows the login page). */
export function endSession(): void {
  const wasSignedIn = accessToken !== undefined;
  accessToken = undefined;
  expiresAt = 0;
  if (wasSignedIn) for (const listener of sessionEndListeners) listener();
}

export function onSessionEnd(listener: () => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

let refreshing: Promise<boolean> | undefined;

/** Exchanges the refresh cookie for a new access token; false when there is no valid session. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= api
    .POST("/v1/auth/refresh", { body: {} })
    .then(({ data }) => {
      if (data) startSession(data);
      return data !== undefined;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

export async function logout(): Promise<void> {
  await api.POST("/v1/auth/logout").catch(() => undefined);
  endSession();
}
