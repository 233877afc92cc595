// Builders for key sets in tests: real keys, real thumbprints, and a writer that updates a
// directory exactly the way the kubelet updates a mounted Secret.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdir, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { jwkThumbprint } from "./keyset.ts";
import type { KeyEntry, KeySetDocument, KeyState } from "./keyset.ts";

export interface KeyTimes {
  state?: KeyState;
  createdAt?: string;
  activatesAt?: string;
  retiresAt?: string;
}

export function es256Key({ state = "active", ...times }: KeyTimes = {}): KeyEntry {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  return {
    kid: jwkThumbprint(jwk),
    state,
    createdAt: times.createdAt ?? "2025-01-01T00:00:00Z",
    activatesAt: times.activatesAt ?? "2025-01-01T00:00:00Z",
    ...(times.retiresAt && { retiresAt: times.retiresAt }),
    jwk: jwk as NonNullable<KeyEntry["jwk"]>,
  };
}

export function hmacKey(kid: string, { state = "active", ...times }: KeyTimes = {}): KeyEntry {
  return {
    kid,
    state,
    createdAt: times.createdAt ?? "2025-01-01T00:00:00Z",
    activatesAt: times.activatesAt ?? "2025-01-01T00:00:00Z",
    secret: randomBytes(32).toString("base64url"),
  };
}

export function jwtKeySet(revision: number, keys: KeyEntry[]): KeySetDocument {
  return { type: "JWTSigningKey", algorithm: "ES256", revision, keys };
}

let generation = 0;

/**
 * Writes files as the kubelet does for a Secret volume: into a fresh `..<timestamp>` directory,
 * then an atomic rename of a `..data` symlink onto it; the visible names are symlinks through
 * `..data` and never change.
 */
export async function writeLikeKubelet(dir: string, files: Record<string, string>): Promise<void> {
  generation += 1;
  const version = `..2025_01_01_00_00_00.${process.pid}${generation}`;
  await mkdir(path.join(dir, version));
  for (const [name, content] of Object.entries(files))
    await writeFile(path.join(dir, version, name), content);
  const previous = await readlink(path.join(dir, "..data")).catch(() => undefined);
  await symlink(version, path.join(dir, "..data_tmp"));
  await rename(path.join(dir, "..data_tmp"), path.join(dir, "..data"));
  for (const name of Object.keys(files)) {
    await symlink(path.join("..data", name), path.join(dir, name)).catch((err: unknown) => {
      if (!(err instanceof Error && "code" in err && err.code === "EEXIST")) throw err;
    });
  }
  if (previous) await rm(path.join(dir, previous), { recursive: true });
}
