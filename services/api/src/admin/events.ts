// /v1/admin/events (role admin, with MFA): the event store as a queue — how many events wait for
// the processor and how old the oldest is, the maintenance queue that runs it, "process now" (one
// maintenance run queued at once), "reprocess" (events made pending again, chosen by content hash
// or by filter; the processor's effects are idempotent — at most one nudge of a kind per user and
// local day, events it writes deduplicated by content hash — so a second run changes nothing), and
// the events each app wrote per day.
import { HttpError } from "@phoenix/kernel/http";
import { insertedRow, withSystem } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { requireRole } from "@phoenix/kernel/access-guard";
import type { ApiContext } from "../context.ts";
import { NullableTimestamp, Timestamp, bearer, withErrors } from "../schemas.ts";

/** The maintenance job "process now" queues: one id, so clicks while it waits queue it once. */
export const PROCESS_NOW_JOB = "process-now";

const QueueCounts = Type.Object({
  waiting: Type.Integer(),
  active: Type.Integer(),
  delayed: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
});
const EventStatus = Type.Object({
  pending: Type.Integer({ description: "Events the processor has not consumed yet." }),
  processed: Type.Integer(),
  oldestPendingAt: NullableTimestamp,
  lastProcessedAt: NullableTimestamp,
  maintenance: {
    ...QueueCounts,
    description: "The workers' maintenance queue (sweep, settle, process events).",
  },
});
const ProcessNow = Type.Object({ jobId: Type.String(), state: Type.String() });
const Reprocess = Type.Object(
  {
    contentHashes: Type.Optional(
      Type.Array(Type.String({ pattern: "^[0-9a-f]{64}$" }), {
        minItems: 1,
        maxItems: 1000,
        uniqueItems: true,
        description: "SHA-256 content hashes (hex) of the events to process again.",
      }),
    ),
    sourceApp: Type.Optional(Type.String({ pattern: "^[a-z][a-z0-9_-]{0,31}$" })),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    since: Type.Optional(Timestamp),
    until: Type.Optional(Timestamp),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      "Which events: by content hash, or by source app, type and time range (since is then required).",
  },
);
const Reprocessed = Type.Object({
  matched: Type.Integer({ description: "Events the selection names." }),
  reset: Type.Integer({ description: "Of those, made pending again (the others were pending already)." }),
  jobId: Type.String({ description: "The maintenance run queued to process them." }),
});
const DailyQuery = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 90, default: 14 }) });
const DailyCounts = Type.Array(
  Type.Object({
    day: Type.String({ format: "date", description: "UTC day." }),
    sourceApp: Type.String(),
    count: Type.Integer(),
  }),
);

const iso = (at: Date | null) => at?.toISOString() ?? null;

export function eventAdminRoutes(context: ApiContext) {
  const { queues } = context;
  const common = { tags: ["admin"], security: bearer };

  async function processNow() {
    const job = await queues.maintenance.add(
      "maintenance",
      {},
      { jobId: PROCESS_NOW_JOB, attempts: 1, removeOnComplete: true, removeOnFail: true },
    );
    return { jobId: job.id ?? PROCESS_NOW_JOB, state: await job.getState() };
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", requireRole("admin", { mfa: context.config.ADMIN_REQUIRE_MFA }));

    app.get("/status", { schema: { ...common, response: withErrors({ 200: EventStatus }) } }, async () =>
      eventStatus(context),
    );

    app.post(
      "/process",
      {
        schema: {
          ...common,
          description:
            "Queues one maintenance run now (the workers process pending events, sweep and settle); a run already waiting is not queued twice.",
          response: withErrors({ 202: ProcessNow }),
        },
      },
      async (_request, reply) => reply.code(202).send(await processNow()),
    );

    app.post<{ Body: Static<typeof Reprocess> }>(
      "/reprocess",
      {
        schema: {
          ...common,
          description:
            "Makes the chosen events pending again and queues a run. Idempotent: events are identified by content hash, and what the processor does with an event (nudges, at most one of a kind per user and day; its own events, deduplicated by content hash) happens once however often it runs.",
          body: Reprocess,
          response: withErrors({ 202: Reprocessed }),
        },
      },
      async (request, reply) => {
        const counts = await reprocess(context, request.body);
        return reply.code(202).send({ ...counts, jobId: (await processNow()).jobId });
      },
    );

    app.get<{ Querystring: Static<typeof DailyQuery> }>(
      "/daily",
      {
        schema: {
          ...common,
          description:
            "Events written per UTC day and source app (sms, web, …), the last `days` days, newest first.",
          querystring: DailyQuery,
          response: withErrors({ 200: DailyCounts }),
        },
      },
      async (request) => dailyCounts(context, request.query.days),
    );
  };
}

