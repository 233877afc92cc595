import { describe, expect, it } from "vitest";
import { keywordOf } from "./keywords.ts";

describe("Twilio opt-out keywords", () => {
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
  ] as const)("reads %j as %s", (body, keyword) => {
    expect(keywordOf(body)).toBe(keyword);
  });

  it.each(["stop reminding me about laundry", "cancel 2", "help me plan", "", "STOP STOP", "🛑"])(
    "does not treat %j as a keyword (only the exact single word counts)",
    (body) => {
      expect(keywordOf(body)).toBeNull();
    },
  );
});
