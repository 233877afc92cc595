import { mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createKeyring } from "./keyring.ts";
import type { Keyring, KeyringOptions } from "./keyring.ts";
import type { KeySet } from "./keyset.ts";
import { es256Key, hmacKey, jwtKeySet, writeLikeKubelet } from "./keyset-testing.ts";
import { createLogger } from "./log.ts";

let dir: string;
let keyring: Keyring | undefined;
let lines: Record<string, unknown>[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "keyring-"));
  lines = [];
});
afterEach(async () => {
  keyring?.close();
  keyring = undefined;
  await rm(dir, { recursive: true, force: true });
});

function open(options: Partial<KeyringOptions> = {}): Keyring {
  const logger = createLogger({
    name: "test",
    level: "debug",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  keyring = createKeyring({ dir, logger, pollIntervalMs: 50, ...options });
  return keyring;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
const waitForRevision = (ring: Keyring, revision: number) =>
  vi.waitFor(
    () => {
      expect(ring.revision).toBe(revision);
    },
    { timeout: 3000, interval: 20 },
  );

describe("createKeyring: loading", () => {
  it("loads the key set from a Secret volume laid out by the kubelet", async () => {
    const key = es256Key();
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(3, [key])) });
    const ring = open();
    await ring.ready;

    expect(ring.revision).toBe(3);
    expect(ring.current()).toMatchObject({ type: "JWTSigningKey", algorithm: "ES256", revision: 3 });
    expect(ring.signingKey().kid).toBe(key.kid);
    expect(ring.signingKey().signing.asymmetricKeyType).toBe("ec");
    expect(ring.byKid(key.kid)?.publicJwk).toMatchObject({ kty: "EC", kid: key.kid, alg: "ES256" });
    expect(ring.byKid(key.kid)?.publicJwk).not.toHaveProperty("d");
  });

  it("rejects ready with the path and the reason when the file is missing", async () => {
    const ring = open();
    await expect(ring.ready).rejects.toThrow(`keyring: cannot load ${path.join(dir, "keyset.json")}: ENOENT`);
    expect(() => ring.current()).toThrow(/not loaded yet/);
  });

  it("rejects ready when the first key set is invalid", async () => {
    const key = { ...es256Key(), kid: "not-the-thumbprint" };
    await writeFile(path.join(dir, "keyset.json"), json(jwtKeySet(1, [key])));
    await expect(open().ready).rejects.toThrow(/key not-the-thumbprint: kid must be the RFC 7638 thumbprint/);
  });
});

describe("createKeyring: hot reload", () => {
  it("picks up a ..data symlink swap, as the kubelet performs it", async () => {
    const first = es256Key();
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(1, [first])) });
    const ring = open();
    await ring.ready;
    const changes: KeySet[] = [];
    ring.on("change", (keySet) => changes.push(keySet));

    const second = es256Key({ state: "staged", createdAt: "2025-02-01T00:00:00Z" });
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(2, [first, second])) });

    await waitForRevision(ring, 2);
    expect(ring.verificationKeys().map((key) => key.kid)).toEqual([second.kid, first.kid]);
    expect(changes.map((keySet) => keySet.revision)).toEqual([2]);
  });

  it("notices a symlink swap through the directory watch alone, without polling", async () => {
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(1, [es256Key()])) });
    const ring = open({ pollIntervalMs: 3_600_000 });
    await ring.ready;

    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(2, [es256Key()])) });
    await waitForRevision(ring, 2);
  });

  it("picks up a file rewritten in place", async () => {
    const file = path.join(dir, "keyset.json");
    await writeFile(file, json(jwtKeySet(1, [es256Key()])));
    const ring = open();
    await ring.ready;

    await writeFile(file, json(jwtKeySet(2, [es256Key()])));
    await waitForRevision(ring, 2);
  });

  it("keeps the last good key set when an update is invalid, and logs it once", async () => {
    const good = es256Key();
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(1, [good])) });
    const ring = open();
    await ring.ready;

    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(2, [])) });
    await vi.waitFor(() => {
      expect(lines.some((l) => l["msg"]?.toString().includes("reload failed"))).toBe(true);
    });
    // Several more polls find the same bad file (each says so at debug level) without a second error.
    await vi.waitFor(
      () => {
        expect(
          lines.filter((l) => l["msg"] === "key set still invalid; keeping the last good one").length,
        ).toBeGreaterThanOrEqual(3);
      },
      { timeout: 3000, interval: 20 },
    );

    expect(ring.revision).toBe(1);
    expect(ring.signingKey().kid).toBe(good.kid);
    expect(lines.filter((l) => l["level"] === "error")).toHaveLength(1);

    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(3, [good, es256Key()])) });
    await waitForRevision(ring, 3);
  });

  it("keeps the last good key set when the file disappears or is not JSON", async () => {
    const file = path.join(dir, "keyset.json");
    await writeFile(file, json(jwtKeySet(1, [es256Key()])));
    const ring = open();
    await ring.ready;

    await unlink(file);
    await vi.waitFor(() => {
      expect(lines.some((l) => l["level"] === "error")).toBe(true);
    });
    await writeFile(file, "{ truncated");
    await vi.waitFor(() => {
      expect(lines.filter((l) => l["level"] === "error")).toHaveLength(2);
    });

    expect(ring.revision).toBe(1);
    expect(ring.verificationKeys()).toHaveLength(1);
  });
});

