// Twilio's list envelope: relative page URIs (clients resolve next_page_uri against their base
// URL), PageSize 1–1000 (default 50), Page numbers and PA/PB page tokens naming the SID the
// next or previous page starts after or before.
import type { Form } from "./form.ts";
import { integerParam } from "./form.ts";

export interface PageMeta {
  first_page_uri: string;
  next_page_uri: string | null;
  previous_page_uri: string | null;
  uri: string;
  page: number;
  page_size: number;
  start: number;
  end: number;
}

export interface Page<T> {
  items: T[];
  meta: PageMeta;
}

export function paginate<T extends { sid: string }>(
  all: readonly T[],
  query: Form,
  listUri: string,
  filters: Record<string, string>,
): Page<T> {
  const pageSize = integerParam(query, "PageSize", { min: 1, max: 1000 }) ?? 50;
  const page = integerParam(query, "Page", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const token = query["PageToken"];
  const offset = startOf(all, { page, pageSize, token });
  const items = all.slice(offset, offset + pageSize);
  const uri = (params: Record<string, string>): string =>
    `${listUri}?${new URLSearchParams({ ...filters, PageSize: String(pageSize), ...params }).toString()}`;
  const last = items.at(-1);
  const first = items[0];
  const hasNext = offset + items.length < all.length && last !== undefined;
  const hasPrevious = offset > 0 && first !== undefined;
  return {
    items,
    meta: {
      first_page_uri: uri({ Page: "0" }),
      next_page_uri: hasNext ? uri({ Page: String(page + 1), PageToken: `PA${last.sid}` }) : null,
      previous_page_uri: hasPrevious
        ? uri({ Page: String(Math.max(0, page - 1)), PageToken: `PB${first.sid}` })
        : null,
      uri: uri(token ? { Page: String(page), PageToken: token } : { Page: String(page) }),
      page,
      page_size: pageSize,
      start: offset,
      end: Math.max(offset, offset + items.length - 1),
    },
  };
}

function startOf(
  all: readonly { sid: string }[],
  { page, pageSize, token }: { page: number; pageSize: number; token: string | undefined },
): number {
  // A token survives deletions between pages; a token whose SID is gone falls back to Page.
  if (token && token.length > 2) {
    const index = all.findIndex((item) => item.sid === token.slice(2));
    if (index >= 0 && token.startsWith("PA")) return index + 1;
    if (index >= 0 && token.startsWith("PB")) return Math.max(0, index - pageSize);
  }
  return page * pageSize;
}
