import { defineConfig } from "vitest/config";

// Two named tiers: unit tests sit next to the code and touch no network; integration tests
// talk to the real Postgres, Redis (with Sentinel) and Kubernetes API server that
// `make data-up cluster-up` starts (test/setup checks they are there and says how to start them).
export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "packages/**/src/**/*.test.ts",
            "services/**/src/**/*.test.ts",
            "operators/**/src/**/*.test.ts",
            "emulators/**/src/**/*.test.ts",
            "cdk8s/**/src/**/*.test.ts",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/test/**/*.int.test.ts"],
          // .stryker-tmp: the mutation run's sandbox copies of the tests.
          exclude: ["**/node_modules/**", "**/.stryker-tmp/**"],
          globalSetup: ["test/setup/environment.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
