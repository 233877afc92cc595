// The resourceVersions this process's own writes produced, per object. Every write a reconcile
// makes comes back as a watch event (an "echo"); the reconcile that wrote it already acted on
// that state, so reconciling it again only repeats the checks (and, for TwilioNumbers, the
// Twilio calls) — worse, on a cache that may not yet hold its last write. A controller's source
// skips echoes; any other change to the object — someone else's write, a deletion — still
// triggers a reconcile, and so does the periodic resync.
//
// The check is exact, not a heuristic on generation: an event is an echo only when its
// resourceVersion is one a write of ours returned (compared for equality only, as the API
// conventions allow). An echo can arrive before the response of the write that caused it has
// been read; so events about an object whose reconcile is running are held until it ends, when
// every one of its writes is known, and only those that are not echoes trigger another run.
import type { Registry } from "prom-client";
import type { Counter } from "prom-client";
import type { KubeClient, KubeObject, ResourceType } from "./kube-client.ts";
import { echoesSkipped } from "./metrics.ts";
import { objectKey } from "./object-store.ts";

export interface OwnWritesOptions {
  /** Versions remembered per object; older ones are forgotten (their echo then reconciles). Default 8. */
  maxPerObject?: number;
  /** Exports `own_write_echoes_skipped_total{resource}`; default none. */
  registry?: Registry;
}

export class OwnWrites {
  private readonly type: ResourceType;
  private readonly maxPerObject: number;
  /** key → resourceVersions written and not yet seen as events, oldest first. */
  private readonly versions = new Map<string, string[]>();
  /** key → versions of events that arrived while its reconcile was running. */
  private readonly running = new Map<string, string[]>();
  private readonly skipped: Counter<"resource"> | undefined;

  constructor(type: ResourceType, options: OwnWritesOptions = {}) {
    this.type = type;
    this.maxPerObject = options.maxPerObject ?? 8;
    this.skipped = options.registry && echoesSkipped(options.registry);
  }

  /** Remembers every write of this type through `client`; returns an unsubscribe. */
  watch(client: KubeClient): () => void {
    return client.onWrite((type, written) => {
      if (type.group === this.type.group && type.plural === this.type.plural) this.record(written);
    });
  }

  /** Remembers the version a write of ours produced. */
  record(written: KubeObject): void {
    const version = written.metadata?.resourceVersion;
    if (!version) return;
    const key = objectKey(written);
    const versions = this.versions.get(key) ?? [];
    versions.push(version);
    if (versions.length > this.maxPerObject) versions.shift();
    this.versions.set(key, versions);
  }

  /**
   * True when a change to `object` needs no reconcile now: it is an echo of our own write, or a
   * reconcile of the object is running (then `end` decides).
   */
  skip(object: KubeObject): boolean {
    const key = objectKey(object);
    const version = object.metadata?.resourceVersion ?? "";
    const held = this.running.get(key);
    if (held) {
      held.push(version);
      return true;
    }
    return this.consume(key, version);
  }

  /** A reconcile of `key` starts: changes to it are held until it ends. */
  begin(key: string): void {
    this.running.set(key, []);
  }

  /** The reconcile of `key` ended; true when a change held meanwhile was not our own (run again). */
  end(key: string): boolean {
    const held = this.running.get(key) ?? [];
    this.running.delete(key);
    let foreign = false;
    for (const version of held) if (!this.consume(key, version)) foreign = true;
    return foreign;
  }

  /**
   * True when `version` is one a write of ours produced. Consumes it and every older version of
   * the object (watch events arrive in order, so those echoes will not come).
   */
  private consume(key: string, version: string): boolean {
    const versions = this.versions.get(key);
    const index = versions?.indexOf(version) ?? -1;
    if (!versions || index < 0) return false;
    versions.splice(0, index + 1);
    if (versions.length === 0) this.versions.delete(key);
    this.skipped?.inc({ resource: this.type.plural });
    return true;
  }

  /** Forgets an object (it was deleted). */
  forget(key: string): void {
    this.versions.delete(key);
  }

  /** Objects with versions remembered (for tests and memory checks). */
  get size(): number {
    return this.versions.size;
  }
}
