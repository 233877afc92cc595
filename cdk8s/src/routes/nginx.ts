// The local edge (docs/decisions/0052): nginx's configuration generated from the route table, so
// the browser meets on loopback the routing the Gateway applies in a cluster — one origin, the
// longest matching prefix wins, prefixes match per path segment (/v1 and /v1/… but not /v1x).
// `node cdk8s/src/routes/nginx.ts <run dir>` prints it for tools/edge.sh, reading the listen and
// upstream ports from the environment (tools/ports.env); nginxConfig is the pure part.
import path from "node:path";
import { defaultMaxBodyBytes, routeTable, tableProblems } from "./table.ts";
import type { RouteEntry } from "./table.ts";

export interface EdgeOptions {
  /** host:port to listen on (loopback only). */
  readonly listen: string;
  /** host:port of each table entry's process, by entry id. */
  readonly upstreams: Readonly<Record<string, string>>;
  /** Absolute directory of the pid file, the access log and the temp files (must exist). */
  readonly runDir: string;
}

/** How long a streaming response (SSE) may stay silent before nginx closes it. */
const streamingTimeout = "1h";

const upstreamName = (entry: RouteEntry) => `phoenix_${entry.id.replace(/-/g, "_")}`;

/** nginx locations of one prefix: "/" as is; "/v1" as `= /v1` and `/v1/` (segment-wise, never /v1x). */
export function locationsOf(prefix: string): string[] {
  return prefix === "/" ? ["/"] : [`= ${prefix}`, `${prefix}/`];
}

function location(entry: RouteEntry, match: string): string {
  const maxBody = String(entry.maxBodyBytes ?? defaultMaxBodyBytes);
  const lines = [
    `set $phoenix_route ${entry.id};`,
    `proxy_pass http://${upstreamName(entry)};`,
    `client_max_body_size ${maxBody};`,
    // Bodies stay in memory: no temp file, whose directory nginx's workers (nobody, under a root
    // master) may not be allowed to enter.
    `client_body_buffer_size ${maxBody};`,
    ...(entry.streaming
      ? [
          "# Server-sent events: every chunk goes out as it comes, and a quiet stream stays open.",
          "proxy_buffering off;",
          "proxy_cache off;",
          `proxy_read_timeout ${streamingTimeout};`,
          `proxy_send_timeout ${streamingTimeout};`,
        ]
      : []),
  ];
  return [`    location ${match} {`, ...lines.map((l) => `      ${l}`), "    }"].join("\n");
}

function upstream(entry: RouteEntry, address: string): string {
  // max_fails=0: a restarted process is used again at once, not after fail_timeout.
  return [
    `  upstream ${upstreamName(entry)} {`,
    `    server ${address} max_fails=0;`,
    "    keepalive 16;",
    "  }",
  ].join("\n");
}

/** The whole nginx.conf for `table`: one upstream per entry, two locations per prefix (one for "/"). */
export function nginxConfig(table: readonly RouteEntry[], options: EdgeOptions): string {
  const problems = tableProblems(table);
  if (problems.length > 0) throw new Error(`route table: ${problems.join("; ")}`);
  const run = (file: string) => path.join(options.runDir, file);
  const address = (entry: RouteEntry) => {
    const a = options.upstreams[entry.id];
    if (a === undefined) throw new Error(`no local address for route ${entry.id}`);
    return a;
  };
  const error = (status: number, code: string, message: string) =>
    `return ${String(status)} '{"error":"${code}","message":"${message}"}\\n';`;
  return `# Generated from cdk8s/src/routes/table.ts by cdk8s/src/routes/nginx.ts (tools/edge.sh) — do not edit.
daemon off;
worker_processes 1;
pid ${run("nginx.pid")};
error_log stderr warn;

events {
  worker_connections 1024;
}

http {
  server_tokens off;
  default_type application/octet-stream;
  log_format edge '$remote_addr "$request" $status $body_bytes_sent $request_time route=$phoenix_route upstream=$upstream_addr';
  access_log ${run("access.log")} edge;
  client_body_temp_path ${run("client_body_temp")};
  proxy_temp_path ${run("proxy_temp")};
  fastcgi_temp_path ${run("fastcgi_temp")};
  uwsgi_temp_path ${run("uwsgi_temp")};
  scgi_temp_path ${run("scgi_temp")};
  # Responses larger than the buffers go out as they come instead of into a temp file.
  proxy_max_temp_file_size 0;

  # The Host the browser sent, port included (the API compares it with Origin; ADR 0049).
  map $http_host $phoenix_host {
    "" $host;
    default $http_host;
  }

${table.map((e) => upstream(e, address(e))).join("\n")}

  server {
    listen ${options.listen};
    set $phoenix_route none;

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $phoenix_host;
    # Appended as the Gateway does: the API trusts one proxy hop (TRUST_PROXY_HOPS=1).
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $phoenix_host;

    # nginx's own errors as the services' JSON errors; a service's own 5xx passes unchanged.
    error_page 502 = @bad_gateway;
    error_page 504 = @gateway_timeout;
    error_page 413 = @too_large;
    location @bad_gateway {
      default_type application/json;
      ${error(502, "bad_gateway", "$phoenix_route is not answering")}
    }
    location @gateway_timeout {
      default_type application/json;
      ${error(504, "gateway_timeout", "$phoenix_route did not answer in time")}
    }
    location @too_large {
      default_type application/json;
      ${error(413, "body_too_large", "request body too large")}
    }

${table.map((e) => [`    # ${e.what}`, ...e.prefixes.flatMap(locationsOf).map((m) => location(e, m))].join("\n")).join("\n")}
  }
}
`;
}

/** Each entry's local address, 127.0.0.1:<the port its tools/ports.env variable holds>. */
export function localUpstreams(
  table: readonly RouteEntry[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    table.map((entry) => {
      const port = Number(env[entry.localPort]);
      if (!Number.isInteger(port) || port <= 0)
        throw new Error(`${entry.localPort} is not set (tools/ports.env)`);
      return [entry.id, `127.0.0.1:${String(port)}`];
    }),
  );
}

if (process.argv[1] === import.meta.filename) {
  const runDir = path.resolve(process.argv[2] ?? ".local/edge");
  const port = Number(process.env["EDGE_PORT"]);
  if (!Number.isInteger(port) || port <= 0) throw new Error("EDGE_PORT is not set (tools/ports.env)");
  process.stdout.write(
    nginxConfig(routeTable, {
      listen: `127.0.0.1:${String(port)}`,
      upstreams: localUpstreams(routeTable, process.env),
      runDir,
    }),
  );
}
