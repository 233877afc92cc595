// What the kubelet does for a Secret volume, for a control plane without kubelets: watch one
// Secret through the API server and materialise every version into a directory the way
// kubelet's AtomicWriter does (pkg/volume/util/atomic_writer.go): the payload goes into a new
// `..<timestamp>` directory, a `..data_tmp` symlink to it is renamed over `..data` (the one
// atomic step), and each key is a user-visible symlink `<key>` → `..data/<key>`. A delay models
// the kubelet's sync period, so a test can give each consumer its own lag.
import { mkdtemp, readdir, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Watch } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";

export interface SecretVersion {
  resourceVersion: string;
  /** When the watch delivered it (this machine's clock, like the operator's). */
  receivedAt: number;
  annotations: Record<string, string>;
  /** Decoded data. */
  data: Record<string, string>;
}

export interface SecretProjectorOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
  /** Lag between the API server's change and the write to disk; default 0. */
  delayMs?: number;
  /** Default: a fresh temporary directory. */
  dir?: string;
  /** Called with each version as the watch delivers it (before the delay). */
  onVersion?: (version: SecretVersion) => void;
}

export interface SecretProjection {
  /** The "mount" directory. */
  readonly dir: string;
  /** Every version of the Secret the watch delivered, oldest first. */
  readonly history: SecretVersion[];
  /** The versions written to `dir` so far, oldest first. */
  readonly projected: SecretVersion[];
  /** Resolves once `check` holds for a version written to disk. */
  until(check: (version: SecretVersion) => boolean, timeoutMs?: number): Promise<SecretVersion>;
  close(): void;
}

interface SecretObject {
  metadata?: { resourceVersion?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The directory name kubelet uses for a payload: `..` + UTC time + a random suffix. */
function timestampPrefix(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}`;
  return `..${date}_${time}.`;
}

/** One AtomicWriter.Write: new payload dir, swap `..data`, link the keys, drop the old dir. */
export async function atomicWrite(dir: string, payload: Record<string, string>): Promise<void> {
  const dataLink = path.join(dir, "..data");
  const previous = await readlink(dataLink).catch(() => undefined);
  const payloadDir = await mkdtemp(path.join(dir, timestampPrefix(new Date())));
  for (const [key, value] of Object.entries(payload)) {
    await writeFile(path.join(payloadDir, key), value, { mode: 0o644 });
  }
  const tmpLink = path.join(dir, "..data_tmp");
  await rm(tmpLink, { force: true });
  await symlink(path.basename(payloadDir), tmpLink);
  await rename(tmpLink, dataLink);
  const visible = new Set(Object.keys(payload));
  for (const entry of await readdir(dir)) {
    if (entry.startsWith("..")) continue;
    if (!visible.has(entry)) await rm(path.join(dir, entry), { force: true });
  }
  for (const key of visible) {
    await symlink(path.join("..data", key), path.join(dir, key)).catch((error: unknown) => {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
    });
  }
  if (previous) await rm(path.join(dir, previous), { recursive: true, force: true });
}

function decode(object: SecretObject): SecretVersion {
  return {
    resourceVersion: object.metadata?.resourceVersion ?? "",
    receivedAt: Date.now(),
    annotations: { ...object.metadata?.annotations },
    data: Object.fromEntries(
      Object.entries(object.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
    ),
  };
}

/** Starts projecting; the first version is on disk once `until(() => true)` resolves. */
export function projectSecret(options: SecretProjectorOptions): SecretProjection {
  const { kubeConfig, namespace, name, delayMs = 0, onVersion } = options;
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), `secret-${name}-`));
  const history: SecretVersion[] = [];
  const projected: SecretVersion[] = [];
  let closed = false;
  let abort: AbortController | undefined;
  let writes = Promise.resolve();
  let lastResourceVersion: string | undefined;

  const accept = (object: SecretObject) => {
    const version = decode(object);
    lastResourceVersion = version.resourceVersion;
    history.push(version);
    onVersion?.(version);
    // Each version lands `delayMs` after it was seen, in order, one write at a time.
    writes = writes.then(async () => {
      await sleep(Math.max(version.receivedAt + delayMs - Date.now(), 0));
      if (closed) return;
      await atomicWrite(dir, version.data);
      projected.push(version);
    });
  };

  let watchError: unknown;
  const start = async (): Promise<void> => {
    const params = {
      fieldSelector: `metadata.name=${name}`,
      resourceVersion: lastResourceVersion,
      timeoutSeconds: 60,
    };
    abort = await new Watch(kubeConfig).watch(
      `/api/v1/namespaces/${namespace}/secrets`,
      params,
      (type: string, object: SecretObject & { code?: number }) => {
        if (type === "ADDED" || type === "MODIFIED") accept(object);
        // 410 Gone: resume from "now" (a fresh ADDED of the current state).
        if (type === "ERROR" && object.code === 410) lastResourceVersion = undefined;
        // DELETED: the kubelet keeps the last content in the volume, and so do we.
      },
      () => {
        restart();
      },
    );
  };
  // A watch ends (timeout, error): open the next one from the last version seen.
  const restart = (delay = 200): void => {
    if (closed) return;
    void sleep(delay).then(() =>
      start().catch((error: unknown) => {
        watchError = error;
        restart(1000);
      }),
    );
  };
  restart(0);

  return {
    dir,
    history,
    projected,
    async until(check, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = projected.find(check);
        if (found) return found;
        if (Date.now() > deadline) {
          const cause = watchError;
          const what = `Secret ${namespace}/${name}: no projected version matched in ${timeoutMs} ms`;
          throw new Error(what, { cause });
        }
        await sleep(50);
      }
    },
    close() {
      closed = true;
      abort?.abort();
      // A directory of our own making goes too, once the write in progress has finished.
      if (!options.dir)
        void writes.finally(() => {
          rmSync(dir, { recursive: true, force: true });
        });
    },
  };
}
