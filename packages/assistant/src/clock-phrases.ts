// Clock readings inside a message: "9pm", "9:30 pm", "9 p.m.", "21:00", "at 8", "noon", "midnight".
// A bare hour 1–11 without am/pm ("at 8", "9:30") is ambiguous; the caller decides which half-day.
import type { ClockTime } from "./wall-clock.ts";

export interface ClockReading extends ClockTime {
  /** True for "at 8" or "9:30": the reading could be morning or evening. */
  ambiguous: boolean;
}

export interface ClockMatch {
  reading: ClockReading | "invalid";
  index: number;
  length: number;
  /** The matched words, for an error reply. */
  phrase: string;
}

type Reader = (groups: (string | undefined)[]) => ClockReading | "invalid";

const named: Reader = ([word]) =>
  word?.toLowerCase() === "midnight"
    ? { hour: 0, minute: 0, ambiguous: false }
    : { hour: 12, minute: 0, ambiguous: false };

const twelveHour: Reader = ([hourText, minuteText, half]) => {
  const hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (hour < 1 || hour > 12 || minute > 59) return "invalid";
  const pm = half?.toLowerCase() === "p";
  return { hour: (hour % 12) + (pm ? 12 : 0), minute, ambiguous: false };
};

const twentyFourHour: Reader = ([hourText = "", minuteText]) => {
  const hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (hour > 23 || minute > 59) return "invalid";
  const ambiguous = hour >= 1 && hour <= 11 && !hourText.startsWith("0");
  return { hour, minute, ambiguous };
};

// Most specific first: "at 9:30pm" must not be read as "at 9:30".
const PATTERNS: [RegExp, Reader][] = [
  [/\b(?:at\s+)?(noon|midday|midnight)\b/i, named],
  [/\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\b\.?/i, twelveHour],
  [/\b(?:at\s+)?(\d{1,2}):(\d{2})\b/i, twentyFourHour],
  [/\bat\s+(\d{1,2})\b(?![:.]\d)/i, twentyFourHour],
];

export function findClock(text: string): ClockMatch | null {
  for (const [pattern, read] of PATTERNS) {
    const match = pattern.exec(text);
    if (match) {
      return { reading: read(match.slice(1)), index: match.index, length: match[0].length, phrase: match[0] };
    }
  }
  return null;
}

/** With a day named ("tomorrow at 8", "friday at 5"): 7–11 are morning, 1–6 afternoon/evening. */
export function dayTime(reading: ClockReading): ClockTime {
  if (!reading.ambiguous || reading.hour >= 7) return { hour: reading.hour, minute: reading.minute };
  return { hour: reading.hour + 12, minute: reading.minute };
}

/** Both halves of the day an ambiguous reading may mean, morning first. */
export function bothHalves(reading: ClockReading): ClockTime[] {
  const morning = { hour: reading.hour, minute: reading.minute };
  return reading.ambiguous ? [morning, { hour: reading.hour + 12, minute: reading.minute }] : [morning];
}
