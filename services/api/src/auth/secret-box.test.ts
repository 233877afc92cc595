import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createKeyring } from "@phoenix/kernel/keyring";
import type { Keyring } from "@phoenix/kernel/keyring";
import { createLogger } from "@phoenix/kernel/log";
import { hmacKey, writeLikeKubelet } from "../../../../packages/kernel/src/keyset-testing.ts";
import type { KeyEntry } from "../../../../packages/kernel/src/keyset.ts";
import { createSecretBox } from "./secret-box.ts";

const logger = createLogger({ name: "secret-box-test", level: "silent" });
let dir: string;
let keyring: Keyring;

async function internalKeys(keys: KeyEntry[]): Promise<Keyring> {
  dir = mkdtempSync(path.join(os.tmpdir(), "secret-box-"));
  await writeLikeKubelet(dir, {
    "keyset.json": JSON.stringify({ type: "HMAC", algorithm: "HS256", revision: 1, keys }),
  });
  keyring = createKeyring({ dir, logger, pollIntervalMs: 60_000 });
  await keyring.ready;
  return keyring;
}

afterEach(() => {
  keyring.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("secret box", () => {
  it("seals under the current key and opens by kid; ciphertexts differ for the same secret", async () => {
    const box = createSecretBox(await internalKeys([hmacKey("k1")]), "mfa-totp");
    const a = box.seal("JBSWY3DPEHPK3PXP");
    const b = box.seal("JBSWY3DPEHPK3PXP");
    expect(a.kid).toBe("k1");
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.ciphertext.toString("latin1")).not.toContain("JBSWY3DPEHPK3PXP");
    expect(box.open(a)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("refuses a tampered ciphertext, a relabelled kid and another purpose's key", async () => {
    const keys = await internalKeys([hmacKey("k1", { state: "retiring" }), hmacKey("k2")]);
    const box = createSecretBox(keys, "mfa-totp");
    const sealed = box.seal("secret");
    expect(sealed.kid).toBe("k2");
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => box.open({ ...sealed, ciphertext: flipped })).toThrow();
    expect(() => box.open({ ...sealed, kid: "k1" })).toThrow();
    expect(() => createSecretBox(keys, "other").open(sealed)).toThrow();
    expect(() => box.open({ ...sealed, kid: "gone" })).toThrow(/no secret key gone/);
  });
});
