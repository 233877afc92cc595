// /v1/journal: short entries, each analysed when written (themes, sentiment, language — with the
// words that gave them) and linked with the energy check-ins of its day (the very rows the SMS
// assistant writes for "energy 3"); the trend gives mood and energy per local day for the chart,
// and how the two move together. Each entry records a `journal.entry` event (source_app "iris").
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { recordEvent, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type pg from "pg";
import { MAX_ENTRY, cleanText } from "../chat/input.ts";
import { errorResponses, irisError } from "../reasons.ts";
import { analyze, correlation } from "./analyzer.ts";
import type { Analysis } from "./analyzer.ts";

const Uuid = Type.String({ format: "uuid" });
const Day = Type.String({ format: "date" });
const bearer = [{ bearer: [] as string[] }];

const AnalysisSchema = Type.Object(
  {
    language: Type.Union([
      Type.Literal("fr"),
      Type.Literal("en"),
      Type.Literal("mixed"),
      Type.Literal("unknown"),
    ]),
    themes: Type.Array(Type.Object({ theme: Type.String(), words: Type.Array(Type.String()) })),
    sentiment: Type.Object({
      score: Type.Number({ minimum: -1, maximum: 1 }),
      label: Type.Union([
        Type.Literal("positive"),
        Type.Literal("negative"),
        Type.Literal("neutral"),
        Type.Literal("mixed"),
      ]),
      hits: Type.Array(
        Type.Object({
          word: Type.String(),
          weight: Type.Number(),
          negated: Type.Boolean(),
          intensified: Type.Boolean(),
        }),
      ),
    }),
  },
  { $id: "JournalAnalysis", description: "Explainable: every theme and score names the words behind it." },
);
const Entry = Type.Object(
  {
    id: Uuid,
    text: Type.String(),
    day: Day,
    createdAt: Type.String({ format: "date-time" }),
    analysis: Type.Ref("JournalAnalysis"),
    energy: Type.Object(
      {
        average: Type.Union([Type.Number(), Type.Null()], { description: "1–5; null: no check-in that day" }),
        checkins: Type.Integer(),
      },
      { description: "The energy check-ins (SMS or Today page) of the entry's day." },
    ),
  },
  { $id: "JournalEntry" },
);
const Trend = Type.Object(
  {
    days: Type.Array(
      Type.Object({
        day: Day,
        mood: Type.Union([Type.Number(), Type.Null()], {
          description: "Mean sentiment of the day's entries, -1…1.",
        }),
        energy: Type.Union([Type.Number(), Type.Null()], { description: "Mean energy check-in, 1…5." }),
        entries: Type.Integer(),
      }),
    ),
    correlation: Type.Union([Type.Number(), Type.Null()], {
      description: "Pearson's r of mood and energy over the days that have both (null under 3 such days).",
    }),
  },
  { $id: "JournalTrend" },
);

export const journalSchemas = [AnalysisSchema, Entry, Trend];

const NewEntry = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: MAX_ENTRY }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 30 }) });
const TrendQuery = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }) });

interface EntryRow {
  id: string;
  text: string;
  day: string;
  created_at: Date;
  analysis: Analysis;
  energy_avg: number | null;
  energy_n: number;
}

// The entry with its day's check-ins, in the user's zone.
const ENTRY = `SELECT e.id, e.text, to_char(e.local_day, 'YYYY-MM-DD') AS day, e.created_at, e.analysis,
    (SELECT avg(c.level)::float8 FROM energy_checkins c WHERE (c.created_at AT TIME ZONE u.time_zone)::date = e.local_day) AS energy_avg,
    (SELECT count(*)::int FROM energy_checkins c WHERE (c.created_at AT TIME ZONE u.time_zone)::date = e.local_day) AS energy_n
  FROM journal_entries e JOIN users u ON u.id = e.user_id`;

const entryView = (row: EntryRow) => ({
  id: row.id,
  text: row.text,
  day: row.day,
  createdAt: row.created_at.toISOString(),
  analysis: row.analysis,
  energy: {
    average: row.energy_avg === null ? null : Math.round(row.energy_avg * 10) / 10,
    checkins: row.energy_n,
  },
});

