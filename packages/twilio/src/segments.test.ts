import { describe, expect, it } from "vitest";
import { countSegments } from "./segments.ts";

const gsm = (n: number): string => "a".repeat(n);

describe("countSegments", () => {
  it.each([
    ["empty", "", "GSM-7", 1, 0],
    ["one GSM char", "a", "GSM-7", 1, 1],
    ["160 GSM chars fit one segment", gsm(160), "GSM-7", 1, 160],
    ["161 GSM chars need two", gsm(161), "GSM-7", 2, 161],
    ["306 GSM chars fill two parts of 153", gsm(306), "GSM-7", 2, 306],
    ["307 GSM chars need three", gsm(307), "GSM-7", 3, 307],
    ["GSM accents and symbols stay GSM-7", "Ça coûte 5€? àéèùìò ÄÖÑÜ £$¥ @_", "UCS-2", 1, 31],
    ["basic accents stay GSM-7", "àéèùìò ÄÖÑÜ £$¥ @_§¿¡", "GSM-7", 1, 21],
    ["extension chars count two septets", "{}[]~^|\\€", "GSM-7", 1, 18],
    ["80 extension chars are 160 septets: one segment", "€".repeat(80), "GSM-7", 1, 160],
    ["159 plain + one extension char overflow", gsm(159) + "€", "GSM-7", 2, 161],
    ["an extension char is not split across parts", gsm(152) + "€" + gsm(152), "GSM-7", 3, 306],
    ["70 UCS-2 chars fit one segment", "я".repeat(70), "UCS-2", 1, 70],
    ["71 UCS-2 chars need two", "я".repeat(71), "UCS-2", 2, 71],
    ["134 UCS-2 chars fill two parts of 67", "я".repeat(134), "UCS-2", 2, 134],
    ["135 UCS-2 chars need three", "я".repeat(135), "UCS-2", 3, 135],
    ["one emoji switches the whole message to UCS-2", gsm(69) + "🙂", "UCS-2", 2, 71],
    ["an emoji counts two UTF-16 code units", "🙂".repeat(35), "UCS-2", 1, 70],
    ["a surrogate pair is not split across parts", "a".repeat(66) + "🙂" + "a".repeat(66), "UCS-2", 3, 134],
    ["curly quotes are not GSM-7", "“quoted”", "UCS-2", 1, 8],
    ["CJK text", "你好世界", "UCS-2", 1, 4],
  ] as const)("%s", (_name, body, ...expected) => {
    const [encoding, segments, units] = expected;
    expect(countSegments(body)).toEqual({ encoding, segments, units });
  });

  it("counts 1600 GSM chars as 11 segments", () => {
    expect(countSegments(gsm(1600)).segments).toBe(11);
  });
});
