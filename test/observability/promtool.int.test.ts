// The generated rule files under the real promtool of the Prometheus production runs (3.16,
// built by tools/build.sh obs): they lint clean, every promtool boundary test passes, and the
// tests are sensitive — a rule whose threshold moves makes them fail.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const rules = path.join(root, "dashboards/rules");
const testFiles = readdirSync(path.join(rules, "tests")).map((f) => path.join(rules, "tests", f));

async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run("promtool", args, { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("promtool", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "phoenix-rules-"));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it("is the pinned Prometheus 3.16.0", async () => {
    const { output } = await promtool("--version");
    expect(output).toMatch(/promtool, version 3\.16\.0 /);
  });

  it("finds nothing to lint in the generated rule files", async () => {
    const result = await promtool(
      "check",
      "rules",
      "--lint=all",
      "--lint-fatal",
      path.join(rules, "phoenix-slos.rules.yml"),
      path.join(rules, "phoenix-causes.rules.yml"),
    );
    expect(result.output).not.toMatch(/FAILED|WARNING/);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it.each(testFiles.map((f) => [path.basename(f), f]))(
    "passes every boundary test of %s",
    async (_name, file) => {
      const result = await promtool("test", "rules", file);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain("SUCCESS");
    },
  );

  it("fails those tests when a burn-rate threshold moves (14.4x → 13x)", async () => {
    const copy = path.join(scratch, "moved");
    cpSync(rules, copy, { recursive: true });
    const file = path.join(copy, "phoenix-slos.rules.yml");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("(14.4 * ", "(13 * "));
    const result = await promtool("test", "rules", path.join(copy, "tests/slo-api-availability.test.yml"));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("1h/5m just under 14.4x the budget");
  });

  it("fails those tests when a cause alert's for moves (10m → 11m)", async () => {
    const copy = path.join(scratch, "late");
    cpSync(rules, copy, { recursive: true });
    const file = path.join(copy, "phoenix-causes.rules.yml");
    const text = readFileSync(file, "utf8");
    const moved = text.replace(/(alert: TwilioSignatureFailures\n(?:.*\n)*?\s+for: )10m/, "$111m");
    expect(moved).not.toBe(text);
    writeFileSync(file, moved);
    const result = await promtool("test", "rules", path.join(copy, "tests/causes.test.yml"));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("TwilioSignatureFailures: just over the threshold");
  });
});
