// /v1/today: the user's tasks, reminders, focus session and energy check-ins, read and changed from
// the web app. Every change goes through the store's applyChanges — the agent's own code — in the
// user's transaction, with its event (source_app "web"); its jobs (a reminder's SMS, a focus
// session's end) are enqueued after commit on the same queues, so the workers fire them exactly as
// they fire what was set by SMS. GET answers 304 to a poll whose ETag still matches (ADR 0050).
import { randomUUID } from "node:crypto";
import { MAX_FOCUS_MINUTES, MAX_TITLE, nextOccurrence } from "@phoenix/assistant";
import { HttpError } from "@phoenix/kernel/http";
import { applyChanges, enqueueAfterCommit, withUser } from "@phoenix/store";
import type { Change, Tx } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import type { ApiContext } from "../context.ts";
import type { RateConfig } from "../rate-limit/http.ts";
import { NoContent, Timestamp, Uuid, bearer, withErrors } from "../schemas.ts";
import {
  etagOf,
  loadToday,
  lockReminder,
  readEnergy,
  readFocus,
  readReminder,
  readTask,
  recentEnergy,
  todayVersion,
} from "./view.ts";
import type { RepeatRule } from "./view.ts";

const Text = (description: string) =>
  Type.String({ minLength: 1, maxLength: MAX_TITLE, pattern: "\\S", description });
const IdParams = Type.Object({ id: Uuid });
const NewTask = Type.Object({ title: Text("What to do.") }, { additionalProperties: false });
const TaskPatch = Type.Object(
  {
    title: Type.Optional(Text("The new title.")),
    done: Type.Optional(Type.Boolean({ description: "true completes the task, false reopens it." })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const At = { ...Timestamp, description: "A one-off reminder's time; must be in the future." };
const NewReminder = Type.Object(
  {
    text: Text("What to remind of; the SMS reads 'Reminder: <text>'."),
    at: Type.Optional(At),
    repeat: Type.Optional(Type.Ref("Repeat")),
  },
  { additionalProperties: false, description: "Exactly one of at (one-off) and repeat." },
);
const ReminderPatch = Type.Object(
  {
    text: Type.Optional(Text("The new text.")),
    at: Type.Optional(At),
    repeat: Type.Optional(Type.Ref("Repeat")),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      "At most one of at (it becomes a one-off at that time) and repeat (it repeats by that rule).",
  },
);
const NewFocus = Type.Object(
  { minutes: Type.Integer({ minimum: 1, maximum: MAX_FOCUS_MINUTES }) },
  { additionalProperties: false },
);
const NewEnergy = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 5, description: "1 = empty … 5 = full of energy." }),
    note: Type.Optional(Type.String({ maxLength: MAX_TITLE })),
  },
  { additionalProperties: false },
);
const EnergyQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 30 }) });

type Subject = "task" | "reminder" | "focus" | "energy";
const notFound = (subject: Subject) =>
  new HttpError(
    404,
    `${subject}_not_found`,
    subject === "focus"
      ? "no focus session is running"
      : `no such ${subject} (or not in a state that allows this)`,
  );

function validRepeat(repeat: RepeatRule): RepeatRule {
  if (repeat.freq !== "weekly") return { freq: repeat.freq, time: repeat.time };
  if (!repeat.weekdays)
    throw new HttpError(400, "validation_error", "body/repeat/weekdays is required for weekly");
  return { freq: "weekly", weekdays: [...repeat.weekdays].sort((a, b) => a - b), time: repeat.time };
}

/** A reminder is timed by at or by a rule, never both. */
function oneTime<B extends { at?: string; repeat?: RepeatRule }>(body: B): B {
  if (body.at !== undefined && body.repeat !== undefined)
    throw new HttpError(400, "validation_error", "body must have at or repeat, not both");
  return body;
}

function futureAt(at: string, now: Date): Date {
  const dueAt = new Date(at);
  if (dueAt.getTime() <= now.getTime())
    throw new HttpError(400, "due_in_past", "body/at must be in the future");
  return dueAt;
}

/** When a reminder fires first: its one-off time, or its rule's next firing in the user's zone. */
function firstDue(
  tx: Tx,
  userId: string,
  when: { at: string | undefined; repeat: RepeatRule | null; now: Date },
): Promise<Date> {
  const { at, repeat, now } = when;
  if (repeat) return zoneOf(tx, userId).then((zone) => nextOccurrence(repeat, now, zone));
  if (at === undefined)
    throw new HttpError(400, "validation_error", "body/at is required for a one-off reminder");
  return Promise.resolve(futureAt(at, now));
}

type ReminderEdit = Static<typeof ReminderPatch> & { repeat?: RepeatRule };