describe("createKeyring: choosing keys", () => {
  const old = es256Key({ createdAt: "2025-01-01T00:00:00Z", activatesAt: "2025-01-01T00:00:00Z" });
  const next = es256Key({ createdAt: "2025-03-01T00:00:00Z", activatesAt: "2025-03-01T01:00:00Z" });
  const staged = es256Key({
    state: "staged",
    createdAt: "2025-04-01T00:00:00Z",
    activatesAt: "2025-01-01T00:00:00Z",
  });
  const retiring = es256Key({ state: "retiring", createdAt: "2024-12-01T00:00:00Z" });

  async function ringAt(now: { value: Date }) {
    await writeFile(path.join(dir, "keyset.json"), json(jwtKeySet(5, [retiring, old, next, staged])));
    const ring = open({ clock: () => now.value });
    await ring.ready;
    return ring;
  }

  it("signs with the newest active key whose activatesAt has passed", async () => {
    const now = { value: new Date("2025-03-01T00:59:59Z") };
    const ring = await ringAt(now);
    expect(ring.signingKey().kid).toBe(old.kid);

    now.value = new Date("2025-03-01T01:00:00Z");
    expect(ring.signingKey().kid).toBe(next.kid);
  });

  it("never signs with a staged or retiring key, and says so when nothing can sign", async () => {
    await writeFile(path.join(dir, "keyset.json"), json(jwtKeySet(7, [staged, retiring])));
    const ring = open();
    await ring.ready;
    expect(() => ring.signingKey()).toThrow(
      "keyring: no active key has reached its activatesAt (revision 7)",
    );
  });

  it("verifies with every key present, newest first, and finds them by kid", async () => {
    const ring = await ringAt({ value: new Date("2025-03-01T00:00:00Z") });
    expect(ring.verificationKeys().map((key) => key.kid)).toEqual([
      staged.kid,
      next.kid,
      old.kid,
      retiring.kid,
    ]);
    expect(ring.byKid(retiring.kid)?.state).toBe("retiring");
    expect(ring.byKid("unknown")).toBeUndefined();
  });
});

