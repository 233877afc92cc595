// "help", "?", "commands" (and Twilio's HELP keyword): the command list. Anything no topic claims
// gets a short pointer instead, tuned to why it was not understood.
import type { Handler } from "./input.ts";
import type { EngineResult } from "./types.ts";

export const HELP_REPLY = [
  "Phoenix commands:",
  "add call the bank / tasks / done 2 / delete 2",
  "remind me to X at 9pm (in 20 min, tomorrow 8am, on fri, every weekday at 8)",
  "reminders / cancel 2 / snooze 15",
  "focus 25 / stop focus / energy 3 / mood 2 / today",
  "tz Europe/Berlin / quiet 22-7",
].join("\n");

const HELP = /^(?:help|h|\?+|commands?|menu|info|what can you do|how does this work)\??$/i;
const LATIN_LETTER = /[a-z]/i;
const ANY_LETTER = /\p{L}/u;

export const helpCommand: Handler = ({ text }) =>
  HELP.test(text) ? { intent: "help", reply: HELP_REPLY, actions: [] } : null;

export const UNKNOWN_REPLIES = {
  empty:
    "Send me a command, e.g. 'add call the bank' or 'remind me at 9pm to take meds'. Text 'help' for more.",
  long: "That's a long message! Send one short command, e.g. 'add call the bank'. Text 'help' for more.",
  script: "Sorry, I only understand English commands for now. Text 'help' for the list.",
  other: "Sorry, I didn't get that. Try 'add call the bank', 'remind me at 9pm to take meds' or 'help'.",
} as const;

/** The reply for input that no topic understood (`raw` is the message as received). */
export function unknown(raw: string, tooLong: boolean): EngineResult {
  const text = raw.trim();
  const kind = tooLong
    ? "long"
    : text === ""
      ? "empty"
      : ANY_LETTER.test(text) && !LATIN_LETTER.test(text)
        ? "script"
        : "other";
  return { intent: "unknown", reply: UNKNOWN_REPLIES[kind], actions: [] };
}