/** The reminder as edited: what the body leaves out stays; a new time or rule is timed again. */
async function reminderUpdate(
  tx: Tx,
  edit: { userId: string; reminderId: string; body: ReminderEdit; now: Date },
): Promise<Change> {
  const { userId, reminderId, body, now } = edit;
  const current = await lockReminder(tx, reminderId);
  if (!current || current.status === "cancelled") throw notFound("reminder");
  // A new time makes it a one-off, a new rule a repeating one; neither keeps what it was.
  const rule = body.repeat ? validRepeat(body.repeat) : body.at === undefined ? current.repeat : null;
  const retimed = body.at !== undefined || body.repeat !== undefined;
  // Only the text changes: the time stays, and must still be ahead (a fired one-off needs a new at).
  const dueAt = retimed
    ? await firstDue(tx, userId, { at: body.at, repeat: rule, now })
    : futureAt(current.dueAt, now);
  const text = body.text?.trim() ?? current.text;
  return { type: "reminder.update", reminderId, text, dueAt, recurrence: rule };
}

async function zoneOf(tx: Tx, userId: string): Promise<string> {
  const { rows } = await tx.query<{ time_zone: string }>("SELECT time_zone FROM users WHERE id = $1", [
    userId,
  ]);
  if (!rows[0]) throw new HttpError(404, "user_not_found", "the account no longer exists");
  return rows[0].time_zone;
}

type ChangeFn = <T>(
  userId: string,
  subject: Subject,
  build: (tx: Tx, now: Date) => Promise<Change[]> | Change[],
  read: (tx: Tx, id: string) => Promise<T | undefined>,
) => Promise<T>;

function changer(context: ApiContext): ChangeFn {
  const { pool, queues } = context;
  /**
   * Applies changes as the web app in the user's transaction, then `read` in it (the response);
   * a change that matched nothing is a 404 and rolls everything back. Jobs are enqueued after commit.
   */
  return async function change<T>(
    userId: string,
    subject: Subject,
    build: (tx: Tx, now: Date) => Promise<Change[]> | Change[],
    read: (tx: Tx, id: string) => Promise<T | undefined>,
  ): Promise<T> {
    const now = context.now();
    const { result, after } = await withUser(pool, userId, async (tx) => {
      const changes = await build(tx, now);
      const applied = await applyChanges(
        { tx, userId, origin: { requestId: randomUUID() }, now, sourceApp: "web" },
        changes,
      );
      // Every change must have found its row (renaming and completing a task: both).
      const id = applied.subjects.every((touched) => touched !== null) ? applied.subjects.at(-1) : undefined;
      const row = id ? await read(tx, id) : undefined;
      if (row === undefined) throw notFound(subject);
      return { result: row, after: applied.after };
    });
    await enqueueAfterCommit(queues, userId, after, now);
    return result;
  };
}

const common = { tags: ["today"], security: bearer };
const gone = () => Promise.resolve({});

