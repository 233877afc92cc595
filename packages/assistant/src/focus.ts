// Focus sessions: "focus" (25 min, or how long is left of the running one), "focus 50", "focus 1h",
// "focus 90 on taxes"; at most 3 h.
// "stop focus", "done focus", "end focus", "focus off".
import { formatMinutes, parseDuration } from "./durations.ts";
import type { Handler } from "./input.ts";
import type { EngineContext, EngineResult } from "./types.ts";
import { formatWhen } from "./wall-clock.ts";

export const DEFAULT_FOCUS_MINUTES = 25;
export const MAX_FOCUS_MINUTES = 180;

const STOP =
  /^(?:(?:stop|end|done|finish(?:ed)?|cancel|quit|exit)\s+(?:the\s+)?focus(?:ing)?(?:\s+session)?|focus\s+(?:off|stop|done|end|over))$/i;
const START = /^focus(?:\s+(?:for\s+)?(.+))?$/i;

/** "50", "1h", "45 min", "90 on taxes" → minutes; a label alone ("focus on taxes") → the default. */
function requestedMinutes(arg: string | undefined): number {
  if (arg === undefined) return DEFAULT_FOCUS_MINUTES;
  const whole = parseDuration(arg);
  if (whole !== null) return whole;
  const leading = /^(\S+(?:\s+(?:min|mins|minutes|h|hr|hrs|hours?))?)\s/i.exec(arg);
  return (leading && parseDuration(leading[1] ?? "")) ?? DEFAULT_FOCUS_MINUTES;
}

function startFocus(arg: string | undefined, ctx: EngineContext): EngineResult {
  const asked = requestedMinutes(arg);
  if (asked < 1)
    return { intent: "focus.start", reply: "Focus needs at least 1 minute, e.g. 'focus 25'.", actions: [] };
  const minutes = Math.min(asked, MAX_FOCUS_MINUTES);
  const endsAt = new Date(ctx.now.getTime() + minutes * 60_000);
  const until = formatWhen(endsAt, ctx.now, ctx.timeZone);
  const lead = asked > MAX_FOCUS_MINUTES ? "Capped at" : ctx.focus ? "Restarted focus:" : "Focus on:";
  const reply = `${lead} ${formatMinutes(minutes)}, until ${until}. Text 'stop focus' to end early.`;
  return { intent: "focus.start", reply, actions: [{ type: "focus.start", minutes, endsAt }] };
}

function stopFocus(ctx: EngineContext): EngineResult {
  if (!ctx.focus) {
    return { intent: "focus.stop", reply: "No focus session running. Start one: 'focus 25'.", actions: [] };
  }
  const remaining = Math.max(0, Math.ceil((ctx.focus.endsAt.getTime() - ctx.now.getTime()) / 60_000));
  const spent = Math.max(0, ctx.focus.minutes - remaining);
  return {
    intent: "focus.stop",
    reply: `Focus stopped after ${formatMinutes(spent)}. Nice effort!`,
    actions: [{ type: "focus.stop" }],
  };
}

function focusStatus(focus: { endsAt: Date }, ctx: EngineContext): EngineResult {
  const left = Math.max(1, Math.ceil((focus.endsAt.getTime() - ctx.now.getTime()) / 60_000));
  const until = formatWhen(focus.endsAt, ctx.now, ctx.timeZone);
  const reply = `Focusing until ${until} (${formatMinutes(left)} left). Text 'stop focus' to end.`;
  return { intent: "focus.status", reply, actions: [] };
}

export const focusCommand: Handler = ({ text }, ctx) => {
  if (STOP.test(text)) return stopFocus(ctx);
  const start = START.exec(text);
  if (!start) return null;
  if (start[1] === undefined && ctx.focus && ctx.focus.endsAt.getTime() > ctx.now.getTime()) {
    return focusStatus(ctx.focus, ctx);
  }
  return startFocus(start[1], ctx);
};
