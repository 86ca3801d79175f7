import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

describe("[NOTIFICATIONS] quiet hours", () => {
  it("a dossier message during the citizen's quiet hours waits for the morning; an alert does not", async () => {
    const user = `84${Date.now()}`;
    await app.sims.zalo.interact(user);
    const vnMinutes = (new Date().getUTCHours() * 60 + new Date().getUTCMinutes() + 7 * 60) % 1440;
    // Quiet from an hour ago to two hours from now, whatever the time of the test.
    const citizen = await app.ctx.db.citizen.create({
      data: {
        zaloUserId: user,
        lastInteractAt: new Date(),
        followsOA: true,
        quietHoursFrom: (vnMinutes + 1440 - 60) % 1440,
        quietHoursTo: (vnMinutes + 120) % 1440,
      },
    });
    const quietId = await notifyCitizen(app.ctx.db, {
      citizenId: citizen.id,
      kind: "test_message",
      dedupeKey: `q-${citizen.id}`,
      params: { text: "đêm" },
    });
    const alertId = await notifyCitizen(app.ctx.db, {
      citizenId: citizen.id,
      kind: "alert",
      dedupeKey: `a-${citizen.id}`,
      params: { text: "Cảnh báo lũ quét" },
    });
    await eventually(
      async () => (await app.ctx.db.notification.findUnique({ where: { id: alertId } }))?.status === "sent",
    );
    const job = await eventually(async () => {
      const j = await app.ctx.queues.get("notifications")!.getJob(`notifications.send__${quietId}`);
      return j && (await j.getState()) === "delayed" ? j : null;
    });
    const runsAt = job.timestamp + (job.delay ?? 0);
    expect(runsAt).toBeGreaterThan(Date.now() + 100 * 60_000); // about two hours away
    expect(job.attemptsMade).toBe(0);
    const n = await app.ctx.db.notification.findUniqueOrThrow({ where: { id: quietId } });
    expect(n.status).toBe("queued");
    const delivered = (await app.sims.zalo.messagesTo(user)).filter((m) => m.outcome === 0);
    expect(delivered).toHaveLength(1);
  });
});