describe("createKeyring: metrics", () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  /** label set → value of a metric in the registry (labels as `k=v,k=v`, sorted by key). */
  async function values(name: string): Promise<Record<string, number>> {
    const metric = registry.getSingleMetric(name);
    if (!metric) throw new Error(`${name} is not registered`);
    const { values: samples } = await metric.get();
    return Object.fromEntries(
      samples.map((sample) => [
        Object.entries(sample.labels)
          .toSorted(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(","),
        sample.value,
      ]),
    );
  }

  it("exports the loaded key set: keys by state, revision, load time, reloads, the signing key", async () => {
    const active = es256Key();
    const staged = es256Key({ state: "staged", createdAt: "2025-02-01T00:00:00Z" });
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(4, [active, staged])) });
    const now = new Date("2025-02-01T12:00:00Z");
    const ring = open({ clock: () => now, metrics: { registry, keyset: "jwt" } });
    await ring.ready;

    expect(await values("keyset_keys")).toEqual({
      "keyset=jwt,state=staged": 1,
      "keyset=jwt,state=active": 1,
      "keyset=jwt,state=retiring": 0,
    });
    expect(await values("keyset_revision")).toEqual({ "keyset=jwt": 4 });
    expect(await values("keyset_last_reload_timestamp_seconds")).toEqual({
      "keyset=jwt": now.getTime() / 1000,
    });
    expect(await values("keyset_reloads_total")).toEqual({
      "keyset=jwt,result=ok": 1,
      "keyset=jwt,result=invalid": 0,
    });
    expect(await values("keyset_signing_key_info")).toEqual({ [`keyset=jwt,kid=${active.kid}`]: 1 });
  });

  it("moves the signing key series to the next key when its activatesAt passes, without a reload", async () => {
    const old = es256Key({ activatesAt: "2025-01-01T00:00:00Z" });
    const next = es256Key({ createdAt: "2025-03-01T00:00:00Z", activatesAt: "2025-03-01T01:00:00Z" });
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(2, [old, next])) });
    const now = { value: new Date("2025-03-01T00:59:59Z") };
    const ring = open({ clock: () => now.value, metrics: { registry, keyset: "jwt" } });
    await ring.ready;
    expect(await values("keyset_signing_key_info")).toEqual({ [`keyset=jwt,kid=${old.kid}`]: 1 });

    now.value = new Date("2025-03-01T01:00:00Z");
    // The old kid's series is gone, not left at 1 beside the new one.
    expect(await values("keyset_signing_key_info")).toEqual({ [`keyset=jwt,kid=${next.kid}`]: 1 });
    expect((await values("keyset_reloads_total"))["keyset=jwt,result=ok"]).toBe(1);
  });

  it("exports no signing key while none can sign", async () => {
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(1, [es256Key({ state: "staged" })])) });
    const ring = open({ metrics: { registry, keyset: "jwt" } });
    await ring.ready;
    expect(await values("keyset_signing_key_info")).toEqual({});
    expect((await values("keyset_keys"))["keyset=jwt,state=staged"]).toBe(1);
  });

  it("counts every read of an invalid file while the last good set stays, then the fixed one", async () => {
    const good = es256Key();
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(1, [good])) });
    const ring = open({ metrics: { registry, keyset: "jwt" } });
    await ring.ready;

    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(2, [])) });
    // Polls every 50 ms: the same bad file is counted again at each, not once.
    await vi.waitFor(
      async () => {
        expect((await values("keyset_reloads_total"))["keyset=jwt,result=invalid"]).toBeGreaterThanOrEqual(3);
      },
      { timeout: 3000, interval: 20 },
    );
    expect(await values("keyset_revision")).toEqual({ "keyset=jwt": 1 });
    expect(await values("keyset_signing_key_info")).toEqual({ [`keyset=jwt,kid=${good.kid}`]: 1 });

    const next = es256Key({ createdAt: "2025-02-01T00:00:00Z", activatesAt: "2025-02-01T00:00:00Z" });
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(3, [good, next])) });
    await waitForRevision(ring, 3);
    expect(await values("keyset_revision")).toEqual({ "keyset=jwt": 3 });
    expect((await values("keyset_reloads_total"))["keyset=jwt,result=ok"]).toBe(2);
    expect(await values("keyset_signing_key_info")).toEqual({ [`keyset=jwt,kid=${next.kid}`]: 1 });
  });

  it("tells two keyrings on one registry apart by keyset, and drops a closed one's signing key", async () => {
    const jwt = es256Key();
    await writeLikeKubelet(dir, { "keyset.json": json(jwtKeySet(1, [jwt])) });
    const internalDir = await mkdtemp(path.join(tmpdir(), "keyring-internal-"));
    try {
      await writeFile(
        path.join(internalDir, "keyset.json"),
        json({ type: "HMAC", algorithm: "HS256", revision: 9, keys: [hmacKey("internal-1")] }),
      );
      const jwtRing = open({ metrics: { registry, keyset: "jwt" } });
      const internal = createKeyring({
        dir: internalDir,
        logger: createLogger({ name: "test", level: "silent" }),
        metrics: { registry, keyset: "internal" },
      });
      await Promise.all([jwtRing.ready, internal.ready]);

      expect(await values("keyset_signing_key_info")).toEqual({
        [`keyset=jwt,kid=${jwt.kid}`]: 1,
        "keyset=internal,kid=internal-1": 1,
      });
      expect(await values("keyset_revision")).toEqual({ "keyset=jwt": 1, "keyset=internal": 9 });

      internal.close();
      expect(await values("keyset_signing_key_info")).toEqual({ [`keyset=jwt,kid=${jwt.kid}`]: 1 });
    } finally {
      await rm(internalDir, { recursive: true, force: true });
    }
  });
});
