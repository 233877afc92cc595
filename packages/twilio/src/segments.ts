// Counts SMS segments the way Twilio bills them. GSM-7: 160 septets in one segment, 153 per part
// when concatenated (the UDH takes 7); an extension-table character costs 2 septets and is
// never split across parts. UCS-2 (any character outside GSM-7): 70 code units single, 67 per
// part, and a surrogate pair (emoji) is never split either.

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the body occupies. */
  units: number;
}

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "\f^{}\\[~]|€";

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

const limits: Record<SmsEncoding, { single: number; part: number }> = {
  "GSM-7": { single: 160, part: 153 },
  "UCS-2": { single: 70, part: 67 },
};

export function smsEncoding(body: string): SmsEncoding {
  for (const char of body) {
    if (!basic.has(char) && !extension.has(char)) return "UCS-2";
  }
  return "GSM-7";
}

export function countSegments(body: string): SegmentCount {
  const encoding = smsEncoding(body);
  // Per character (code point): 2 septets for extension chars, 2 code units for surrogate pairs.
  const costs = Array.from(body, (char) =>
    encoding === "GSM-7" ? (extension.has(char) ? 2 : 1) : char.length,
  );
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, part } = limits[encoding];
  if (units <= single) return { encoding, segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, segments, units };
}
