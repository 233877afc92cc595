// Postgres: a pool with bounded waits, its readiness check, versioned SQL migrations run by
// node-pg-migrate (not a home-made runner), and the grants that give the services' role data
// privileges only on what the migrating (owner) role created (docs/decisions/0009).
import { runner } from "node-pg-migrate";
import pg from "pg";
import type { ReadinessCheck } from "./http.ts";
import type { Logger } from "./log.ts";

export interface PoolOptions {
  connectionString: string;
  /** Shows in pg_stat_activity, so a DBA can tell services apart. */
  applicationName: string;
  /** Idle-client and pool errors are logged here instead of crashing the process. */
  logger: Logger;
  /** Default 10. */
  max?: number;
  /** Server-side limit per statement, default 30000 ms: a runaway query cannot hold a connection forever. */
  statementTimeoutMs?: number;
  /** How long a caller waits for a free connection, default 5000 ms: fail fast rather than queue forever. */
  connectionTimeoutMs?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const { connectionString, applicationName, logger, max = 10 } = options;
  const pool = new pg.Pool({
    connectionString,
    application_name: applicationName,
    max,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: 60_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
  });
  // Without a listener, an idle client's error (e.g. the primary failing over) is an uncaught
  // 'error' event that kills the process; the pool already discards the broken client.
  pool.on("error", (err) => {
    logger.error({ err }, "idle postgres client failed");
  });
  return pool;
}

export function pgReadiness(pool: pg.Pool): ReadinessCheck {
  return async () => {
    await pool.query("SELECT 1");
  };
}

export interface MigrateOptions {
  databaseUrl: string;
  /** Directory of `NNNN_name.sql` files, each with `-- Up Migration` and optionally `-- Down Migration`. */
  dir: string;
  logger: Logger;
  /** Default "up" (all pending); "down" reverts the last one. */
  direction?: "up" | "down";
  /** Default "pgmigrations". */
  migrationsTable?: string;
}

/**
 * Applies pending migrations in one transaction; returns the names applied. Safe to run from
 * every replica at once: node-pg-migrate holds a Postgres advisory lock for the whole run, and
 * with advisoryLockMode "wait" the others block on it, then find nothing left to run.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const { databaseUrl, dir, logger, direction = "up", migrationsTable = "pgmigrations" } = options;
  const log = logger.child({ component: "migrate" });
  const applied = await runner({
    databaseUrl,
    dir,
    direction,
    migrationsTable,
    advisoryLockMode: "wait",
    checkOrder: true,
    singleTransaction: true,
    logger: {
      debug: (message) => {
        log.debug(message);
      },
      info: (message) => {
        log.info(message);
      },
      warn: (message) => {
        log.warn(message);
      },
      error: (message) => {
        log.error(message);
      },
    },
  });
  return applied.map((migration) => migration.name);
}

export interface ServiceRoleOptions {
  /** The schema owner's connection: the role that ran the migrations and owns what they created. */
  databaseUrl: string;
  /** The role the services connect as. */
  role: string;
  /** Default "public". */
  schema?: string;
  /** Default "pgmigrations": the service role may read it (to check the schema is current), never write it. */
  migrationsTable?: string;
}

interface RoleFacts {
  owner: string;
  database: string;
  exists: boolean;
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcreaterole: boolean;
  member_of_owner: boolean;
  owns_database: boolean;
  owned_objects: number;
}

/** Why `role` could undo row-level security or the schema, if it could; empty when it is a plain data role. */
function roleProblems(role: string, facts: RoleFacts): string[] {
  if (!facts.exists) return [`role ${role} does not exist (create it first: LOGIN NOSUPERUSER NOBYPASSRLS)`];
  return [
    // A superuser or a BYPASSRLS role is not subject to row-level security at all.
    facts.rolsuper && "is a superuser",
    facts.rolbypassrls && "has BYPASSRLS",
    // CREATEROLE can grant itself membership of other roles.
    facts.rolcreaterole && "has CREATEROLE",
    // The owner (or a member of it) may ALTER TABLE … NO FORCE ROW LEVEL SECURITY.
    facts.member_of_owner && `is, or is a member of, the owner ${facts.owner}`,
    facts.owns_database && `owns the database ${facts.database}`,
    facts.owned_objects > 0 &&
      `owns ${facts.owned_objects} objects in the schema (REASSIGN OWNED them to ${facts.owner})`,
  ].filter((problem): problem is string => typeof problem === "string");
}

/**
 * Grants `role` what the services need and nothing more, on everything the connecting role owns in
 * `schema`: SELECT/INSERT/UPDATE/DELETE on tables, USAGE/SELECT on sequences, EXECUTE on functions,
 * and the same by default on what later migrations create. No CREATE on the schema, no TEMPORARY on
 * the database. Refuses a role that could switch row-level security off (see roleProblems).
 * Idempotent; run it after every migration run, as the owner.
 */
export async function grantServiceRole(options: ServiceRoleOptions): Promise<void> {
  const { databaseUrl, role, schema = "public", migrationsTable = "pgmigrations" } = options;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // GRANTs from concurrent runs can fail with "tuple concurrently updated": one at a time.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('phoenix grantServiceRole'))");
    const { rows } = await client.query<RoleFacts>(
      `SELECT current_user AS owner, current_database() AS database, r.oid IS NOT NULL AS exists,
              coalesce(r.rolsuper, false) AS rolsuper, coalesce(r.rolbypassrls, false) AS rolbypassrls,
              coalesce(r.rolcreaterole, false) AS rolcreaterole,
              coalesce(pg_has_role(r.oid, current_user, 'MEMBER'), false) AS member_of_owner,
              EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND d.datdba = r.oid) AS owns_database,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $2 AND c.relowner = r.oid) AS owned_objects
         FROM (SELECT 1) one LEFT JOIN pg_roles r ON r.rolname = $1`,
      [role, schema],
    );
    const facts = rows[0] as RoleFacts;
    const problems = roleProblems(role, facts);
    if (problems.length > 0)
      throw new Error(`refusing ${role} as the services' role: it ${problems.join(", ")}`);
    const r = client.escapeIdentifier(role);
    const s = client.escapeIdentifier(schema);
    const owner = client.escapeIdentifier(facts.owner);
    const data = "SELECT, INSERT, UPDATE, DELETE";
    await client.query(
      [
        `REVOKE TEMPORARY ON DATABASE ${client.escapeIdentifier(facts.database)} FROM PUBLIC`,
        `GRANT CONNECT ON DATABASE ${client.escapeIdentifier(facts.database)} TO ${r}`,
        `REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC`,
        `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
        `GRANT ${data} ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
        `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${s} GRANT ${data} ON TABLES TO ${r}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${s} GRANT EXECUTE ON FUNCTIONS TO ${r}`,
      ].join("; "),
    );
    const table = `${s}.${client.escapeIdentifier(migrationsTable)}`;
    const { rows: tracked } = await client.query<{ t: string | null }>("SELECT to_regclass($1) AS t", [
      table,
    ]);
    if (tracked[0]?.t)
      await client.query(`REVOKE ALL ON ${table} FROM ${r}; GRANT SELECT ON ${table} TO ${r}`);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
