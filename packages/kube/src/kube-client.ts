// Raw JSON access to any Kubernetes resource, built on client-node's authentication.
//
// Why not the generated API classes: their ObjectSerializer drops fields it has no model for
// and turns timestamps into Dates, so objects from a list would differ from the same objects in
// a watch (which client-node hands over unparsed); their patch calls default the Content-Type
// to JSON Patch; and client-node builds a fresh undici Agent (a new TLS connection) for every
// request. Here every response is plain JSON, the patch Content-Type is explicit, and one
// connection pool serves all requests.
import { ApiException, HttpMethod, RequestContext } from "@kubernetes/client-node";
import type { KubeConfig, PatchStrategy } from "@kubernetes/client-node";
import { request as undiciRequest } from "undici";
import type { Dispatcher } from "undici";

/** A kind of resource, e.g. `{ group: "phoenix.dev", version: "v1alpha1", plural: "twilionumbers" }`. */
export interface ResourceType {
  /** "" for the core group (ConfigMap, Secret, Event…). */
  group: string;
  version: string;
  plural: string;
  /** Default true. */
  namespaced?: boolean;
}

// The wire shapes below mirror JSON, where an undefined field is simply not sent, so optional
// fields also accept undefined (e.g. `{ namespace: object.metadata?.namespace }`).
export interface ObjectMeta {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  finalizers?: string[] | undefined;
  deletionTimestamp?: string | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
}

export interface KubeObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMeta | undefined;
}

export interface KubeList<T> {
  items: T[];
  metadata?: { resourceVersion?: string | undefined; continue?: string | undefined };
}

export interface ObjectRef {
  /** Omitted (or undefined) for cluster-scoped resources. */
  namespace?: string | undefined;
  name: string;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Default application/json when there is a body. */
  contentType?: string;
  signal?: AbortSignal | undefined;
}

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Objects per page; default 500 (pages keep large lists cheap for the API server). */
  pageSize?: number;
  signal?: AbortSignal | undefined;
}

/** The reference to `object` (its namespace and name) that get, patch and delete take. */
export function refOf(object: KubeObject): ObjectRef {
  return { namespace: object.metadata?.namespace, name: object.metadata?.name ?? "" };
}

/** The API path of a collection (no name) or of one object, optionally a subresource. */
export function resourcePath(
  type: ResourceType,
  target: { namespace?: string | undefined; name?: string; subresource?: string } = {},
): string {
  const base = type.group === "" ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope =
    type.namespaced !== false && target.namespace
      ? `/namespaces/${encodeURIComponent(target.namespace)}`
      : "";
  const name = target.name === undefined ? "" : `/${encodeURIComponent(target.name)}`;
  const sub = target.subresource && target.name !== undefined ? `/${target.subresource}` : "";
  return `${base}${scope}/${type.plural}${name}${sub}`;
}

/** metav1.MicroTime (Lease renewTime, Event eventTime): RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The `apiVersion` of objects of `type`. */
export function apiVersionOf(type: ResourceType): string {
  return type.group === "" ? type.version : `${type.group}/${type.version}`;
}

/** Told of every object a create, replace or patch through the client returned. */
export type WriteListener = (type: ResourceType, written: KubeObject) => void;

export class KubeClient {
  readonly config: KubeConfig;
  private readonly timeoutMs: number;
  private dispatcher: Dispatcher | undefined;
  private readonly writeListeners = new Set<WriteListener>();

