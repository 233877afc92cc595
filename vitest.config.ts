import { defineConfig } from "vitest/config";

// Integration files that disturb what every other test shares — they restart Postgres, stop the
// Redis primary, restart or compact the control plane, run the cluster scripts, or install the
// cluster-wide CRDs through Helm (the API server republishes its OpenAPI document meanwhile) —
// run alone, after the others. Every other integration file owns its namespace, database and queue prefix,
// so two of them run at a time.
const exclusive = [
  "test/platform/chaos-numbers.int.test.ts",
  "test/platform/redis-failover.int.test.ts",
  "test/platform/cluster-scripts.int.test.ts",
  "test/sms/crash-recovery.int.test.ts",
  "operators/phoenix-operator/test/twilio-number/apiserver-restart.int.test.ts",
  "packages/kube/test/reflector.int.test.ts",
  "cdk8s/test/charts.int.test.ts",
];

const integration = {
  globalSetup: ["test/setup/environment.ts"],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

// Three named tiers: unit tests sit next to the code and touch no network; integration tests
// talk to the real Postgres, Redis (with Sentinel) and Kubernetes API server that
// `make data-up cluster-up` starts (test/setup checks they are there and says how to start them).
// `--project 'integration*'` selects both integration groups.
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
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/test/**/*.int.test.ts"],
          // .stryker-tmp: the mutation run's sandbox copies of the tests.
          exclude: ["**/node_modules/**", "**/.stryker-tmp/**", ...exclusive],
          ...integration,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration-exclusive",
          include: exclusive,
          ...integration,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
