// The unit tests a mutation run executes: only those of the module under test (MUTATION_TESTS, a
// comma-separated list of globs), never the integration tier.
import { defineConfig } from "vitest/config";

const include = (process.env["MUTATION_TESTS"] ?? "").split(",").filter(Boolean);
if (include.length === 0) throw new Error("MUTATION_TESTS names the unit tests of the module under test");

export default defineConfig({ test: { include, reporters: ["dot"] } });
