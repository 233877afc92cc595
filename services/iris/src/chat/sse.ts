// Server-sent events on a hijacked reply: the answer's deltas as they come, then one final event.
// The browser reads them with fetch and a ReadableStream (its access token is in memory, and
// EventSource cannot send an Authorization header). X-Accel-Buffering: no keeps the edge (nginx)
// from holding deltas back; a client that goes away aborts the answer's signal.
import type { FastifyReply } from "fastify";

export interface SseStream {
  /** Aborted when the client disconnects before the stream ends. */
  signal: AbortSignal;
  send(event: string, data: unknown): void;
  end(): void;
}

export function openSse(reply: FastifyReply): SseStream {
  const gone = new AbortController();
  reply.hijack();
  const raw = reply.raw;
  raw.on("close", () => {
    if (!raw.writableFinished) gone.abort();
  });
  raw.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    "x-accel-buffering": "no",
    "x-content-type-options": "nosniff",
    connection: "keep-alive",
  });
  // A comment first: proxies and the browser see the stream open before the first word.
  raw.write(": open\n\n");
  return {
    signal: gone.signal,
    send(event, data) {
      if (raw.writableEnded || raw.destroyed) return;
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!raw.writableEnded) raw.end();
    },
  };
}
