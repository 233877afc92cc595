// `make demo`'s scripted conversation: a user texts their dedicated number at the Twilio emulator
// (signed webhooks to sms-router, as Twilio sends them) and the transcript shows what comes back,
// including a reminder set a few seconds ahead. Usage: node tools/demo-conversation.ts <from> <to>
import { createControlClient } from "@phoenix/twilio-emulator/control-client";
import type { MessageView } from "@phoenix/twilio-emulator/control-client";

const [fromArg, toArg] = process.argv.slice(2);
if (!fromArg || !toArg) throw new Error("usage: demo-conversation.ts <user phone> <user's Twilio number>");
// Typed string here, so the functions below see them checked.
const from: string = fromArg;
const to: string = toArg;
const emulator = createControlClient(`http://127.0.0.1:${process.env["TWILIO_EMULATOR_PORT"] ?? "26499"}`);

const seen = new Set((await emulator.messages({ to, direction: "outbound-api" })).map((m) => m.sid));
for (const m of await emulator.messages({ to: from, direction: "outbound-api" })) seen.add(m.sid);

const time = (): string => new Date().toISOString().slice(11, 19);
const show = (who: string, body: string): void => {
  const [first = "", ...rest] = body.split("\n");
  process.stdout.write(`  ${time()}  ${who.padEnd(7)} ${first}\n`);
  for (const line of rest) process.stdout.write(`  ${" ".repeat(8)}  ${" ".repeat(7)} ${line}\n`);
};

/** Waits for the next message the platform sends to the user. */
async function nextReply(timeoutMs = 15_000): Promise<MessageView> {
  const message = await emulator.waitForMessage(
    { to: from, direction: "outbound-api" },
    { timeoutMs, intervalMs: 50, accept: (m) => !seen.has(m.sid) },
  );
  seen.add(message.sid);
  return message;
}

async function say(body: string): Promise<void> {
  show("you", body);
  const answer = await emulator.inbound({ from, to, body });
  if (answer.status !== 200)
    throw new Error(`sms-router answered ${String(answer.status)}: ${answer.error ?? answer.body}`);
  const reply = await nextReply();
  show(
    "phoenix",
    `${reply.body}   [${String(reply.numSegments)} segment${reply.numSegments === 1 ? "" : "s"}, from ${reply.from}]`,
  );
}

process.stdout.write(`\nConversation (you: ${from} → your Phoenix number ${to}):\n\n`);
for (const text of [
  "help",
  "add task call the bank",
  "add task book dentist",
  "remind me to take my meds in 8 seconds",
  "tasks",
  "done 1",
  "today",
])
  await say(text);
process.stdout.write(`  ${time()}  ...     (waiting for the reminder)\n`);
const reminder = await nextReply(30_000);
show("phoenix", reminder.body);
await say("energy 4");

// The same assistant in French (the engine reads both; "langue fr" makes French the default).
process.stdout.write("\n  En français :\n\n");
for (const text of [
  "langue fr",
  "ajoute appeler la CAF",
  "rappelle-moi dans 8 secondes de boire de l'eau",
  "tâches",
  "fait 1",
  "aujourd'hui",
])
  await say(text);
process.stdout.write(`  ${time()}  ...     (le rappel arrive)\n`);
show("phoenix", (await nextReply(30_000)).body);
await say("énergie 3");
process.stdout.write("\n");
