// Admin's calls (role admin, and a session signed in with MFA): users, key sets, rate limits.
import { api } from "../../../app/api.ts";
import { unwrap } from "../../../app/problems.ts";
import type { paths } from "../../../api/schema.d.ts";

export type UserQuery = NonNullable<paths["/v1/admin/users"]["get"]["parameters"]["query"]>;
export type RateLimitScope = "api" | "login";

export const findUsers = (query: UserQuery) => unwrap(api.GET("/v1/admin/users", { params: { query } }));
export type AdminUser = Awaited<ReturnType<typeof findUsers>>[number];

export const getKeySets = () => unwrap(api.GET("/v1/admin/keys"));
export type KeySet = Awaited<ReturnType<typeof getKeySets>>["jwt"];

export const resetRateLimit = (scope: RateLimitScope, subject: string) =>
  unwrap(api.DELETE("/v1/admin/rate-limits/{scope}/{subject}", { params: { path: { scope, subject } } }));
