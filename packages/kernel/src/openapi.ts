// The OpenAPI document of a service, built by @fastify/swagger from its routes' TypeBox schemas and
// served at /docs/openapi.json (the web client's types are generated from it). Shared schemas are
// registered by their $id and appear under that name (Error, Profile…), not def-N; every service
// takes the API's bearer access tokens.
import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import type { TSchema } from "typebox";

export interface OpenApiOptions {
  title: string;
  description: string;
  /** Schemas with an $id that routes name with Type.Ref. */
  schemas: readonly TSchema[];
}

export async function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  await app.register(swagger, {
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json["$id"] === "string" ? json["$id"] : `def-${String(i)}`,
    },
    openapi: {
      info: { title: options.title, version: "1.0.0", description: options.description },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
  });
  for (const schema of options.schemas) app.addSchema(schema);
  app.get("/docs/openapi.json", { schema: { hide: true } }, () => app.swagger());
}
