// GET / of a collection: { items } read in the caller's row-level-security scope.
import { principalOf } from "@phoenix/kernel/access-guard";
import { withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { TSchema } from "typebox";
import type pg from "pg";
import { errorResponses } from "./reasons.ts";

export interface ListOptions {
  schema: { security: { bearer: string[] }[]; tags: string[] };
  item: TSchema;
  read: (tx: Tx) => Promise<unknown[]>;
}

export function listRoute(app: FastifyInstance, pool: pg.Pool, options: ListOptions): void {
  const response = { 200: Type.Object({ items: Type.Array(options.item) }), ...errorResponses };
  app.get("/", { schema: { ...options.schema, response } }, async (request) => ({
    items: await withUser(pool, principalOf(request).userId, options.read),
  }));
}
