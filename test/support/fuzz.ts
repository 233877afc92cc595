// Building blocks for fuzzing the public routes with malformed input (test/platform/fuzz-*.int.test.ts):
// a seeded random source (so a failing case is replayed by its seed), junk values of every JSON
// type, running cases against an app, and a fingerprint of every table, to prove that a refused
// request wrote nothing.
import { withSystem } from "@phoenix/store";
import type { FastifyInstance, InjectOptions } from "fastify";
import type pg from "pg";
import { expect } from "vitest";

export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` items of `items`, without repeats, in a random order (all of them when fewer). */
  sample<T>(items: readonly T[], count: number): T[];
  bytes(length: number): Buffer;
}

/** mulberry32: small, fast and good enough to pick test cases; the same seed, the same cases. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    sample(items, count) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i -= 1) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, count);
    },
    bytes: (length) => Buffer.from(Array.from({ length }, () => int(256))),
  };
}

/** The seed: FUZZ_SEED when set (to replay or explore), else a fixed one so runs are repeatable. */
export function fuzzSeed(fallback: number): number {
  const given = process.env["FUZZ_SEED"];
  return given && /^\d+$/.test(given) ? Number(given) : fallback;
}

/** One value of each JSON type but string: what "a non-string value" means on the wire. */
export const nonStrings: readonly unknown[] = [
  0,
  -1,
  1.5,
  1e308,
  true,
  false,
  null,
  [],
  ["a"],
  {},
  { a: "b" },
];

/** One value of each JSON type but object. */
export const nonObjects: readonly unknown[] = [null, 1, "text", true, [], [{}]];

/** Strings that are never valid for a constrained field (format, pattern, enum, id). */
export const junkStrings: readonly string[] = [
  "",
  " ",
  "not-a-uuid",
  "a\u0000b",
  "\u0000",
  "x".repeat(5000),
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "𝔲𝔫𝔦𝔠𝔬𝔡𝔢 \u202e",
  "\ud800",
  "１２３",
];

/** Content types no route of ours takes, with a body of each kind. */
export const foreignContentTypes: readonly string[] = [
  "text/plain",
  "text/plain; charset=utf-8",
  "multipart/form-data; boundary=fuzz",
  "application/octet-stream",
  "application/xml",
  "application/jsonx",
  "json",
  "image/png",
  ";;;",
];

/** Bodies that application/json cannot parse; a binary one starts with 0xFF so it is never JSON. */
export function unparsableJson(random: Random): Array<string | Buffer> {
  return [
    "",
    "{",
    "{nope",
    "[1,",
    '"unterminated',
    '{"a":}',
    "NaN",
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    Buffer.concat([Buffer.from([0xff]), random.bytes(1 + random.int(512))]),
  ];
}

/** A JSON text just over `limit` bytes. */
export const oversizedJson = (limit: number): string => `{"a":"${"x".repeat(limit + 1024)}"}`;

export type TableFingerprints = Record<string, string>;

/**
 * Row count and a hash of every row of every table the connection may read (with row-level
 * security lifted, as the system scope does): equal fingerprints mean nothing was written.
 */
export async function tableFingerprints(pool: pg.Pool): Promise<TableFingerprints> {
  return withSystem(pool, async (tx) => {
    const { rows: tables } = await tx.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
          AND has_table_privilege(c.oid, 'SELECT')
        ORDER BY c.relname`,
    );
    const fingerprints: TableFingerprints = {};
    for (const { name } of tables) {
      const table = tx.escapeIdentifier(name);
      const { rows } = await tx.query<{ n: number; hash: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM ${table} t`,
      );
      fingerprints[name] = `${rows[0]!.n} rows, ${rows[0]!.hash}`;
    }
    return fingerprints;
  });
}

export interface FuzzCase {
  name: string;
  request: InjectOptions;
  /** The status a correct service answers; when unset, any 4xx (the order of checks decides). */
  expected?: number;
}

export interface Outcome {
  fuzzCase: FuzzCase;
  status: number;
  body: string;
}

/** Runs the cases one after the other (a fuzz run is about answers, not load). */
export async function runCases(app: FastifyInstance, cases: FuzzCase[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const fuzzCase of cases) {
    const response = await app.inject(fuzzCase.request);
    outcomes.push({ fuzzCase, status: response.statusCode, body: response.body.slice(0, 300) });
  }
  return outcomes;
}

/** Every case that was not the 4xx it had to be, described for the failure message. */
export function unexpected(outcomes: Outcome[]): string[] {
  return outcomes
    .filter(({ fuzzCase, status }) =>
      fuzzCase.expected === undefined ? status < 400 || status >= 500 : status !== fuzzCase.expected,
    )
    .map(({ fuzzCase, status, body }) => {
      const { method = "GET", url = "" } = fuzzCase.request;
      const target = typeof url === "string" ? url : url.pathname;
      return `${fuzzCase.name}: ${method} ${target.slice(0, 120)} → ${status} (wanted ${fuzzCase.expected ?? "4xx"}) ${body}`;
    });
}

/** How many answers of each status: what the run exercised. */
export const statusCounts = (outcomes: Outcome[]): Record<number, number> =>
  outcomes.reduce<Record<number, number>>((counts, { status }) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});

/** Both probes 200, and not one 5xx in the app's own request metrics. */
export async function expectHealthy(app: FastifyInstance): Promise<void> {
  expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  const ready = await app.inject({ method: "GET", url: "/readyz" });
  expect(ready.statusCode, ready.body).toBe(200);
  const metrics = (await app.inject({ method: "GET", url: "/metrics" })).body;
  const serverErrors = metrics
    .split("\n")
    .filter((line) => /^http_requests_total\{.*status_code="5/.test(line));
  expect(serverErrors).toEqual([]);
}

/** The kernel's own routes, which every service has, and routes that do not exist. */
export function kernelCases(random: Random): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const url of ["/healthz", "/readyz", "/metrics"]) {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"] as const) {
      const payload = random.pick<string | Buffer>([random.bytes(64), "{", '{"a":1}']);
      cases.push({ name: "kernel route, another method", request: { method, url, payload }, expected: 404 });
    }
    cases.push({
      name: "kernel route, NUL in the query",
      request: { method: "GET", url: `${url}?x=%00` },
      expected: 400,
    });
  }
  for (const url of ["/nope", "/v1/nope", "/%E0%A4%A", "/twilio/sms/a/b", `/${"x".repeat(4000)}`]) {
    cases.push({ name: "unknown route", request: { method: "POST", url, payload: "{}" } });
  }
  return cases;
}