function taskRoutes(app: FastifyInstance, change: ChangeFn): void {
  app.post<{ Body: Static<typeof NewTask> }>(
    "/tasks",
    { schema: { ...common, body: NewTask, response: withErrors({ 201: Type.Ref("Task") }) } },
    async (request, reply) => {
      const task = await change(
        principalOf(request).userId,
        "task",
        () => [{ type: "task.add", title: request.body.title.trim() }],
        readTask,
      );
      return reply.code(201).send(task);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof TaskPatch> }>(
    "/tasks/:id",
    {
      schema: {
        ...common,
        description:
          "Renames, completes (done: true) or reopens (done: false) a task; 404 task_not_found when it is not open (complete), not done (reopen) or deleted.",
        params: IdParams,
        body: TaskPatch,
        response: withErrors({ 200: Type.Ref("Task") }),
      },
    },
    async (request) => {
      const taskId = request.params.id;
      const { title, done } = request.body;
      const changes: Change[] = [];
      if (title !== undefined) changes.push({ type: "task.rename", taskId, title: title.trim() });
      if (done === true) changes.push({ type: "task.complete", taskId });
      if (done === false) changes.push({ type: "task.reopen", taskId });
      return change(principalOf(request).userId, "task", () => changes, readTask);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    "/tasks/:id",
    { schema: { ...common, params: IdParams, response: withErrors({ 204: NoContent }) } },
    async (request, reply) => {
      await change(
        principalOf(request).userId,
        "task",
        () => [{ type: "task.delete", taskId: request.params.id }],
        gone,
      );
      return reply.code(204).send();
    },
  );
}

function reminderRoutes(app: FastifyInstance, change: ChangeFn): void {
  app.post<{ Body: Static<typeof NewReminder> }>(
    "/reminders",
    {
      schema: {
        ...common,
        description:
          "A one-off (at) or repeating (repeat) reminder; it is texted to the user's phone when due, like one set by SMS. 400 due_in_past for a past time.",
        body: NewReminder,
        response: withErrors({ 201: Type.Ref("Reminder") }),
      },
    },
    async (request, reply) => {
      const { userId } = principalOf(request);
      const { text, at, repeat } = oneTime(
        request.body as Static<typeof NewReminder> & { repeat?: RepeatRule },
      );
      const rule = repeat ? validRepeat(repeat) : null;
      const reminder = await change(
        userId,
        "reminder",
        async (tx, now) => [
          {
            type: "reminder.create",
            text: text.trim(),
            dueAt: await firstDue(tx, userId, { at, repeat: rule, now }),
            recurrence: rule,
          },
        ],
        readReminder,
      );
      return reply.code(201).send(reminder);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof ReminderPatch> }>(
    "/reminders/:id",
    {
      schema: {
        ...common,
        description:
          "Changes a reminder's text, time or rule; the job at the old time is dropped and the new time scheduled. A fired one-off given a new time is pending again. 404 reminder_not_found when cancelled.",
        params: IdParams,
        body: ReminderPatch,
        response: withErrors({ 200: Type.Ref("Reminder") }),
      },
    },
    async (request) => {
      const { userId } = principalOf(request);
      const reminderId = request.params.id;
      const body = oneTime(request.body as ReminderEdit);
      return change(
        userId,
        "reminder",
        async (tx, now) => [await reminderUpdate(tx, { userId, reminderId, body, now })],
        readReminder,
      );
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    "/reminders/:id",
    {
      schema: {
        ...common,
        description: "Cancels a pending reminder (a repeating one stops for good).",
        params: IdParams,
        response: withErrors({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const reminderId = request.params.id;
      await change(
        principalOf(request).userId,
        "reminder",
        () => [{ type: "reminder.cancel", reminderId }],
        gone,
      );
      return reply.code(204).send();
    },
  );
}

function focusAndEnergyRoutes(app: FastifyInstance, change: ChangeFn, pool: ApiContext["pool"]): void {
  app.post<{ Body: Static<typeof NewFocus> }>(
    "/focus",
    {
      schema: {
        ...common,
        description:
          "Starts a focus session (a running one is stopped); its end is texted like one started by SMS.",
        body: NewFocus,
        response: withErrors({ 201: Type.Ref("FocusSession") }),
      },
    },
    async (request, reply) => {
      const { minutes } = request.body;
      const session = await change(
        principalOf(request).userId,
        "focus",
        (_tx, now) => [{ type: "focus.start", minutes, endsAt: new Date(now.getTime() + minutes * 60_000) }],
        readFocus,
      );
      return reply.code(201).send(session);
    },
  );

  app.delete(
    "/focus",
    {
      schema: {
        ...common,
        description:
          "Stops the running focus session (no SMS at its end); 404 focus_not_found when none runs.",
        response: withErrors({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await change(principalOf(request).userId, "focus", () => [{ type: "focus.stop" }], gone);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: Static<typeof NewEnergy> }>(
    "/energy",
    {
      schema: { ...common, body: NewEnergy, response: withErrors({ 201: Type.Ref("EnergyCheckin") }) },
    },
    async (request, reply) => {
      const { level, note } = request.body;
      const checkin = await change(
        principalOf(request).userId,
        "energy",
        () => [{ type: "energy.record", level, note: note?.trim() || null }],
        readEnergy,
      );
      return reply.code(201).send(checkin);
    },
  );

  app.get<{ Querystring: Static<typeof EnergyQuery> }>(
    "/energy",
    {
      schema: {
        ...common,
        description: "Recent energy check-ins, newest first (SMS and web alike).",
        querystring: EnergyQuery,
        response: withErrors({ 200: Type.Array(Type.Ref("EnergyCheckin")) }),
      },
    },
    async (request) => {
      const { userId } = principalOf(request);
      return withUser(pool, userId, (tx) => recentEnergy(tx, userId, request.query.limit));
    },
  );
}

export function todayRoutes(context: ApiContext) {
  const { pool } = context;
  const change = changer(context);

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", requireUser);

    app.get(
      "",
      {
        config: { rateBucket: "poll" } satisfies RateConfig,
        schema: {
          ...common,
          description:
            "Everything the Today page shows. Answers 304 when If-None-Match holds the current ETag: poll it (every 1 to 1.5 s while the page is visible) to see changes made by SMS. Polls count in a rate-limit bucket of their own (RATE_LIMIT_API_PER_MINUTE per user), apart from the user's other requests.",
          headers: Type.Object({ "if-none-match": Type.Optional(Type.String()) }),
          response: withErrors({ 200: Type.Ref("Today"), 304: Type.Null({ description: "Not modified" }) }),
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        void reply.header("cache-control", "private, no-cache").header("vary", "Authorization");
        const known = request.headers["if-none-match"];
        if (known !== undefined) {
          const version = await withUser(pool, userId, (tx) => todayVersion(tx, userId));
          if (known.split(",").some((tag) => tag.trim() === etagOf(userId, version))) {
            return reply.code(304).header("etag", etagOf(userId, version)).send();
          }
        }
        const today = await withUser(pool, userId, (tx) => loadToday(tx, userId));
        return reply.header("etag", etagOf(userId, today.version)).send(today);
      },
    );

    taskRoutes(app, change);
    reminderRoutes(app, change);
    focusAndEnergyRoutes(app, change, pool);
  };
}
