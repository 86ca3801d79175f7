// Shared helpers for benchmarks: child servers, load generation, result files.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { ROOT } from "../../test/support/template-db.js";

export { ROOT };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function waitFor(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

export function startNode(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((r) => {
    child.once("exit", () => r());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
}

/** Closed-loop load from this process with autocannon: bounded in time, loopback only. */
export async function load(
  url: string,
  opts: { seconds?: number; connections?: number } = {},
): Promise<LoadResult> {
  const r = await autocannon({
    url,
    connections: opts.connections ?? 20,
    duration: opts.seconds ?? 6,
    pipelining: 1,
  });
  return {
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export function report(
  name: string,
  metrics: Record<string, number | string>,
  extra: Record<string, unknown> = {},
): void {
  for (const [k, v] of Object.entries(metrics)) console.log(`BENCH ${name} ${k}=${v}`);
  const dir = path.join(ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const body = JSON.stringify(
    {
      name,
      at,
      metrics,
      ...extra,
      // The load when the result was saved: a 2-core machine shared with other work gives
      // noisy absolute figures; this says how noisy.
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadavg_1m: Number(os.loadavg()[0]!.toFixed(2)),
      },
    },
    null,
    2,
  );
  writeFileSync(path.join(dir, `${name}.json`), body + "\n");
}
