import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_CHUNK } from "../../../server/src/alerts/fan-out-alert.job.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { PHUC_KHANH, capAlert, sendCap, subscribers } from "./alert-helpers.js";

let app: TestApp;
beforeAll(async () => {
  // No in-process workers: the first worker is a real process. A short job lock, so the
  // fan-out the killed worker held is taken up in seconds rather than a minute.
  app = await startTestApp({ env: { JOB_LOCK_MS: "8000" } });
});
afterAll(async () => {
  await app?.close();
});

/** A worker process (alerts queue only) against this test's database, Redis prefix and simulators. */
function spawnAlertsWorker() {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const [k, v] of Object.entries(app.config)) if (v !== undefined) env[k] = String(v);
  env.LOG_LEVEL = "silent";
  // node --import tsx: one process, so SIGKILL reaches the worker itself.
  return spawn(process.execPath, ["--import", "tsx", "test/integration/alerts/alerts-worker.ts"], {
    env,
    stdio: "ignore",
  });
}

describe("[ALERTS] the worker killed during a fan-out", () => {
  it("after a restart every targeted recipient has exactly one message in the OA's store", async () => {
    const people = await subscribers(app, 1500, PHUC_KHANH);
    const deliveries = () =>
      app.ctx.db.alertDelivery.count({ where: { citizenId: { in: people.map((p) => p.citizenId) } } });

    // Hold a lock the second chunk needs (a recipient's row, which its insert references),
    // so the worker is certainly in the middle of the fan-out when it dies.
    const blocker = new pg.Client({ connectionString: app.config.DATABASE_URL });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query(`SELECT id FROM "Citizen" WHERE id = $1 FOR UPDATE`, [
      people[FIRST_CHUNK + 300]!.citizenId,
    ]);

    const { status, body } = await sendCap(app, capAlert());
    expect(status).toBe(202);
    const worker = spawnAlertsWorker();
    const exited = new Promise((r) => worker.once("exit", r));
    try {
      // The first chunk is planned and handed over; the second waits on the lock.
      await eventually(async () => (await deliveries()) > 0, 60_000, 50);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await deliveries()).toBeLessThanOrEqual(FIRST_CHUNK);
    } finally {
      worker.kill("SIGKILL");
      await exited;
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    expect(app.sims.zalo.state.messages).toHaveLength(0); // nothing was sent before the crash

    // A worker comes back; the fan-out the dead one held is taken up again once its lock lapses.
    app.startWorkers();
    await eventually(
      async () => {
        const sent = await app.ctx.pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "AlertDelivery" d JOIN "Notification" n ON n.id = d."notificationId"
           WHERE d."alertId" = $1 AND n.status = 'sent'`,
          [body.alertId],
        );
        return sent.rows[0]!.n === people.length;
      },
      120_000,
      500,
    );
    const perUser = new Map<string, number>();
    for (const m of app.sims.zalo.state.messages) {
      if (m.outcome === 0 && m.userId) perUser.set(m.userId, (perUser.get(m.userId) ?? 0) + 1);
    }
    const counts = people.map((p) => perUser.get(p.zaloUserId) ?? 0);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    expect(await deliveries()).toBe(people.length);
    expect(await app.ctx.db.jobDeadLetter.count()).toBe(0);
  }, 200_000);
});
