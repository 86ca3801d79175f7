#!/usr/bin/env node
// `npm test`: the same self-setup as `npm start`, then lint, format, typecheck, unit,
// integration and browser tests. Exits non-zero on any failure.
import { existsSync } from "node:fs";
import path from "node:path";
import {
  ROOT,
  buildFrontends,
  ensureDependencies,
  ensurePostgres,
  ensurePrismaClient,
  ensureRedis,
  log,
  run,
} from "./lib/bootstrap.mjs";

ensureDependencies();
ensurePrismaClient();
// Test databases are created per file from a template on this server (test/support).
await ensurePostgres("laocai_test_admin");
await ensureRedis();
buildFrontends();

const steps = [
  ["lint", "npx", ["eslint", "--max-warnings", "0", "."]],
  ["format", "npx", ["prettier", "--check", "--log-level", "warn", "."]],
  ...["server", "miniapp", "server/console", "bot", "test", "bench"]
    .filter((p) => existsSync(path.join(ROOT, p, "tsconfig.json")))
    .map((p) => [`typecheck ${p}`, "npx", ["tsc", "-p", p, "--noEmit"]]),
  ["unit + integration + browser tests", "npx", ["vitest", "run", ...process.argv.slice(2)]],
];

const failed = [];
for (const [name, cmd, args] of steps) {
  log(`▶ ${name}`);
  if (!run(cmd, args, { allowFail: true, env: { NODE_ENV: "test" } })) failed.push(name);
}
if (failed.length) {
  process.stderr.write(`\n\x1b[31mFAILED: ${failed.join(", ")}\x1b[0m\n`);
  process.exit(1);
}
log("all checks passed");