async function eventStatus(context: ApiContext) {
  const row = await withSystem(context.pool, async (tx) => {
    const { rows } = await tx.query<{
      pending: number;
      processed: number;
      oldest_pending_at: Date | null;
      last_processed_at: Date | null;
    }>(
      `SELECT (SELECT count(*)::int FROM events WHERE processed_at IS NULL) AS pending,
              (SELECT count(*)::int FROM events WHERE processed_at IS NOT NULL) AS processed,
              (SELECT min(occurred_at) FROM events WHERE processed_at IS NULL) AS oldest_pending_at,
              (SELECT max(processed_at) FROM events) AS last_processed_at`,
    );
    return insertedRow(rows);
  });
  const counts = await context.queues.maintenance.getJobCounts(
    "waiting",
    "active",
    "delayed",
    "completed",
    "failed",
  );
  const count = (state: string) => counts[state] ?? 0;
  return {
    pending: row.pending,
    processed: row.processed,
    oldestPendingAt: iso(row.oldest_pending_at),
    lastProcessedAt: iso(row.last_processed_at),
    maintenance: {
      waiting: count("waiting"),
      active: count("active"),
      delayed: count("delayed"),
      completed: count("completed"),
      failed: count("failed"),
    },
  };
}

function dailyCounts(context: ApiContext, days: number) {
  return withSystem(context.pool, async (tx) => {
    const { rows } = await tx.query<{ day: string; source_app: string; count: number }>(
      `SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS day, source_app, count(*)::int AS count
         FROM events WHERE occurred_at >= (((now() AT TIME ZONE 'UTC')::date - ($1::int - 1))::timestamp AT TIME ZONE 'UTC')
        GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
      [days],
    );
    return rows.map((row) => ({ day: row.day, sourceApp: row.source_app, count: row.count }));
  });
}

async function reprocess(context: ApiContext, body: Static<typeof Reprocess>) {
  const { contentHashes, sourceApp, type, since, until } = body;
  if (!contentHashes && since === undefined)
    throw new HttpError(400, "validation_error", "body must have contentHashes or since");
  if (since !== undefined && until !== undefined && Date.parse(until) <= Date.parse(since))
    throw new HttpError(400, "validation_error", "body/until must be after body/since");
  return withSystem(context.pool, async (tx) => {
    const { rows } = await tx.query<{ matched: number; reset: number }>(
      `WITH chosen AS (
         SELECT id, processed_at FROM events
          WHERE ($1::bytea[] IS NULL OR content_hash = ANY($1::bytea[]))
            AND ($2::text IS NULL OR source_app = $2) AND ($3::text IS NULL OR type = $3)
            AND ($4::timestamptz IS NULL OR occurred_at >= $4) AND ($5::timestamptz IS NULL OR occurred_at < $5)
          FOR UPDATE),
       reset AS (UPDATE events e SET processed_at = NULL FROM chosen
                  WHERE e.id = chosen.id AND chosen.processed_at IS NOT NULL RETURNING e.id)
       SELECT (SELECT count(*)::int FROM chosen) AS matched, (SELECT count(*)::int FROM reset) AS reset`,
      [
        contentHashes?.map((hash) => Buffer.from(hash, "hex")) ?? null,
        sourceApp ?? null,
        type ?? null,
        since ?? null,
        until ?? null,
      ],
    );
    return { matched: rows[0]?.matched ?? 0, reset: rows[0]?.reset ?? 0 };
  });
}
