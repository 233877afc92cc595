// expand[]: replaces an id with the object it names (customer, latest_invoice,
// items.data.price.product, data.product in lists), and adds includable fields that Stripe only
// sends when asked (a checkout session's line_items).
import { parameterInvalid } from "./errors.ts";
import type { StripeState } from "./state.ts";
import { listObject } from "./pagination.ts";

type Json = Record<string, unknown>;

/** Objects by id prefix, for expansion. */
function lookup(state: StripeState, id: string): object | undefined {
  const prefix = id.slice(0, id.indexOf("_") + 1);
  const sources: Record<string, () => object | undefined> = {
    cus_: () => state.customers.get(id),
    prod_: () => state.products.get(id),
    price_: () => state.prices.get(id),
    sub_: () => state.subscriptions.get(id),
    in_: () => state.invoices.get(id),
    cs_: () => state.checkoutSessions.get(id)?.session,
    evt_: () => state.events.get(id),
  };
  return sources[prefix]?.();
}

/** Fields present only when expanded, per object type. */
function includable(state: StripeState, object: Json, field: string): unknown {
  if (object["object"] === "checkout.session" && field === "line_items") {
    const id = String(object["id"]);
    const items = state.checkoutSessions.get(id)?.lineItems ?? [];
    return listObject(items, `/v1/checkout/sessions/${id}/line_items`, false);
  }
  return undefined;
}

/** A copy of `value` with every path in `paths` expanded; Stripe's error for one that cannot be. */
export function expandPaths(state: StripeState, value: object, paths: readonly string[]): object {
  if (paths.length === 0) return value;
  const copy = structuredClone(value) as Json;
  for (const path of paths) expandPath(state, copy, path.split("."), path);
  return copy;
}

function expandPath(state: StripeState, node: Json, segments: string[], path: string): void {
  const [field, ...rest] = segments;
  if (field === undefined) return;
  if (node["object"] === "list" && field === "data" && Array.isArray(node["data"])) {
    for (const item of node["data"] as Json[]) expandPath(state, item, rest, path);
    return;
  }
  const value = expandedField(state, node, field, path);
  node[field] = value;
  if (rest.length > 0 && value !== null && typeof value === "object") {
    expandPath(state, value as Json, rest, path);
  }
}

/** The field's value with an id replaced by its object; includable fields materialised. */
function expandedField(state: StripeState, node: Json, field: string, path: string): unknown {
  const value = field in node ? node[field] : includable(state, node, field);
  if (value === undefined) {
    throw parameterInvalid("expand", `This property cannot be expanded (${path}).`);
  }
  const found = typeof value === "string" ? lookup(state, value) : undefined;
  return found ? structuredClone(found) : value;
}
