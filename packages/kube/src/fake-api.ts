// A fake API server for one resource, for reflector and controller unit tests: list responses
// come from a queue, watches are recorded and driven by the test.
import type { FakeClock } from "./fake-clock.ts";
import { flushMicrotasks } from "./fake-clock.ts";
import type { KubeList, KubeObject } from "./kube-client.ts";
import type { WatchCallbacks, WatchRequest } from "./kube-watch.ts";

export class FakeConnection {
  stopped = false;
  readonly request: WatchRequest;
  private readonly callbacks: WatchCallbacks;

  constructor(request: WatchRequest, callbacks: WatchCallbacks) {
    this.request = request;
    this.callbacks = callbacks;
  }

  async send(type: string, object: unknown): Promise<void> {
    this.callbacks.onEvent(type, object);
    await flushMicrotasks();
  }

  async close(error?: unknown): Promise<void> {
    this.callbacks.onDone(error);
    await flushMicrotasks();
  }
}

export class FakeApi<Obj extends KubeObject = KubeObject> {
  readonly listCalls: number[] = [];
  readonly connections: FakeConnection[] = [];
  private readonly lists: Array<KubeList<Obj> | Error> = [];
  private readonly clock: FakeClock;

  constructor(clock: FakeClock) {
    this.clock = clock;
  }

  answerList(...responses: Array<KubeList<Obj> | Error>): void {
    this.lists.push(...responses);
  }

  list = (): Promise<KubeList<Obj>> => {
    this.listCalls.push(this.clock.now());
    const next = this.lists.shift();
    if (!next) return Promise.reject(new Error("no list response queued"));
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };

  watch = (request: WatchRequest, callbacks: WatchCallbacks): Promise<() => void> => {
    const connection = new FakeConnection(request, callbacks);
    this.connections.push(connection);
    return Promise.resolve(() => {
      connection.stopped = true;
    });
  };

  get current(): FakeConnection {
    const last = this.connections.at(-1);
    if (!last) throw new Error("no watch opened");
    return last;
  }
}

export function list<Obj extends KubeObject>(resourceVersion: string, ...items: Obj[]): KubeList<Obj> {
  return { items, metadata: { resourceVersion } };
}
