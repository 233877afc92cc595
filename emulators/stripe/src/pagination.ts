// Stripe's list object: { object: "list", data, has_more, url }, newest first, paged with
// limit (1–100, default 10) and a cursor: starting_after or ending_before an object's id.
import { parameterInvalid, resourceMissing } from "./errors.ts";
import type { ParamTree } from "./params.ts";
import { optionalInteger, optionalString } from "./params.ts";

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export function listObject<T>(data: T[], url: string, hasMore: boolean): ListObject<T> {
  return { object: "list", data, has_more: hasMore, url };
}

/**
 * One page of `all` (already filtered, newest first). `objectName` words the error for a cursor
 * that names no object of the list.
 */
export function paginate<T extends { id: string }>(
  all: readonly T[],
  params: ParamTree,
  list: { url: string; objectName: string },
): ListObject<T> {
  const limit = optionalInteger(params, "limit", { min: 1, max: 100 }) ?? 10;
  const after = optionalString(params, "starting_after");
  const before = optionalString(params, "ending_before");
  if (after && before) {
    throw parameterInvalid(
      "starting_after",
      "You may only specify one of these parameters: ending_before, starting_after.",
    );
  }
  if (before) {
    const end = indexOf(all, before, list.objectName, "ending_before");
    const start = Math.max(0, end - limit);
    return listObject(all.slice(start, end), list.url, start > 0);
  }
  const start = after ? indexOf(all, after, list.objectName, "starting_after") + 1 : 0;
  return listObject(all.slice(start, start + limit), list.url, start + limit < all.length);
}

function indexOf(all: readonly { id: string }[], id: string, objectName: string, param: string): number {
  const index = all.findIndex((item) => item.id === id);
  if (index < 0) throw resourceMissing(objectName, id, param);
  return index;
}
