// The reflector's cache: the latest known state of every object by namespace/name, and the
// add/update/delete notifications that keep handlers (controllers) in step with it.
import type { KubeObject } from "./kube-client.ts";
import { errorFields } from "./logger.ts";
import type { RuntimeLogger } from "./logger.ts";

export interface ResourceEventHandler<T> {
  onAdd?(object: T): void;
  onUpdate?(previous: T, current: T): void;
  /** Also called, with the last known state, for objects a relist no longer returns. */
  onDelete?(object: T): void;
  /** Called periodically for every cached object (see Reflector.addHandler). */
  onResync?(object: T): void;
}

/** `namespace/name`, or `name` for cluster-scoped objects — client-go's MetaNamespaceKeyFunc. */
export function objectKey(object: KubeObject): string {
  const { namespace, name = "" } = object.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export class ObjectStore<T extends KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly handlers = new Set<ResourceEventHandler<T>>();
  private readonly logger: RuntimeLogger;

  constructor(logger: RuntimeLogger) {
    this.logger = logger;
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  get size(): number {
    return this.objects.size;
  }

  /** Registers `handler`; with `replay`, it first gets an add for every cached object. */
  subscribe(handler: ResourceEventHandler<T>, replay: boolean): () => void {
    this.handlers.add(handler);
    if (replay) for (const object of this.objects.values()) this.notify(handler, "onAdd", object);
    return () => this.handlers.delete(handler);
  }

  /** Applies one watch event. */
  apply(type: "ADDED" | "MODIFIED" | "DELETED", object: T): void {
    const key = objectKey(object);
    const previous = this.objects.get(key);
    if (type === "DELETED") {
      this.objects.delete(key);
      this.emit("onDelete", object);
      return;
    }
    this.objects.set(key, object);
    if (previous) this.emit("onUpdate", previous, object);
    else this.emit("onAdd", object);
  }

  /**
   * Replaces the cache with a fresh list: adds for new objects, updates for changed ones (by
   * resourceVersion, so a relist does not requeue everything), deletes for vanished ones.
   */
  replace(items: T[]): void {
    const fresh = new Map(items.map((object) => [objectKey(object), object]));
    for (const [key, previous] of this.objects) {
      if (fresh.has(key)) continue;
      this.objects.delete(key);
      this.emit("onDelete", previous);
    }
    for (const [key, object] of fresh) {
      const previous = this.objects.get(key);
      this.objects.set(key, object);
      if (!previous) this.emit("onAdd", object);
      else if (previous.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
        this.emit("onUpdate", previous, object);
      }
    }
  }

  /** Sends every cached object to `handler.onResync`. */
  resync(handler: ResourceEventHandler<T>): void {
    for (const object of this.objects.values()) this.notify(handler, "onResync", object);
  }

  private emit(event: keyof ResourceEventHandler<T>, object: T, current?: T): void {
    for (const handler of this.handlers) this.notify(handler, event, object, current);
  }

  // A throwing handler is a bug in that handler; it must not stop the others or the watch.
  private notify(
    handler: ResourceEventHandler<T>,
    event: keyof ResourceEventHandler<T>,
    object: T,
    current?: T,
  ) {
    try {
      if (event === "onUpdate") handler.onUpdate?.(object, current ?? object);
      else handler[event]?.(object);
    } catch (error) {
      this.logger.error(
        { ...errorFields(error), event, key: objectKey(object) },
        "resource event handler threw",
      );
    }
  }
}
