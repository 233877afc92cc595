// Passwords: argon2id (memory-hard) through @node-rs/argon2's prebuilt N-API binding. Its default
// algorithm is argon2id; the PHC string it returns records the parameters, so raising the cost
// later leaves existing hashes verifiable (and they are re-hashed at the next login).
import { hash, verify } from "@node-rs/argon2";

export interface PasswordOptions {
  memoryKib: number;
  timeCost: number;
}

export interface Passwords {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Burns the same time as a real verify, so a login for an unknown e-mail is not faster. */
  verifyNothing(password: string): Promise<false>;
  /** True when the hash was made with other parameters than the current ones. */
  needsRehash(passwordHash: string): boolean;
}

export function createPasswords({ memoryKib, timeCost }: PasswordOptions): Passwords {
  const options = { memoryCost: memoryKib, timeCost, parallelism: 1 };
  const current = `m=${memoryKib},t=${timeCost},p=1`;
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    async verifyNothing(password) {
      dummy ??= hash("phoenix-dummy-password", options);
      await verify(await dummy, password).catch(() => false);
      return false;
    },
    needsRehash: (passwordHash) => !passwordHash.includes(`$${current}$`),
  };
}
