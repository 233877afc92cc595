// spec.revisionHistoryLimit: the key set's retired revisions, newest first, each with its content
// hash and the kids it held (never key material). Kept on the Secret (an annotation written in
// the same write as the new revision, so it survives lost status writes and a recreated CR, like
// the revision and hash) and mirrored in status.revisionHistory; both are cut to the limit.
// Pure: the reconcile only reads and writes it.
import type { KeyRotationStatus } from "@phoenix/crds/key-rotation";
import type { KeySetDocument } from "@phoenix/kernel/keyset";

export type RevisionRecord = NonNullable<KeyRotationStatus["revisionHistory"]>[number];

/** On the Secret: the retired revisions as JSON. */
export const revisionHistoryAnnotation = "phoenix.dev/revision-history";

/** The CRD's bound on kids per record; a key set holds two or three keys. */
const maxKids = 8;

/** The history recorded on a Secret; an unreadable or missing annotation is an empty history. */
export function readHistory(annotations: Record<string, string> | undefined): RevisionRecord[] {
  const text = annotations?.[revisionHistoryAnnotation];
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
  } catch {
    return [];
  }
}

/** The history once `replaced` (the revision being superseded, if any) retires at `now`. */
export function nextHistory(
  history: RevisionRecord[],
  replaced: { document: KeySetDocument; contentHash: string } | undefined,
  now: Date,
  limit: number,
): RevisionRecord[] {
  const retired: RevisionRecord[] = replaced
    ? [
        {
          revision: replaced.document.revision,
          contentHash: replaced.contentHash,
          kids: replaced.document.keys.map((k) => k.kid).slice(0, maxKids),
          replacedAt: now.toISOString(),
        },
      ]
    : [];
  return [...retired, ...history.filter((r) => r.revision !== replaced?.document.revision)].slice(0, limit);
}

function isRecord(value: unknown): value is RevisionRecord {
  const r = value as Partial<RevisionRecord> | null;
  return (
    typeof r?.revision === "number" &&
    r.revision >= 1 &&
    typeof r.contentHash === "string" &&
    Array.isArray(r.kids) &&
    typeof r.replacedAt === "string"
  );
}
