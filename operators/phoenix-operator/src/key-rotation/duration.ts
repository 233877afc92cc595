// Go-style durations ("90s", "1h30m", "720h") as the CRD accepts them (CEL's duration()).
const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new Error(`invalid duration ${JSON.stringify(text)}`);
  }
  return parts.reduce(
    (total, [, amount, unit = ""]) => total + Number(amount) * (units[unit] ?? Number.NaN),
    0,
  );
}
