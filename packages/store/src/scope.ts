// Every query runs inside a transaction scoped either to one user (row-level security shows that
// user's rows only) or to the platform itself (router lookups by number or MessageSid, sweeper,
// event processor). There is no unscoped path: a query outside these helpers sees no rows.
import { createHash } from "node:crypto";
import type pg from "pg";

export type Tx = pg.PoolClient;

/**
 * Parameterised queries run as prepared statements of their connection, named by their text
 * (ADR 0086): Postgres then plans a statement once per connection instead of at every call —
 * with the row-level security policies, planning cost as much CPU as executing. At most
 * MAX_PREPARED distinct texts per connection (the code's queries are static texts; a text built
 * with a varying number of placeholders could otherwise grow a connection's statements without
 * bound): past that, queries run unnamed as before.
 */
const MAX_PREPARED = 300;
const prepared = new WeakMap<pg.PoolClient, Set<string>>();
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `phx_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    if (names.size < 10 * MAX_PREPARED) names.set(text, name);
  }
  return name;
}

/** The transaction's client, whose `query(text, values)` prepares the statement (see above). */
function preparing(client: pg.PoolClient): Tx {
  let statements = prepared.get(client);
  if (!statements) prepared.set(client, (statements = new Set()));
  const known = statements;
  const query = (text: unknown, values?: unknown, ...rest: unknown[]): unknown => {
    if (typeof text === "string" && Array.isArray(values) && rest.length === 0) {
      const name = statementName(text);
      if (known.has(name) || known.size < MAX_PREPARED) {
        known.add(name);
        return client.query({ name, text, values });
      }
    }
    return (client.query as (...args: unknown[]) => unknown)(text, values, ...rest);
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return query;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * BEGIN and the scope's settings go in one round trip (a simple multi-statement query, so no bind
 * parameters: the values are a validated UUID or a constant, and are quoted regardless).
 */
async function inTransaction<T>(
  pool: pg.Pool,
  settings: Record<string, string>,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener: a connection lost between two queries (Postgres
  // restarted, the backend terminated) is emitted as 'error', which would otherwise be uncaught
  // and end the process. Keep it, fail the transaction's next query, and destroy the client.
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost = err;
  };
  client.on("error", onError);
  try {
    const sets = Object.entries(settings).map(
      ([name, value]) =>
        `SELECT set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true);`,
    );
    await client.query(`BEGIN; ${sets.join(" ")}`);
    const result = await work(preparing(client));
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.off("error", onError);
    client.release(lost);
  }
}

/** Runs `work` in a transaction that can see and write only `userId`'s rows. */
export function withUser<T>(pool: pg.Pool, userId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(userId)) return Promise.reject(new Error(`not a user id: ${JSON.stringify(userId)}`));
  return inTransaction(pool, { "phoenix.user_id": userId }, work);
}

/** Runs `work` as the platform: every user's rows are visible. Keep these transactions few and small. */
export function withSystem<T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(pool, { "phoenix.scope": "system" }, work);
}

/** The row an `INSERT … RETURNING` of one row gave back (it always gives one, or the query failed). */
export function insertedRow<T>(rows: readonly T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error("INSERT … RETURNING returned no row");
  return row;
}
