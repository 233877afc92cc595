// A token verifier in its own process, like a service replica: one kernel keyring per mounted
// key set directory, hot-reloaded as the Secret projection changes, verifying each token by kid.
// Usage: node verifier-process.ts '{"<name>": "<dir>", ...}' <pollIntervalMs>
// Protocol (JSON lines): stdin {id, keyring, token} → stdout {id, ...Verdict};
// stdin {id, keyring} → stdout {id, revision, kids}. The first stdout line is {ready: true}.
import { createInterface } from "node:readline";
import { createKeyring } from "@phoenix/kernel/keyring";
import type { Keyring } from "@phoenix/kernel/keyring";
import { createLogger } from "@phoenix/kernel/log";
import { verifyToken } from "./jws.ts";

const dirs = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
const pollIntervalMs = Number(process.argv[3] ?? 2000);
const logger = createLogger({ name: "verifier", destination: process.stderr });

const keyrings = new Map<string, Keyring>(
  Object.entries(dirs).map(([name, dir]) => [name, createKeyring({ dir, logger, pollIntervalMs })]),
);
await Promise.all([...keyrings.values()].map((k) => k.ready));

const reply = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ ready: true });

for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as { id: number; keyring: string; token?: string };
  const keyring = keyrings.get(request.keyring);
  if (!keyring) {
    reply({ id: request.id, ok: false, error: `no keyring ${request.keyring}` });
  } else if (request.token === undefined) {
    reply({ id: request.id, revision: keyring.revision, kids: keyring.verificationKeys().map((k) => k.kid) });
  } else {
    reply({ id: request.id, ...verifyToken(request.token, (kid) => keyring.byKid(kid), Date.now()) });
  }
}
for (const keyring of keyrings.values()) keyring.close();
