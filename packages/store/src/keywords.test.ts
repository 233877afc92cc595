import { describe, expect, it } from "vitest";
import { handledByTwilio, keywordOf } from "./keywords.ts";

describe("opt-out and opt-in keywords", () => {
  it.each([
    ["STOP", "stop"],
    ["stop", "stop"],
    ["  Stop.  ", "stop"],
    ["UNSUBSCRIBE", "stop"],
    ["cancel", "stop"],
    ["quit!", "stop"],
    ["START", "start"],
    ["unstop", "start"],
    ["yes", "start"],
    ["HELP", "help"],
    ["info", "help"],
    ["ARRET", "stop"],
    ["arret", "stop"],
    ["Arrêt", "stop"],
    ["ARRÊT!", "stop"],
    [" arrêt. ", "stop"],
    ["arre\u0302t", "stop"],
  ] as const)("reads %j as %s", (body, keyword) => {
    expect(keywordOf(body)).toBe(keyword);
  });

  it.each([
    "stop reminding me about laundry",
    "cancel 2",
    "help me plan",
    "",
    "STOP STOP",
    "🛑",
    "arrête de me rappeler",
    "arrêter",
    "ARRETE",
  ])("does not treat %j as a keyword (only the exact single word counts)", (body) => {
    expect(keywordOf(body)).toBeNull();
  });

  it.each(["STOP", "quit!", "START", "help"])("knows Twilio answers %j itself", (body) => {
    expect(handledByTwilio(body)).toBe(true);
  });

  it.each(["ARRET", "arrêt", "Arret."])("knows Twilio neither blocks nor confirms %j", (body) => {
    expect(handledByTwilio(body)).toBe(false);
  });
});
