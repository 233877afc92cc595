// Opt-out and opt-in keywords: a message that is exactly one of these words (any case, trailing
// "." or "!"). Twilio itself answers its standard ones on long codes (STOP and its English
// synonyms: it confirms and blocks further messages, error 21610); we record them so no sender of
// ours even tries, and START lifts it. ARRET ("stop" in French) is ours alone: Twilio neither
// blocks nor confirms it, so the platform records the opt-out the same way and sends the one
// confirmation itself.
export type Keyword = "stop" | "start" | "help";

const twilioKeywords: Readonly<Record<string, Keyword>> = {
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

const ownKeywords: Readonly<Record<string, Keyword>> = {
  ARRET: "stop",
  ARRÊT: "stop",
};

// NFC so that an "Ê" typed as E + combining circumflex reads like the precomposed one.
const wordOf = (body: string): string =>
  body
    .normalize("NFC")
    .trim()
    .replace(/[.!]+$/, "")
    .toUpperCase();

export function keywordOf(body: string): Keyword | null {
  const word = wordOf(body);
  return twilioKeywords[word] ?? ownKeywords[word] ?? null;
}

/** True for a keyword Twilio acts on itself: it confirms an opt-out, so we send nothing. */
export function handledByTwilio(body: string): boolean {
  return wordOf(body) in twilioKeywords;
}
