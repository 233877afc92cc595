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
  /**
   * Also append every line to this file (default: stdout only). For processes whose stdout is not
   * a file a log shipper can tail, as the integration tests' child processes; in a pod stdout is.
   */
  file?: string | undefined;
}

export function createLogger({ name, level = "info", destination, file }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service: name, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names rather than numbers: what Grafana and humans filter on.
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: traceContext,
  };
  if (file) {
    // Each stream takes every line the logger lets through: the logger's level is the filter.
    const copy = pino.destination({ dest: file, append: true, mkdir: true, sync: true });
    const streams = [destination ?? pino.destination(1), copy].map((stream) => ({
      level: "trace" as const,
      stream,
    }));
    return pino(options, pino.multistream(streams));
  }
  return destination ? pino(options, destination) : pino(options);
}

function traceContext(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  if (!isSpanContextValid(span.spanContext())) return {};
  return { trace_id: traceId, span_id: spanId };
}
