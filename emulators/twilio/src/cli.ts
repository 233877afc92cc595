// Command line for a running emulator (default http://127.0.0.1:8099, or TWILIO_EMULATOR_URL):
//   node emulators/twilio/src/cli.ts inbound --from +15551230000 --to +14155550000 --body "remind me at 9pm"
//   node emulators/twilio/src/cli.ts state [--summary]
//   node emulators/twilio/src/cli.ts reset
// Prints JSON. `inbound` exits 1 unless the application answered 2xx.
import { parseArgs } from "node:util";
import { createControlClient } from "./control-client.ts";

const usage = `usage: cli.ts <inbound|state|reset> [--emulator URL]
  inbound --from E164 --to E164 --body TEXT [--message-sid SM…]
  state [--summary]
  reset`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    emulator: { type: "string", default: process.env["TWILIO_EMULATOR_URL"] ?? "http://127.0.0.1:8099" },
    from: { type: "string" },
    to: { type: "string" },
    body: { type: "string" },
    "message-sid": { type: "string" },
    summary: { type: "boolean", default: false },
  },
});

const client = createControlClient(values.emulator);
const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

async function run(command: string | undefined): Promise<number> {
  switch (command) {
    case "inbound": {
      const { from, to, body } = values;
      if (!from || !to || body === undefined) break;
      const messageSid = values["message-sid"];
      const result = await client.inbound({ from, to, body, ...(messageSid ? { messageSid } : {}) });
      print(result);
      return result.status !== null && result.status < 300 ? 0 : 1;
    }
    case "state":
      print(await client.state({ summary: values.summary }));
      return 0;
    case "reset":
      await client.reset();
      return 0;
  }
  process.stderr.write(`${usage}\n`);
  return 2;
}

try {
  process.exitCode = await run(positionals[0]);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
