// Continuous token traffic through a rotation: a signer (the test process, reading its own
// projection of the Secret) issues a token every few milliseconds with the keyring's current
// signing key; the verifier process checks each one at once and again just before it expires,
// which is when a token depends most on the overlap.
import type { Keyring } from "@phoenix/kernel/keyring";
import { signToken } from "./jws.ts";
import type { Verifier } from "./support.ts";

export interface Failure {
  keyring: string;
  /** "sign": no signing key; "fresh": at issue; "late": just before exp. */
  when: "sign" | "fresh" | "late";
  kid?: string | undefined;
  error: string;
  at: string;
}

export interface LoadReport {
  issued: number;
  verified: number;
  /** Each kid that signed, in the order it first did. */
  signedBy: string[];
  failures: Failure[];
}

export interface LoadOptions {
  keyring: string;
  signer: Keyring;
  verifier: Verifier;
  lifetimeMs: number;
  /** Between tokens; default 50 ms. */
  everyMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Load {
  /** Tokens issued so far. */
  issued(): number;
  /** Ends the traffic; resolves once every verification came back. */
  stop(): Promise<LoadReport>;
}

export function startLoad(options: LoadOptions): Load {
  const { keyring, signer, verifier, lifetimeMs, everyMs = 50 } = options;
  const report: LoadReport = { issued: 0, verified: 0, signedBy: [], failures: [] };
  const pending = new Set<Promise<void>>();
  const fail = (failure: Omit<Failure, "keyring" | "at">) =>
    report.failures.push({ keyring, at: new Date().toISOString(), ...failure });

  const check = (token: string, when: "fresh" | "late") => {
    const verification = verifier.verify(keyring, token).then((verdict) => {
      report.verified += 1;
      if (!verdict.ok) fail({ when, kid: verdict.kid, error: verdict.error });
    });
    pending.add(verification);
    void verification.finally(() => pending.delete(verification));
  };

  const issue = () => {
    const now = Date.now();
    let key;
    try {
      key = signer.signingKey();
    } catch (error) {
      fail({ when: "sign", error: (error as Error).message });
      return;
    }
    const token = signToken(key, {
      sub: `user-${report.issued}`,
      iat: now / 1000,
      exp: (now + lifetimeMs) / 1000,
    });
    report.issued += 1;
    if (!report.signedBy.includes(key.kid)) report.signedBy.push(key.kid);
    check(token, "fresh");
    // Not a wait for anything: the second check is meant to happen at this age of the token.
    const late = sleep(lifetimeMs - 300).then(() => {
      check(token, "late");
    });
    pending.add(late);
    void late.finally(() => pending.delete(late));
  };

  const timer = setInterval(issue, everyMs);
  return {
    issued: () => report.issued,
    async stop() {
      clearInterval(timer);
      while (pending.size > 0) await Promise.all([...pending]);
      return report;
    },
  };
}
