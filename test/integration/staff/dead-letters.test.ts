import { afterAll, beforeAll, expect, it } from "vitest";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

it("[STAFF] a job that exhausts its attempts lands in the dead-letter view, and an admin's retry delivers it", async () => {
  const user = `84${Date.now()}`;
  await app.sims.zalo.interact(user);
  const citizen = await app.ctx.db.citizen.create({
    data: { zaloUserId: user, lastInteractAt: new Date(), followsOA: true },
  });
  // Zalo answers 500 to both allowed attempts (attempts shortened for the test).
  const { sendNotificationJob } = await import("../../../server/src/notifications/send-notification.job.js");
  const saved = { attempts: sendNotificationJob.attempts, backoff: sendNotificationJob.backoff };
  sendNotificationJob.attempts = 2;
  sendNotificationJob.backoff = { type: "fixed", delay: 50 };
  try {
    await fetch(`${app.sims.zalo.url}/__sim/reset`, { method: "POST" });
    await fetch(`${app.sims.zalo.url}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ failNext: { count: 2, error: 500 } }),
    });
    const id = await notifyCitizen(app.ctx.db, {
      citizenId: citizen.id,
      kind: "test_message",
      dedupeKey: `dl-${citizen.id}`,
      params: { text: "thử lại" },
    });
    const dl = await eventually(
      () => app.ctx.db.jobDeadLetter.findFirst({ where: { jobId: { contains: id } } }),
      20_000,
    );
    expect((await app.ctx.db.notification.findUnique({ where: { id } }))?.status).toBe("failed");
    const admin = await loginAs(app.baseUrl, "admin");
    const list = (await (await admin.get("/api/staff/dead-letters")).json()) as {
      deadLetters: { id: string }[];
    };
    expect(list.deadLetters.map((d) => d.id)).toContain(String(dl.id));
    expect((await admin.send("POST", `/api/staff/dead-letters/${dl.id}/retry`)).status).toBe(200);
    await eventually(
      async () => (await app.ctx.db.notification.findUnique({ where: { id } }))?.status === "sent",
      20_000,
    );
    const delivered = (await app.sims.zalo.messagesTo(user)).filter((m) => m.outcome === 0);
    expect(delivered).toHaveLength(1); // delivered once, after the retry
    expect((await app.ctx.db.outboxEvent.findFirst({ where: { jobId: dl.jobId } }))?.status).toBe("done");
    expect((await admin.send("POST", `/api/staff/dead-letters/${dl.id}/retry`)).status).toBe(409);
  } finally {
    Object.assign(sendNotificationJob, saved);
  }
});
