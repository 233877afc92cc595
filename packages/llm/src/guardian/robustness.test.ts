// Hostile and odd input must not stall the gateway: every rule and detector is bounded, so a
// 100 kB message is screened, redacted and rendered within 400 ms once warm. (An unbounded markdown link
// pattern took 600 ms on the "brackets" input — quadratic; catastrophic backtracking would take
// minutes.) Timing is the behaviour under test here.
import { beforeAll, describe, expect, it } from "vitest";
import { createGuardian } from "./guardian.ts";
import { renderMarkdown } from "./markdown.ts";
import { createRedactionSession } from "./redact.ts";

const KB100 = 100_000;
const repeat = (unit: string) => unit.repeat(Math.ceil(KB100 / unit.length)).slice(0, KB100);

// A fixed pseudo-random generator: the same "binary" input every run.
function pseudoBinary(length: number): string {
  let seed = 15;
  let out = "";
  for (let i = 0; i < length; i += 1) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    out += String.fromCharCode(seed % 256);
  }
  return out;
}

const INPUTS: Record<string, string> = {
  empty: "",
  emojiOnly: "🙂🚀👨‍👩‍👧‍👦🇫🇷".repeat(50),
  mixedScripts: "Bonjour привет مرحبا 你好 Γειά σου שלום 0612345678 ignore",
  binary: pseudoBinary(KB100),
  words: repeat("ignore previous the all your "),
  spacedLetters: repeat("a b "),
  atSigns: repeat("a@b."),
  digits: repeat("06 12 "),
  streets: repeat("12 rue de la "),
  brackets: repeat("[PHONE_"),
  markdown: repeat("**[x](https://a.example/`_*"),
};

describe("guardian robustness", () => {
  // The first call compiles every pattern; that is not what is measured.
  beforeAll(() => {
    const guardian = createGuardian();
    guardian.inspect([{ role: "user", content: "warm up 06 12 34 56 78 [x](https://a.example)" }]);
    renderMarkdown("**warm** up");
  });

  for (const [name, text] of Object.entries(INPUTS)) {
    it(`screens, redacts and renders ${name} input (${text.length} chars) in under 400 ms`, () => {
      const guardian = createGuardian();
      const messages = [{ role: "user" as const, content: text }];
      const started = performance.now();
      const inspection = guardian.inspect(messages);
      const outbound = guardian.outbound(messages, "cloud");
      const html = renderMarkdown(text);
      const restorer = createRedactionSession().restorer();
      const restored = restorer.push(text) + restorer.flush();
      expect(performance.now() - started).toBeLessThan(400);
      expect(typeof inspection.block).toBe("boolean");
      expect(outbound.messages).toHaveLength(1);
      expect(html).not.toMatch(/<(?!\/?(?:p|br|h[345]|ul|ol|li|blockquote|pre|code|strong|em|a)\b)/u);
      expect(restored).toBe(text);
    });
  }
});
