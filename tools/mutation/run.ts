// make mutation: StrykerJS (vitest runner) over each module in modules.json, one after the other,
// each with only its own unit tests; writes reports/mutation/<module>.json (Stryker's report) and
// bench/results/mutation.json (the score per module). `make mutation MODULES=assistant` runs one.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Stryker } from "@stryker-mutator/core";

interface Module {
  mutate: string[];
  tests: string[];
}

const root = path.resolve(import.meta.dirname, "../..");
const modules = JSON.parse(readFileSync(path.join(root, "tools/mutation/modules.json"), "utf8")) as Record<
  string,
  Module
>;
const wanted = (process.env["MODULES"] ?? "").split(",").filter(Boolean);
const names = wanted.length > 0 ? wanted : Object.keys(modules);
const resultsFile = path.join(root, "bench/results/mutation.json");

/** The scores recorded so far, read again before each write so separate runs do not erase each other. */
function recorded(): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(resultsFile, "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

for (const name of names) {
  const module = modules[name];
  if (!module) throw new Error(`unknown module ${name}; modules.json has ${Object.keys(modules).join(", ")}`);
  process.env["MUTATION_TESTS"] = module.tests.join(",");
  const started = Date.now();
  const stryker = new Stryker({
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner"],
    vitest: { configFile: "tools/mutation/vitest.config.ts" },
    mutate: module.mutate,
    coverageAnalysis: "perTest",
    concurrency: Number(process.env["MUTATION_CONCURRENCY"] ?? 2),
    reporters: ["clear-text", "json", "progress"],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    tempDirName: ".stryker-tmp",
    // The sandbox is a copy of the repository: not the local data (sockets), reports or charts.
    ignorePatterns: [".local", ".stryker-tmp", "reports", "bench", "charts", "docs", "k6", "dashboards"],
    cleanTempDir: "always",
    ignoreStatic: true,
    thresholds: { high: 90, low: 80, break: null },
  });
  const mutants = await stryker.runMutationTest();
  const killed = mutants.filter((m) => m.status === "Killed" || m.status === "Timeout").length;
  const survived = mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage").length;
  const valid = killed + survived;
  const result = {
    at: new Date().toISOString(),
    mutants: mutants.length,
    killed,
    survived,
    ignoredOrInvalid: mutants.length - valid,
    score: valid === 0 ? null : Math.round((killed / valid) * 1000) / 10,
    minutes: Math.round((Date.now() - started) / 6000) / 10,
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ ...recorded(), [name]: result }, null, 2)}\n`);
  process.stdout.write(`${name}: ${JSON.stringify(result)}\n`);
}