  /** `timeoutMs` bounds every request (default 30 s): a hung API server must not hang a reconcile. */
  constructor(config: KubeConfig, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}) {
    this.config = config;
    this.timeoutMs = timeoutMs;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const ctx = new RequestContext(url.toString(), method);
    // Re-applied per request: tokens (in-cluster, exec plugins) rotate; the TLS pool does not.
    await this.config.applySecurityAuthentication(ctx);
    this.dispatcher ??= ctx.getDispatcher();
    const headers: Record<string, string> = { ...ctx.getHeaders(), accept: "application/json" };
    const timeout = AbortSignal.timeout(this.timeoutMs);
    // undici's own request API, not fetch: no WHATWG Request/stream objects per call, which
    // were a large share of the operator's CPU when reconciling thousands of objects.
    const response = await undiciRequest(url, {
      method,
      headers,
      ...jsonBody(headers, options),
      ...(this.dispatcher && { dispatcher: this.dispatcher }),
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    const text = await response.body.text();
    const body: unknown = text ? parseJson(text) : undefined;
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const message = (body as { message?: string } | undefined)?.message ?? `HTTP ${response.statusCode}`;
      throw new ApiException(
        response.statusCode,
        `${method} ${path}: ${message}`,
        body,
        headerRecord(response.headers),
      );
    }
    return body as T;
  }

  /** Calls `listener` with the object every successful write returned; returns an unsubscribe. */
  onWrite(listener: WriteListener): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  private async written<T extends KubeObject>(type: ResourceType, write: Promise<T>): Promise<T> {
    const object = await write;
    for (const listener of this.writeListeners) listener(type, object);
    return object;
  }

  private url(path: string, query: RequestOptions["query"] = {}): URL {
    const server = this.config.getCurrentCluster()?.server;
    if (!server) throw new Error("the kubeconfig has no current cluster");
    const url = new URL(server + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  get<T extends KubeObject>(type: ResourceType, ref: ObjectRef, signal?: AbortSignal): Promise<T> {
    return this.request<T>(HttpMethod.GET, resourcePath(type, ref), { signal });
  }

  /** Lists every page; the result carries the resourceVersion of the (consistent) snapshot. */
  async list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<KubeList<T>> {
    const { namespace, labelSelector, fieldSelector, pageSize = 500, signal } = options;
    const path = resourcePath(type, { namespace });
    const items: T[] = [];
    let resourceVersion: string | undefined;
    let token: string | undefined;
    do {
      const query = { limit: pageSize, continue: token, labelSelector, fieldSelector };
      const page = await this.request<KubeList<T>>(HttpMethod.GET, path, { query, signal });
      items.push(...page.items);
      resourceVersion ??= page.metadata?.resourceVersion;
      token = page.metadata?.continue || undefined;
    } while (token);
    return { items, metadata: { resourceVersion } };
  }

  create<T extends KubeObject>(type: ResourceType, body: T, signal?: AbortSignal): Promise<T> {
    const path = resourcePath(type, { namespace: body.metadata?.namespace });
    return this.written(type, this.request<T>(HttpMethod.POST, path, { body, signal }));
  }

  /** PUT: fails with 409 when `body.metadata.resourceVersion` is no longer current. */
  replace<T extends KubeObject>(type: ResourceType, body: T, signal?: AbortSignal): Promise<T> {
    const path = resourcePath(type, refOf(body));
    return this.written(type, this.request<T>(HttpMethod.PUT, path, { body, signal }));
  }

  patch<T extends KubeObject>(
    type: ResourceType,
    ref: ObjectRef & { subresource?: string },
    patch: PatchBody,
  ): Promise<T> {
    const request = this.request<T>(HttpMethod.PATCH, resourcePath(type, ref), {
      body: patch.body,
      contentType: patch.strategy,
      signal: patch.signal,
    });
    return this.written(type, request);
  }

  async delete(type: ResourceType, ref: ObjectRef, signal?: AbortSignal): Promise<void> {
    await this.request(HttpMethod.DELETE, resourcePath(type, ref), { signal });
  }
}

export interface PatchBody {
  /** The Content-Type, one of client-node's `PatchStrategy` values. */
  strategy: PatchStrategy;
  body: unknown;
  signal?: AbortSignal | undefined;
}

/** The HTTP status of a failed API call (ApiException from client-node or from KubeClient). */
export function statusCodeOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const code = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === "number" ? code : undefined;
}

/** The request's serialized body, if it has one, setting its Content-Type in `headers`. */
function jsonBody(headers: Record<string, string>, options: RequestOptions): { body?: string } {
  if (options.body === undefined) return {};
  headers["content-type"] = options.contentType ?? "application/json";
  return { body: JSON.stringify(options.body) };
}

function headerRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return record;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
