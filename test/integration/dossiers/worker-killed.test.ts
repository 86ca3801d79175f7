import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCitizen } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { fileBirth, onestopCreates } from "./filing.js";

let app: TestApp;
beforeAll(async () => {
  // No in-process workers: the first worker is a real process. A short job lock, so the job
  // the killed worker held is taken up in seconds rather than a minute.
  app = await startTestApp({ env: { JOB_LOCK_MS: "4000" } });
});
afterAll(async () => {
  await app?.close();
});

const sim = (path: string, body?: unknown) =>
  fetch(`${app.sims.onestop.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The worker process (server/src/worker.ts) against this test's database, Redis prefix and simulators. */
function spawnWorker() {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const [k, v] of Object.entries(app.config)) if (v !== undefined) env[k] = String(v);
  env.LOG_LEVEL = "silent";
  // node --import tsx: one process, so SIGKILL reaches the worker itself (the tsx CLI forks).
  return spawn(process.execPath, ["--import", "tsx", "server/src/worker.ts"], { env, stdio: "ignore" });
}

describe("[DOSSIERS] the worker killed during a push", () => {
  it("the one-stop system stored the dossier but the worker died before the answer: the retry makes no second record", async () => {
    // The one-stop system stores the next create and never answers it.
    await sim("/__sim/faults", { hangAfterCreate: 1 });
    const c = await signedInCitizen(app);
    const { status, body } = await fileBirth(app, c, 2);
    expect(status).toBe(201);

    const worker = spawnWorker();
    const exited = new Promise((r) => worker.once("exit", r));
    try {
      // The worker's push reached the one-stop system, which stored it…
      await eventually(async () => {
        const all = (await (await sim("/__sim/records")).json()) as { key: string }[];
        return all.some((r) => r.key === body.code);
      }, 30_000);
    } finally {
      // …and the worker dies while waiting for the answer.
      worker.kill("SIGKILL");
      await exited;
    }
    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: body.code } })).onestopId).toBeNull();

    // A worker comes back; the job the dead one held is taken up again once its lock lapses.
    app.startWorkers();
    const synced = await eventually(
      async () => (await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: body.code } })).onestopId,
      90_000,
      250,
    );
    const records = (await (await sim("/__sim/records")).json()) as {
      key: string;
      id: string;
      data: { files?: unknown[] };
    }[];
    const mine = records.filter((r) => r.key === body.code);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.id).toBe(synced); // the first (and only) record
    // The retry was a second request, answered with the record the first one stored.
    expect(await onestopCreates(app, body.code)).toEqual({ stored: 1, requests: 2 });
    expect(await app.ctx.db.jobDeadLetter.count({ where: { jobName: "onestop.push-dossier" } })).toBe(0);
    await eventually(async () => {
      const rows = await app.ctx.db.outboxEvent.findMany({ where: { jobName: "onestop.push-dossier" } });
      return rows.length === 1 && rows[0]!.status === "done";
    });
  }, 150_000);
});
