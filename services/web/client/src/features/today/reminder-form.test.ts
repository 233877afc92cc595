import { describe, expect, it } from "vitest";
import { draftOf, reminderBody } from "./reminder-form.ts";
import type { ReminderDraft } from "./reminder-form.ts";

const now = new Date("2026-12-05T10:00:00Z");
const draft = (over: Partial<ReminderDraft>): ReminderDraft => ({
  text: "Appeler Pôle emploi",
  kind: "once",
  at: "2026-12-06T09:00",
  freq: "daily",
  weekdays: [],
  time: "09:00",
  ...over,
});

describe("a new reminder from the form", () => {
  it("is a one-off at the wall time in the user's zone", () => {
    expect(reminderBody(draft({}), "Europe/Paris", now)).toEqual({
      text: "Appeler Pôle emploi",
      at: "2026-12-06T08:00:00.000Z",
    });
  });

  it("is a repeating rule, weekly ones with their days in order", () => {
    expect(reminderBody(draft({ kind: "repeat", freq: "weekdays" }), "Europe/Paris", now)).toEqual({
      text: "Appeler Pôle emploi",
      repeat: { freq: "weekdays", time: "09:00" },
    });
    expect(
      reminderBody(draft({ kind: "repeat", freq: "weekly", weekdays: [5, 1] }), "Europe/Paris", now),
    ).toEqual({
      text: "Appeler Pôle emploi",
      repeat: { freq: "weekly", weekdays: [1, 5], time: "09:00" },
    });
  });

  it("names the field that is wrong", () => {
    expect(reminderBody(draft({ text: "  " }), "Europe/Paris", now)).toMatchObject({ field: "text" });
    expect(reminderBody(draft({ at: "" }), "Europe/Paris", now)).toMatchObject({ field: "at" });
    expect(reminderBody(draft({ at: "2026-12-05T09:00" }), "Europe/Paris", now)).toEqual({
      code: "due_in_past",
      field: "at",
    });
    expect(reminderBody(draft({ kind: "repeat", time: "9h" }), "Europe/Paris", now)).toMatchObject({
      field: "time",
    });
    expect(reminderBody(draft({ kind: "repeat", freq: "weekly" }), "Europe/Paris", now)).toMatchObject({
      field: "repeat",
    });
  });
});

describe("an existing reminder in the form", () => {
  it("shows a one-off's time in the user's zone, and a rule as it is", () => {
    const base = { id: "r", status: "pending" as const, firedCount: 0, lastFiredAt: null };
    expect(
      draftOf({ ...base, text: "Pain", dueAt: "2026-12-06T08:00:00.000Z", repeat: null }, "Europe/Paris"),
    ).toMatchObject({ kind: "once", at: "2026-12-06T09:00", text: "Pain" });
    expect(
      draftOf(
        {
          ...base,
          text: "Pills",
          dueAt: "2026-12-07T20:00:00.000Z",
          repeat: { freq: "weekly", weekdays: [1, 4], time: "21:00" },
        },
        "Europe/Paris",
      ),
    ).toMatchObject({ kind: "repeat", freq: "weekly", weekdays: [1, 4], time: "21:00" });
  });
});
