// Ships the local services' log files to VictoriaLogs over the Loki push API, as Alloy ships pod
// logs to Loki in a cluster: tail each file, one stream per service ({service, job}), the line as
// it was written (pino JSON; the store parses it, so trace_id and the rest become fields), the
// line's own `time` as its timestamp, positions kept in a file so a restart neither re-sends nor
// skips lines. Files that do not exist yet are waited for; a truncated file is read from the start.
//
// Usage: node tools/log-shipper.ts --push <base URL> --positions <file> <service>=<log file>...
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { parseArgs } from "node:util";

interface Source {
  service: string;
  file: string;
  offset: number;
}

const maxBatchBytes = 1 << 20;
const pollMs = 250;

const { values, positionals } = parseArgs({
  options: { push: { type: "string" }, positions: { type: "string" } },
  allowPositionals: true,
});
if (!values.push || !values.positions || positionals.length === 0)
  throw new Error("usage: log-shipper.ts --push <url> --positions <file> <service>=<file>...");
const pushUrl = `${values.push.replace(/\/+$/, "")}/insert/loki/api/v1/push?_msg_field=msg`;
const positionsFile = values.positions;

const saved: Record<string, number> = existsSync(positionsFile)
  ? (JSON.parse(readFileSync(positionsFile, "utf8")) as Record<string, number>)
  : {};
const sources: Source[] = positionals.map((arg) => {
  const at = arg.indexOf("=");
  if (at <= 0) throw new Error(`expected <service>=<file>, got ${arg}`);
  const file = arg.slice(at + 1);
  return { service: arg.slice(0, at), file, offset: saved[file] ?? 0 };
});

/** Complete lines appended since `source.offset` (at most maxBatchBytes), and the offset after them. */
async function newLines(source: Source): Promise<{ lines: string[]; end: number } | undefined> {
  const size = await stat(source.file).then(
    (s) => s.size,
    () => undefined,
  );
  if (size === undefined) return undefined;
  if (size < source.offset) source.offset = 0;
  if (size === source.offset) return undefined;
  const handle = await open(source.file, "r");
  try {
    const buffer = Buffer.alloc(Math.min(size - source.offset, maxBatchBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, source.offset);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    const complete = text.lastIndexOf("\n");
    if (complete < 0) return undefined;
    const lines = text
      .slice(0, complete)
      .split("\n")
      .filter((line) => line.trim() !== "");
    return { lines, end: source.offset + Buffer.byteLength(text.slice(0, complete + 1)) };
  } finally {
    await handle.close();
  }
}

// Loki wants nanoseconds since the epoch, as a string; pino's isoTime is the line's own time.
function timestampOf(line: string): string {
  const match = /"time":"([^"]+)"/.exec(line);
  const ms = match?.[1] ? Date.parse(match[1]) : Number.NaN;
  return `${String(Number.isNaN(ms) ? Date.now() : ms)}000000`;
}

async function ship(source: Source): Promise<boolean> {
  const batch = await newLines(source);
  if (!batch) return false;
  if (batch.lines.length > 0) {
    const body = {
      streams: [
        {
          stream: { service: source.service, job: "phoenix-local" },
          values: batch.lines.map((line) => [timestampOf(line), line]),
        },
      ],
    };
    const response = await fetch(pushUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    // Not acknowledged: keep the offset, the same lines go again on the next round.
    if (!response.ok) throw new Error(`push answered ${response.status}: ${await response.text()}`);
  }
  source.offset = batch.end;
  return true;
}

const stop = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    stop.abort();
  });

let lastError = "";
while (!stop.signal.aborted) {
  let moved = false;
  for (const source of sources) {
    try {
      if (await ship(source)) moved = true;
    } catch (err) {
      const message = `${source.service}: ${err instanceof Error ? err.message : String(err)}`;
      // One line per distinct failure, not one per poll while the store is down.
      if (message !== lastError) process.stderr.write(`log-shipper: ${message}\n`);
      lastError = message;
    }
  }
  if (moved)
    writeFileSync(positionsFile, JSON.stringify(Object.fromEntries(sources.map((s) => [s.file, s.offset]))));
  else await new Promise((resolve) => setTimeout(resolve, pollMs));
}
