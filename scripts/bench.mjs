#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/ (files *.bench.ts), one after another, each
// comparing against its baseline in the same run and saving JSON under bench/results/.
// `npm run bench -- api-overhead` runs only the named ones.
import { readdirSync } from "node:fs";
import path from "node:path";
import {
  ROOT,
  ensureDependencies,
  ensurePostgres,
  ensurePrismaClient,
  ensureRedis,
  log,
  run,
} from "./lib/bootstrap.mjs";

ensureDependencies();
ensurePrismaClient();
await ensurePostgres("laocai_bench_admin");
await ensureRedis();

const only = process.argv.slice(2);
const benches = readdirSync(path.join(ROOT, "bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, "")))
  .sort();
const failed = [];
for (const b of benches) {
  log(`▶ bench ${b}`);
  if (
    !run("npx", ["tsx", path.join("bench", b)], {
      allowFail: true,
      env: { NODE_ENV: "production" === process.env.NODE_ENV ? "production" : "test" },
    })
  )
    failed.push(b);
}
if (failed.length) {
  process.stderr.write(`benchmarks failed: ${failed.join(", ")}\n`);
  process.exit(1);
}
