// Webhook endpoints: create (the only answer that carries the whsec_… secret), list, retrieve,
// update, delete. Test mode accepts http URLs, so local receivers work.
import type Stripe from "stripe";
import type { EmulatorContext } from "./context.ts";
import { parameterInvalid, parameterMissing, resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { listRoute, retrieveRoute } from "./operation.ts";
import type { ParamTree } from "./params.ts";
import {
  applyMetadata,
  nullableString,
  optionalBoolean,
  optionalString,
  requiredString,
  stringList,
} from "./params.ts";
import type { StripeState, WebhookEndpointRecord } from "./state.ts";
import { endpointRecord, newestFirst } from "./state.ts";

function findEndpoint(state: StripeState, id: string): WebhookEndpointRecord {
  const record = state.webhookEndpoints.get(id);
  if (!record) throw resourceMissing("webhook_endpoint", id);
  return record;
}

function validUrl(params: ParamTree, required: boolean): string | undefined {
  const url = required ? requiredString(params, "url") : optionalString(params, "url");
  if (url === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) {
    throw parameterInvalid("url", `Invalid URL: ${url}`, "url_invalid");
  }
  return url;
}

function enabledEvents(params: ParamTree, required: boolean): string[] | undefined {
  if (params["enabled_events"] === undefined && !required) return undefined;
  const events = stringList(params, "enabled_events");
  if (events.length === 0) throw parameterMissing("enabled_events");
  return events;
}

function createEndpoint(state: StripeState, params: ParamTree, now: number): Stripe.WebhookEndpoint {
  const url = validUrl(params, true) ?? "";
  const events = enabledEvents(params, true) ?? [];
  const apiVersion = optionalString(params, "api_version") ?? null;
  const description = optionalString(params, "description") ?? null;
  const metadata = applyMetadata({}, params);
  const record = endpointRecord({ url, enabledEvents: events }, now);
  Object.assign(record.endpoint, { api_version: apiVersion, description, metadata });
  state.webhookEndpoints.set(record.endpoint.id, record);
  return { ...record.endpoint, secret: record.secret };
}

function updateEndpoint(record: WebhookEndpointRecord, params: ParamTree): Stripe.WebhookEndpoint {
  const { endpoint } = record;
  const url = validUrl(params, false);
  const events = enabledEvents(params, false);
  const disabled = optionalBoolean(params, "disabled");
  const description = nullableString(params, "description");
  const metadata = applyMetadata(endpoint.metadata, params);
  if (url !== undefined) endpoint.url = url;
  if (events !== undefined) endpoint.enabled_events = events;
  if (disabled !== undefined) endpoint.status = disabled ? "disabled" : "enabled";
  if (description !== undefined) endpoint.description = description;
  endpoint.metadata = metadata;
  return endpoint;
}

export function webhookEndpointRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  const id = (path: Readonly<Record<string, string>>) => path["webhook_endpoint"] ?? "";
  return [
    {
      method: "POST",
      url: "/webhook_endpoints",
      operation: "PostWebhookEndpoints",
      supported: ["api_version", "description", "enabled_events", "expand", "metadata", "url"],
      handler: ({ params }) => ({ body: createEndpoint(state, params, ctx.clock.now()) }),
    },
    listRoute({
      url: "/webhook_endpoints",
      operation: "GetWebhookEndpoints",
      filters: [],
      objectName: "webhook_endpoint",
      list: () => newestFirst(state.webhookEndpoints.values()).map(({ endpoint }) => endpoint),
    }),
    retrieveRoute({
      url: "/webhook_endpoints/:webhook_endpoint",
      operation: "GetWebhookEndpointsWebhookEndpoint",
      find: (endpointId) => findEndpoint(state, endpointId).endpoint,
    }),
    {
      method: "POST",
      url: "/webhook_endpoints/:webhook_endpoint",
      operation: "PostWebhookEndpointsWebhookEndpoint",
      supported: ["description", "disabled", "enabled_events", "expand", "metadata", "url"],
      handler: ({ params, path }) => ({ body: updateEndpoint(findEndpoint(state, id(path)), params) }),
    },
    {
      method: "DELETE",
      url: "/webhook_endpoints/:webhook_endpoint",
      operation: "DeleteWebhookEndpointsWebhookEndpoint",
      supported: [],
      handler: ({ path }) => {
        const { endpoint } = findEndpoint(state, id(path));
        state.webhookEndpoints.delete(endpoint.id);
        return { body: { id: endpoint.id, object: "webhook_endpoint", deleted: true } };
      },
    },
  ];
}
