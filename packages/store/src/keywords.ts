// Twilio's standard opt-out keywords on long codes: a message that is exactly one of these words.
// Twilio itself answers STOP and blocks further messages (error 21610); we record it so no sender
// of ours even tries, and START lifts it.
export type Keyword = "stop" | "start" | "help";

const keywords: Readonly<Record<string, Keyword>> = {
  STOP: "stop",
  STOPALL: "stop",
  UNSUBSCRIBE: "stop",
  CANCEL: "stop",
  END: "stop",
  QUIT: "stop",
  START: "start",
  YES: "start",
  UNSTOP: "start",
  HELP: "help",
  INFO: "help",
};

export function keywordOf(body: string): Keyword | null {
  const word = body
    .trim()
    .replace(/[.!]+$/, "")
    .toUpperCase();
  return keywords[word] ?? null;
}