async function addEntry(tx: Tx, userId: string, text: string, now: Date): Promise<EntryRow> {
  const analysis = analyze(text);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO journal_entries (user_id, text, analysis, mood, local_day, created_at)
     SELECT $1, $2, $3, $4, ($5::timestamptz AT TIME ZONE time_zone)::date, $5 FROM users WHERE id = $1 RETURNING id`,
    [userId, text, JSON.stringify(analysis), analysis.sentiment.score, now],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("the user is gone");
  await recordEvent(tx, {
    userId,
    type: "journal.entry",
    payload: {
      entryId: id,
      themes: analysis.themes.map((theme) => theme.theme),
      sentiment: analysis.sentiment.label,
    },
    occurredAt: now,
    sourceApp: "iris",
  });
  const { rows: entries } = await tx.query<EntryRow>(`${ENTRY} WHERE e.id = $1`, [id]);
  const [entry] = entries;
  if (!entry) throw new Error("the entry just written is not readable");
  return entry;
}

interface TrendRow {
  day: string;
  mood: number | null;
  energy: number | null;
  entries: number;
}

async function trendOf(tx: Tx, userId: string, days: number, now: Date): Promise<TrendRow[]> {
  const { rows } = await tx.query<TrendRow>(
    `WITH zone AS (SELECT time_zone AS tz, ($3::timestamptz AT TIME ZONE time_zone)::date AS today FROM users WHERE id = $1),
     moods AS (SELECT local_day AS day, avg(mood)::float8 AS mood, count(*)::int AS entries FROM journal_entries, zone
               WHERE local_day > today - $2::int GROUP BY local_day),
     energies AS (SELECT (created_at AT TIME ZONE tz)::date AS day, avg(level)::float8 AS energy FROM energy_checkins, zone
                  WHERE (created_at AT TIME ZONE tz)::date > today - $2::int GROUP BY 1)
     SELECT to_char(day, 'YYYY-MM-DD') AS day, moods.mood, energies.energy, coalesce(moods.entries, 0) AS entries
       FROM moods FULL JOIN energies USING (day) ORDER BY day`,
    [userId, days, now],
  );
  return rows.map((row) => ({
    ...row,
    mood: row.mood === null ? null : Math.round(row.mood * 100) / 100,
    energy: row.energy === null ? null : Math.round(row.energy * 10) / 10,
  }));
}

type Deps = { pool: pg.Pool; now: () => Date };

function entryRoutes(deps: Deps) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      "/entries",
      {
        schema: {
          tags: ["journal"],
          security: bearer,
          body: NewEntry,
          response: { 201: Type.Ref("JournalEntry"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const text = cleanText((request.body as { text: string }).text, "body/text");
        const userId = principalOf(request).userId;
        const row = await withUser(deps.pool, userId, (tx) => addEntry(tx, userId, text, deps.now()));
        return reply.code(201).send(entryView(row));
      },
    );

    app.get(
      "/entries",
      {
        schema: {
          tags: ["journal"],
          security: bearer,
          querystring: ListQuery,
          response: { 200: Type.Array(Type.Ref("JournalEntry")), ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query as { limit: number };
        const rows = await withUser(deps.pool, principalOf(request).userId, async (tx) => {
          const result = await tx.query<EntryRow>(`${ENTRY} ORDER BY e.created_at DESC, e.id LIMIT $1`, [
            limit,
          ]);
          return result.rows;
        });
        return rows.map(entryView);
      },
    );

    app.delete(
      "/entries/:id",
      {
        schema: {
          tags: ["journal"],
          security: bearer,
          params: Type.Object({ id: Uuid }),
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const deleted = await withUser(deps.pool, principalOf(request).userId, (tx) =>
          tx.query("DELETE FROM journal_entries WHERE id = $1", [id]),
        );
        if (deleted.rowCount !== 1) throw irisError(404, "entry_not_found", "no such journal entry");
        return reply.code(204).send();
      },
    );
  };
}

function trendRoutes(deps: Deps) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      "/trend",
      {
        schema: {
          tags: ["journal"],
          security: bearer,
          querystring: TrendQuery,
          response: { 200: Type.Ref("JournalTrend"), ...errorResponses },
        },
      },
      async (request) => {
        const { days } = request.query as { days: number };
        const userId = principalOf(request).userId;
        const rows = await withUser(deps.pool, userId, (tx) => trendOf(tx, userId, days, deps.now()));
        const both = rows.filter((row) => row.mood !== null && row.energy !== null);
        return {
          days: rows,
          correlation: correlation(
            both.map((row) => row.mood ?? 0),
            both.map((row) => row.energy ?? 0),
          ),
        };
      },
    );
  };
}

export function journalRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("onRequest", requireUser);
    await app.register(entryRoutes(deps));
    await app.register(trendRoutes(deps));
  };
}
