// JSON logs that Loki can join to Jaeger: every line carries the active span's trace_id.
import { hostname } from "node:os";
import { isSpanContextValid, trace } from "@opentelemetry/api";
import { pino } from "pino";
import type { DestinationStream, Logger, LevelWithSilent } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  /** Service name, written as `service` on every line. */
  name: string;
  /** Default "info". */
  level?: LevelWithSilent;
  /** Where lines go; default stdout. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

export function createLogger({ name, level = "info", destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service: name, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names rather than numbers: what Grafana and humans filter on.
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: traceContext,
  };
  return destination ? pino(options, destination) : pino(options);
}

function traceContext(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  if (!isSpanContextValid(span.spanContext())) return {};
  return { trace_id: traceId, span_id: spanId };
}
