// Encryption at rest with the INTERNAL key set (HMAC or APIToken keys, ≥ 32 random bytes each):
// AES-256-GCM under a key derived per purpose with HKDF, tagged with the key's kid. Keys rotate
// and retired ones leave the set, so whatever is sealed must be re-sealed under the current key
// when the set changes (see reseal in mfa.ts); a row sealed with a vanished kid cannot be opened.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { Keyring } from "@phoenix/kernel/keyring";

export interface Sealed {
  ciphertext: Buffer;
  kid: string;
}

export interface SecretBox {
  seal(plaintext: string): Sealed;
  /** Throws when the kid is no longer in the key set or the ciphertext was tampered with. */
  open(sealed: Sealed): string;
  currentKid(): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createSecretBox(keyring: Keyring, purpose: string): SecretBox {
  const derived = new Map<string, Buffer>();
  const keyFor = (kid: string): Buffer => {
    const cached = derived.get(kid);
    if (cached) return cached;
    const key = keyring.byKid(kid);
    if (!key || key.signing.type !== "secret")
      throw new Error(`secret-box: no secret key ${kid} in the internal key set`);
    const material = key.signing.export();
    const aesKey = Buffer.from(
      hkdfSync("sha256", material, Buffer.alloc(0), `phoenix-api/${purpose}/v1`, 32),
    );
    derived.set(kid, aesKey);
    return aesKey;
  };
  return {
    currentKid: () => keyring.signingKey().kid,
    seal(plaintext) {
      const kid = keyring.signingKey().kid;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", keyFor(kid), iv);
      cipher.setAAD(Buffer.from(kid));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), kid };
    },
    open({ ciphertext, kid }) {
      const decipher = createDecipheriv("aes-256-gcm", keyFor(kid), ciphertext.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(kid));
      decipher.setAuthTag(ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(ciphertext.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}
