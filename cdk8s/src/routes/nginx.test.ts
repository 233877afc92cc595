// The local edge's nginx configuration, read back as nginx would choose a location (an exact
// match first, else the longest prefix): every table entry is reachable at each of its prefixes,
// segment-wise, and the longest prefix wins. test/platform/edge.int.test.ts runs the real nginx.
import { describe, expect, it } from "vitest";
import { localUpstreams, locationsOf, nginxConfig } from "./nginx.ts";
import { routeTable } from "./table.ts";
import type { RouteEntry } from "./table.ts";

const env = {
  SMS_ROUTER_PORT: "26483",
  API_PORT: "26484",
  WEB_PORT: "26485",
  IRIS_PORT: "26486",
  CAREER_PORT: "26487",
};
const options = (table: readonly RouteEntry[]) => ({
  listen: "127.0.0.1:26400",
  upstreams: localUpstreams(table, env),
  runDir: "/run/edge",
});

interface Location {
  match: string;
  body: string;
}

/** The server's locations (named ones left out) with their directives. */
function locations(config: string): Location[] {
  return [...config.matchAll(/^ {4}location ([^@{][^{]*?) \{\n([\s\S]*?)^ {4}\}/gm)].map((m) => ({
    match: m[1] ?? "",
    body: m[2] ?? "",
  }));
}

/** nginx's choice among prefix locations (no regex locations here): `= path` first, else the longest prefix. */
function chosen(config: string, uri: string): Location | undefined {
  const all = locations(config);
  const exact = all.find((l) => l.match === `= ${uri}`);
  if (exact) return exact;
  return all
    .filter((l) => !l.match.startsWith("= ") && uri.startsWith(l.match))
    .sort((a, b) => b.match.length - a.match.length)[0];
}

const upstreamOf = (config: string, uri: string) =>
  /proxy_pass http:\/\/(\w+);/.exec(chosen(config, uri)?.body ?? "")?.[1];

/** upstream name → its server address. */
function upstreams(config: string): Record<string, string> {
  return Object.fromEntries(
    [...config.matchAll(/upstream (\w+) \{\n\s+server (\S+) max_fails=0;/g)].map((m) => [
      m[1] ?? "",
      m[2] ?? "",
    ]),
  );
}

describe("the local edge's nginx configuration", () => {
  const config = nginxConfig(routeTable, options(routeTable));

  it("has an upstream per table entry at its tools/ports.env address, and every prefix proxied to it", () => {
    expect(upstreams(config)).toEqual({
      phoenix_twilio: "127.0.0.1:26483",
      phoenix_api: "127.0.0.1:26484",
      phoenix_web: "127.0.0.1:26485",
      phoenix_iris: "127.0.0.1:26486",
      phoenix_career: "127.0.0.1:26487",
    });
    for (const entry of routeTable) {
      for (const prefix of entry.prefixes) {
        for (const uri of [prefix, `${prefix === "/" ? "" : prefix}/some/path`]) {
          expect(upstreamOf(config, uri), uri).toBe(`phoenix_${entry.id}`);
        }
      }
    }
    expect(locations(config).map((l) => l.match)).toEqual([
      "= /twilio",
      "/twilio/",
      "= /v1",
      "/v1/",
      "= /v1/chat",
      "/v1/chat/",
      "= /v1/journal",
      "/v1/journal/",
      "= /v1/cv",
      "/v1/cv/",
      "= /v1/letters",
      "/v1/letters/",
      "= /v1/job-offers",
      "/v1/job-offers/",
      "/",
    ]);
  });

  it("routes by path segment: /v1 and /v1/… to the API, /v1x and /twiliox to the web app", () => {
    expect(upstreamOf(config, "/v1")).toBe("phoenix_api");
    expect(upstreamOf(config, "/v1/me")).toBe("phoenix_api");
    expect(upstreamOf(config, "/v1x")).toBe("phoenix_web");
    expect(upstreamOf(config, "/twiliox/sms")).toBe("phoenix_web");
    expect(upstreamOf(config, "/en/pricing")).toBe("phoenix_web");
    expect(locationsOf("/v1")).toEqual(["= /v1", "/v1/"]);
    expect(locationsOf("/")).toEqual(["/"]);
  });

  it("gives the longest prefix the request: /v1/cv to career and /v1/chat to iris, /v1/cvx to the API", () => {
    expect(upstreamOf(config, "/v1/cv")).toBe("phoenix_career");
    expect(upstreamOf(config, "/v1/cv/42/pdf")).toBe("phoenix_career");
    expect(upstreamOf(config, "/v1/cv/templates")).toBe("phoenix_career");
    expect(upstreamOf(config, "/v1/letters/7")).toBe("phoenix_career");
    expect(upstreamOf(config, "/v1/job-offers")).toBe("phoenix_career");
    expect(upstreamOf(config, "/v1/chat/stream")).toBe("phoenix_iris");
    expect(upstreamOf(config, "/v1/cvx")).toBe("phoenix_api");
    expect(upstreamOf(config, "/v1/me")).toBe("phoenix_api");
  });

  it("turns buffering off and keeps quiet streams open on streaming routes only", () => {
    for (const l of locations(config)) {
      const streaming = /phoenix_iris/.test(l.body);
      expect(l.body.includes("proxy_buffering off;"), l.match).toBe(streaming);
      expect(l.body.includes("proxy_read_timeout 1h;"), l.match).toBe(streaming);
    }
  });

  it("accepts bodies as large as the service does (1 MiB, fastify's default, unless the entry says: career's 5 MiB uploads)", () => {
    for (const l of locations(config)) {
      const max = /phoenix_career/.test(l.body) ? "6291456" : "1048576";
      expect(l.body, l.match).toContain(`client_max_body_size ${max};`);
      // In memory: a temp file's directory may be closed to the workers (root master, nobody workers).
      expect(l.body, l.match).toContain(`client_body_buffer_size ${max};`);
    }
    expect(config).toContain("proxy_max_temp_file_size 0;");
    const big = nginxConfig([{ ...routeTable[1]!, maxBodyBytes: 10 << 20 }], options(routeTable));
    expect(locations(big).map((l) => l.body)).toEqual([
      expect.stringContaining("client_max_body_size 10485760;"),
      expect.stringContaining("client_max_body_size 10485760;"),
    ]);
  });

  it("forwards Host, X-Forwarded-For (appended) and X-Forwarded-Proto, listens on loopback only, keeps its files in the run directory", () => {
    expect(config).toContain("proxy_set_header Host $phoenix_host;");
    expect(config).toContain("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
    expect(config).toContain("proxy_set_header X-Forwarded-Proto $scheme;");
    expect([...config.matchAll(/^\s*listen (.*);$/gm)].map((m) => m[1])).toEqual(["127.0.0.1:26400"]);
    for (const path of [...config.matchAll(/^\s*(?:pid|access_log|\w+_temp_path) (\S+)/gm)].map((m) => m[1]))
      expect(path).toMatch(/^\/run\/edge\//);
  });

  it("answers a JSON 502 when a process is down and a JSON 413 for a body too large", () => {
    expect(config).toContain("error_page 502 = @bad_gateway;");
    expect(config).toMatch(
      /location @bad_gateway \{\n\s+default_type application\/json;\n\s+return 502 '\{"error":"bad_gateway"/,
    );
    expect(config).toMatch(/location @too_large \{\n\s+default_type application\/json;\n\s+return 413 /);
  });

  it("refuses a table with problems and an entry without its local port", () => {
    expect(() => nginxConfig([routeTable[0]!, routeTable[0]!], options(routeTable))).toThrow(/appears twice/);
    expect(() => localUpstreams(routeTable, { API_PORT: "26484" })).toThrow(/SMS_ROUTER_PORT is not set/);
    const withoutCareer = options(routeTable.filter((e) => e.id !== "career"));
    expect(() => nginxConfig(routeTable, withoutCareer)).toThrow(/no local address for route career/);
  });
});
