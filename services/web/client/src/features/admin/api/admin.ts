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

export const getEventStatus = () => unwrap(api.GET("/v1/admin/events/status"));
export type EventStatus = Awaited<ReturnType<typeof getEventStatus>>;
export const processEventsNow = () => unwrap(api.POST("/v1/admin/events/process"));
export type ReprocessBody = NonNullable<
  paths["/v1/admin/events/reprocess"]["post"]["requestBody"]
>["content"]["application/json"];
export const reprocessEvents = (body: ReprocessBody) =>
  unwrap(api.POST("/v1/admin/events/reprocess", { body }));
export const getDailyEvents = (days: number) =>
  unwrap(api.GET("/v1/admin/events/daily", { params: { query: { days } } }));
export type DailyCount = Awaited<ReturnType<typeof getDailyEvents>>[number];
