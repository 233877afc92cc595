// Keys from a mounted Kubernetes Secret, hot-reloaded. The kubelet updates a Secret volume by
// writing a new timestamped directory and atomically swapping the `..data` symlink to it; inotify
// on the file itself misses that, so we watch the directory and also poll a content hash.
import { createHash } from "node:crypto";
import { watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { keyringMetrics } from "./keyring-metrics.ts";
import type { KeyringMetricsOptions } from "./keyring-metrics.ts";
import type { Logger } from "./log.ts";
import { parseKeySet } from "./keyset.ts";
import type { Key, KeySet } from "./keyset.ts";

export type { Key, KeySet } from "./keyset.ts";
export { KeySetError, jwkThumbprint, parseKeySet } from "./keyset.ts";

export interface KeyringOptions {
  /** The Secret's mount directory. */
  dir: string;
  /** Default "keyset.json". */
  file?: string;
  logger: Logger;
  /** Default () => new Date(); decides which active key signs. */
  clock?: () => Date;
  /** Default 2000 ms. The safety net for missed watch events. */
  pollIntervalMs?: number;
  /** Where to export the keyset_* metrics, under which `keyset` label; default none. */
  metrics?: KeyringMetricsOptions;
}

export interface Keyring {
  /** Resolves after the first load; rejects if the key set is missing or invalid at start. */
  ready: Promise<void>;
  current(): KeySet;
  /** The newest `active` key whose activatesAt has passed; throws if there is none. */
  signingKey(): Key;
  /** Every key in the set (staged, active, retiring), newest first. */
  verificationKeys(): Key[];
  byKid(kid: string): Key | undefined;
  readonly revision: number;
  /** Called after each change with the new set; returns an unsubscribe function. */
  on(event: "change", listener: (keySet: KeySet) => void): () => void;
  close(): void;
}

export function createKeyring(options: KeyringOptions): Keyring {
  const { dir, file = "keyset.json", logger, clock = () => new Date(), pollIntervalMs = 2000 } = options;
  const log = logger.child({ component: "keyring", file: path.join(dir, file) });
  const metrics = keyringMetrics(options.metrics, () => {
    const keySet = source.keySet();
    return keySet && usableSigningKey(keySet, clock());
  });
  const source = createSource({
    dir,
    file,
    log,
    onLoad: (keySet, first) => {
      metrics.loaded(keySet, clock());
      if (!first) notify(keySet);
    },
    onInvalid: () => {
      metrics.invalid();
    },
  });
  const listeners = new Set<(keySet: KeySet) => void>();

  function notify(keySet: KeySet): void {
    for (const listener of listeners) {
      try {
        listener(keySet);
      } catch (err) {
        log.error({ err }, "keyring change listener failed");
      }
    }
  }

  const loaded = (): KeySet => {
    const keySet = source.keySet();
    if (!keySet) throw new Error(`keyring: ${path.join(dir, file)} is not loaded yet (await keyring.ready)`);
    return keySet;
  };

  const ready = source.start(pollIntervalMs);
  // Still rejects for whoever awaits it; this only keeps an unawaited failure from crashing.
  ready.catch(() => undefined);

  return {
    ready,
    current: loaded,
    signingKey: () => pickSigningKey(loaded(), clock()),
    verificationKeys: () => loaded().keys.toSorted((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
    byKid: (kid) => loaded().keys.find((key) => key.kid === kid),
    get revision() {
      return loaded().revision;
    },
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {
      source.close();
      metrics.close();
    },
  };
}

/** The newest active key whose activatesAt has passed, if any. */
function usableSigningKey(keySet: KeySet, now: Date): Key | undefined {
  return keySet.keys
    .filter((key) => key.state === "active" && key.activatesAt.getTime() <= now.getTime())
    .toSorted((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime())[0];
}

function pickSigningKey(keySet: KeySet, now: Date): Key {
  const newest = usableSigningKey(keySet, now);
  if (!newest) {
    throw new Error(`keyring: no active key has reached its activatesAt (revision ${keySet.revision})`);
  }
  return newest;
}

interface SourceOptions {
  dir: string;
  file: string;
  log: Logger;
  /** Each key set loaded: the first (`first`), then every change. */
  onLoad: (keySet: KeySet, first: boolean) => void;
  /** Each read that failed, at start or on any later watch event or poll. */
  onInvalid: () => void;
}

// Owns reading, validating and watching; keeps the last good key set whatever happens on disk.
function createSource({ dir, file, log, onLoad, onInvalid }: SourceOptions) {
  const filePath = path.join(dir, file);
  let keySet: KeySet | undefined;
  let loadedHash: string | undefined;
  let lastFailure: string | undefined;
  let stopWatching: (() => void) | undefined;
  let closed = false;
  let inFlight: Promise<void> | undefined;
  let again = false;

  // Returns the new set, or undefined when the content has not changed.
  async function read(): Promise<KeySet | undefined> {
    const text = await readFile(filePath, "utf8");
    const hash = createHash("sha256").update(text).digest("hex");
    if (hash === loadedHash) return undefined;
    const next = parseKeySet(text);
    loadedHash = hash;
    return next;
  }

  async function reload(): Promise<void> {
    try {
      const next = await read();
      lastFailure = undefined;
      if (!next || closed) return;
      const previous = keySet?.revision;
      keySet = next;
      log.info({ revision: next.revision, previous, kids: next.keys.map((k) => k.kid) }, "key set reloaded");
      onLoad(next, false);
    } catch (err) {
      onInvalid();
      const message = (err as Error).message;
      // Logged once per distinct failure, not on every poll, while the last good set stays in use.
      if (message !== lastFailure) {
        log.error({ err, revision: keySet?.revision }, "key set reload failed; keeping the last good one");
      } else {
        log.debug({ revision: keySet?.revision }, "key set still invalid; keeping the last good one");
      }
      lastFailure = message;
    }
  }

  // Coalesces bursts of watch events and poll ticks into at most one reload queued behind another.
  function trigger(): void {
    if (closed) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = reload().finally(() => {
      inFlight = undefined;
      if (again) {
        again = false;
        trigger();
      }
    });
  }

  return {
    keySet: () => keySet,
    async start(pollIntervalMs: number): Promise<void> {
      try {
        keySet = await read();
      } catch (err) {
        onInvalid();
        throw new Error(`keyring: cannot load ${filePath}: ${(err as Error).message}`, { cause: err });
      }
      log.info({ revision: keySet?.revision, kids: keySet?.keys.map((k) => k.kid) }, "key set loaded");
      if (keySet) onLoad(keySet, true);
      if (!closed) stopWatching = watchAndPoll(dir, pollIntervalMs, log, trigger);
    },
    close(): void {
      closed = true;
      stopWatching?.();
    },
  };
}

/** Calls `onTick` on every change in `dir` (where it can be watched) and every poll; returns a stop. */
function watchAndPoll(dir: string, pollIntervalMs: number, log: Logger, onTick: () => void): () => void {
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, () => {
      onTick();
    });
    // Like the poller, the watcher must never be what keeps a finished process alive.
    watcher.unref();
    watcher.on("error", (err) => {
      log.warn({ err }, "watching the key set directory failed; polling only");
    });
  } catch (err) {
    log.warn({ err }, "cannot watch the key set directory; polling only");
  }
  const poller = setInterval(onTick, pollIntervalMs);
  poller.unref();
  return () => {
    watcher?.close();
    clearInterval(poller);
  };
}
