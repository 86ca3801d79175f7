import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";

let app: TestApp;
beforeAll(async () => {
  // No in-process workers: the first worker is a real process. A send found `sending`
  // counts as interrupted 4 × 1 s + 5 s after it started.
  app = await startTestApp({ env: { ZALO_OA_TIMEOUT_MS: "1000", JOB_LOCK_MS: "8000" } });
});
afterAll(async () => {
  await app?.close();
});

/** A notifications worker process against this test's database, Redis prefix and simulators. */
function spawnWorker() {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const [k, v] of Object.entries(app.config)) if (v !== undefined) env[k] = String(v);
  env.LOG_LEVEL = "silent";
  env.ZALO_OA_TIMEOUT_MS = "60000"; // it is still waiting for Zalo when it dies
  return spawn(
    process.execPath,
    ["--import", "tsx", "test/integration/notifications/notifications-worker.ts"],
    {
      env,
      stdio: "ignore",
    },
  );
}

describe("[NOTIFICATIONS] the worker killed while Zalo delivers", () => {
  it("after a restart every recipient has exactly one message; the interrupted ones are marked uncertain", async () => {
    const tag = Date.now();
    const people: { citizenId: string; user: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const user = `87${tag}${String(i).padStart(2, "0")}`;
      await app.sims.zalo.interact(user);
      const c = await app.ctx.db.citizen.create({
        data: { zaloUserId: user, followsOA: true, lastInteractAt: new Date() },
      });
      people.push({ citizenId: c.id, user });
    }
    // Zalo delivers the first 8 sends (the worker's concurrency) and never answers them.
    await fetch(`${app.sims.zalo.url}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ failNext: { count: 8, error: "deliver_then_timeout" } }),
    });
    for (const p of people) {
      await notifyCitizen(app.ctx.db, {
        citizenId: p.citizenId,
        kind: "alert",
        dedupeKey: `killed-${p.citizenId}`,
        params: { text: "Cảnh báo sạt lở đất tại xã Bản Hồ" },
      });
    }
    const delivered = () => app.sims.zalo.state.messages.filter((m) => m.outcome === 0);
    const worker = spawnWorker();
    const exited = new Promise((r) => worker.once("exit", r));
    try {
      await eventually(async () => delivered().length === 8, 60_000, 50);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      worker.kill("SIGKILL");
      await exited;
    }
    const ids = people.map((p) => p.citizenId);
    const status = async () =>
      (await app.ctx.db.notification.findMany({ where: { citizenId: { in: ids } } })).map((n) => n.status);
    // The 8 it had handed to Zalo are marked as sending, still queued; the other 4 untouched.
    const marked = await app.ctx.db.notification.findMany({
      where: { citizenId: { in: ids }, sendingAttemptId: { not: null } },
    });
    expect(marked.map((n) => n.status)).toEqual(Array.from({ length: 8 }, () => "queued"));

    // A worker comes back; BullMQ hands over the dead one's jobs once their locks lapse.
    app.startWorkers();
    await eventually(
      async () => ((await status()).every((s) => s === "sent" || s === "skipped") ? true : null),
      120_000,
      500,
    );
    const perUser = people.map((p) => delivered().filter((m) => m.userId === p.user).length);
    expect(perUser).toEqual(people.map(() => 1));
    const notes = await app.ctx.db.notification.findMany({ where: { citizenId: { in: ids } } });
    expect(notes.filter((n) => n.status === "skipped").map((n) => n.reason)).toEqual(
      Array.from({ length: 8 }, () => "uncertain"),
    );
    expect(notes.filter((n) => n.status === "sent")).toHaveLength(4);
    expect(await app.ctx.db.jobDeadLetter.count()).toBe(0);
  }, 200_000);
});
