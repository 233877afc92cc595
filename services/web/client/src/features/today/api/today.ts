// Today's calls: the page's state (polled with its ETag, ADR 0050/0055), and every change the page
// makes — the API applies them with the agent's own code, so the SMS assistant sees them at once.
import { api } from "../../../app/api.ts";
import { ProblemError, problemOf, unwrap } from "../../../app/problems.ts";
import type { components, paths } from "../../../api/schema.d.ts";

export type Today = components["schemas"]["Today"];
export type Task = components["schemas"]["Task"];
export type Reminder = components["schemas"]["Reminder"];
export type Repeat = components["schemas"]["Repeat"];
export type EnergyCheckin = components["schemas"]["EnergyCheckin"];
export type NewReminder = NonNullable<
  paths["/v1/today/reminders"]["post"]["requestBody"]
>["content"]["application/json"];

/** The page's state, or "unchanged" when the ETag still matches (a 304: one primary-key read). */
export async function pollToday(
  etag: string | undefined,
): Promise<{ today: Today; etag: string } | "unchanged"> {
  const { data, error, response } = await api.GET("/v1/today", {
    params: { header: etag === undefined ? {} : { "if-none-match": etag } },
    // The page keeps the last state itself; the HTTP cache must not answer for the API.
    cache: "no-store",
  });
  if (response.status === 304) return "unchanged";
  if (!data) throw new ProblemError(problemOf(response.status, error));
  return { today: data, etag: response.headers.get("etag") ?? "" };
}

const byId = (id: string) => ({ params: { path: { id } } });

export const addTask = (title: string) => unwrap(api.POST("/v1/today/tasks", { body: { title } }));
export const setTaskDone = (id: string, done: boolean) =>
  unwrap(api.PATCH("/v1/today/tasks/{id}", { ...byId(id), body: { done } }));
export const deleteTask = (id: string) => unwrap(api.DELETE("/v1/today/tasks/{id}", byId(id)));

export const addReminder = (body: NewReminder) => unwrap(api.POST("/v1/today/reminders", { body }));
export const editReminder = (id: string, body: NewReminder) =>
  unwrap(api.PATCH("/v1/today/reminders/{id}", { ...byId(id), body }));
export const renameTask = (id: string, title: string) =>
  unwrap(api.PATCH("/v1/today/tasks/{id}", { ...byId(id), body: { title } }));
export const cancelReminder = (id: string) => unwrap(api.DELETE("/v1/today/reminders/{id}", byId(id)));

export const startFocus = (minutes: number) => unwrap(api.POST("/v1/today/focus", { body: { minutes } }));
export const stopFocus = () => unwrap(api.DELETE("/v1/today/focus"));

export const recordEnergy = (level: number, note: string) =>
  unwrap(api.POST("/v1/today/energy", { body: { level, ...(note.trim() !== "" && { note: note.trim() }) } }));
