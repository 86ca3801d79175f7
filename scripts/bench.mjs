#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/ (files *.bench.ts), one after another, each
// comparing against its baseline in the same run and saving JSON under bench/results/.
// `npm run bench -- api-overhead` runs only the named ones.
import { readdirSync } from "node:fs";
import os from "node:os";
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
const pgUrl = await ensurePostgres("laocai_bench_admin");
const pg = (await import("pg")).default;

/**
 * Between benchmarks: flush what the last one wrote and dropped (a checkpoint), then wait,
 * at most a minute, for the machine to calm down — otherwise one benchmark's aftermath
 * lands in the next one's figures (measured: vnpay-ipn p99 46 ms alone, 326 ms right after
 * procedure-search and incident-submit). Each result records the load it ran under.
 */
async function settle() {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query("CHECKPOINT").catch(() => undefined);
  await c.end();
  const until = Date.now() + 60_000;
  await new Promise((r) => setTimeout(r, 5_000));
  while (os.loadavg()[0] > 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 2_000));
}
await ensureRedis();

const only = process.argv.slice(2);
const benches = readdirSync(path.join(ROOT, "bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, "")))
  .sort();
const failed = [];
for (const [n, b] of benches.entries()) {
  if (n > 0) await settle();
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
