import { baseConfig } from "@phoenix/kernel/config";
import Type from "typebox";
import type { Static } from "typebox";

export const webConfigSchema = Type.Object({
  ...baseConfig,
  SERVICE_NAME: Type.String({ default: "web" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8004 }),
  /** The API as this pod reaches it (the pricing page reads the plans from GET /v1/plans). */
  API_INTERNAL_URL: Type.String({ format: "uri", default: "http://phoenix-api:8000" }),
  /** The one public origin (the Gateway's, or the local edge's): hreflang and canonical links. */
  PUBLIC_BASE_URL: Type.String({ format: "uri" }),
  /** The built client (vite build); /app/* serves it. */
  CLIENT_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** How long the pricing page keeps the plans it read from the API. */
  PLANS_CACHE_MS: Type.Integer({ minimum: 0, default: 60_000 }),
});
export type WebConfig = Static<typeof webConfigSchema>;
