import { defineConfig } from "vitest/config";

// Three tiers (after immich): unit tests beside the code; integration tests against real
// PostgreSQL (a database per file, cloned from a migrated template) and real Redis (a key
// prefix per file); browser tests driving Debian's Chromium.
export default defineConfig({
  test: {
    // Two cores: at most two test files at a time across the projects.
    maxWorkers: 2,
    minWorkers: 1,
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
          // One browser test file at a time: Chromium is heavy on two cores.
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
