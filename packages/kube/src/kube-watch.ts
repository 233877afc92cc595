// The raw watch stream: client-node's Watch (which on Node 24 honours timeouts and closes its
// connection properly) behind a small function type the reflector can take a fake of.
import { Watch } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import type { KubeClient, KubeList, KubeObject, ResourceType } from "./kube-client.ts";
import { resourcePath } from "./kube-client.ts";

export interface WatchRequest {
  resourceVersion: string;
  timeoutSeconds: number;
}

export interface WatchCallbacks {
  /** One decoded event: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (with a Status object). */
  onEvent: (type: string, object: unknown) => void;
  /** The stream ended: cleanly (no error) or not. Called at most once. */
  onDone: (error?: unknown) => void;
}

/** Opens a watch; resolves to a function that aborts it. */
export type WatchFn = (request: WatchRequest, callbacks: WatchCallbacks) => Promise<() => void>;

/** Lists a whole collection, returning the snapshot's resourceVersion. */
export type ListFn<T> = (signal: AbortSignal) => Promise<KubeList<T>>;

export interface WatchOptions {
  /** Extra query parameters, e.g. `{ labelSelector: "app=x" }`. */
  query?: Record<string, string>;
  /**
   * client-node aborts a watch after this long without bytes; its default of 30 s is shorter
   * than the ~60 s between bookmarks and would restart every quiet watch. Default 10 minutes:
   * the reflector's own watchdog is what catches silent connections.
   */
  inactivityTimeoutMs?: number;
}

export function kubeWatch(config: KubeConfig, path: string, options: WatchOptions = {}): WatchFn {
  const { query = {}, inactivityTimeoutMs = 600_000 } = options;
  return async ({ resourceVersion, timeoutSeconds }, { onEvent, onDone }) => {
    const watch = new Watch(config);
    // `requestTimeoutMs` is private in the typings but a plain, documented-by-source field.
    (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = inactivityTimeoutMs;
    const params = { ...query, allowWatchBookmarks: true, resourceVersion, timeoutSeconds };
    const controller = await watch.watch(
      path,
      params,
      (type: string, object: unknown) => {
        onEvent(type, object);
      },
      (error: unknown) => {
        onDone(error ?? undefined);
      },
    );
    return () => {
      controller.abort();
    };
  };
}

export interface ResourceSource<T> {
  list: ListFn<T>;
  watch: WatchFn;
}

/** The list and watch functions for one resource type, optionally one namespace or selection. */
export function resourceSource<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  options: {
    namespace?: string | undefined;
    labelSelector?: string | undefined;
    inactivityTimeoutMs?: number | undefined;
  } = {},
): ResourceSource<T> {
  const { namespace, labelSelector, inactivityTimeoutMs } = options;
  const query: Record<string, string> = labelSelector ? { labelSelector } : {};
  return {
    list: (signal) => client.list<T>(type, { namespace, labelSelector, signal }),
    watch: kubeWatch(client.config, resourcePath(type, { namespace }), {
      query,
      ...(inactivityTimeoutMs !== undefined && { inactivityTimeoutMs }),
    }),
  };
}
