import { defineConfig } from "vitest/config";

// Three tiers (after immich): unit tests beside the code; integration tests against real
// PostgreSQL (a database per file, cloned from a migrated template) and real Redis (a key
// prefix per file); browser tests driving Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["server/src/**/*.test.ts", "bot/src/**/*.test.ts", "prisma/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          pool: "forks",
          maxWorkers: 2,
          minWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
