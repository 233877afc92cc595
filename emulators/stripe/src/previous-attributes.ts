// data.previous_attributes of an *.updated event: the values that changed, as they were before.
// Nested hashes (metadata, cancellation_details) contribute only their changed keys, with null
// for a key that did not exist; lists and arrays are reported whole, as Stripe does.

type Json = Record<string, unknown>;

const isHash = (value: unknown): value is Json =>
  value !== null &&
  typeof value === "object" &&
  !Array.isArray(value) &&
  (value as Json)["object"] !== "list";

export function previousAttributes(before: object, after: object): Json {
  const previous: Json = {};
  const old = before as Json;
  const now = after as Json;
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    const was = old[key];
    const is = now[key];
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    if (isHash(was) && isHash(is)) previous[key] = previousAttributes(was, is);
    else previous[key] = was === undefined ? null : structuredClone(was);
  }
  return previous;
}
