// Zalo gives the OA a daily ZNS quota: we count before sending, keep the last part of it for
// disaster alerts, and let other messages wait for tomorrow rather than fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { QUEUES } from "../../../server/src/platform/queues.js";
import { vnDate } from "../../../server/src/calendar/working-days.js";
import { quietHoursEnd } from "../../../server/src/notifications/send-notification.job.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { citizenOutsideWindow } from "./bot-helpers.js";

let app: TestApp;
beforeAll(async () => {
  // Without the template by user id, everything outside the window goes by ZNS.
  app = await startTestApp({
    workers: true,
    env: { ZNS_DAILY_QUOTA: "3", ZNS_ALERT_RESERVE: "1", ZALO_OA_TEMPLATE_FALLBACK: "false" },
  });
});
afterAll(async () => {
  await app?.close();
});

let seq = 0;
async function notify(citizenId: string, kind: "dossier_status" | "alert") {
  return notifyCitizen(app.ctx.db, {
    citizenId,
    kind,
    dedupeKey: `quota-${citizenId}-${kind}-${++seq}`,
    params: { code: "H38.03006-261123-0001", statusText: "Đã có kết quả", text: "Cảnh báo lũ quét" },
  });
}
const settled = (id: string) =>
  eventually(async () => {
    const n = await app.ctx.db.notification.findUniqueOrThrow({ where: { id } });
    return n.status === "queued" ? null : n;
  });
const phones = (i: number) => `8491234510${i}`;
const znsSent = async () => {
  let sent = 0;
  for (let i = 0; i < 6; i++)
    sent += (await app.sims.zalo.messagesTo(phones(i))).filter(
      (m) => m.endpoint === "zns" && m.outcome === 0,
    ).length;
  return sent;
};

describe("[BOT] the daily ZNS quota", () => {
  it("stops other messages short of the quota (they wait for tomorrow), keeps the rest for alerts, never goes over", async () => {
    const people = [];
    for (let i = 0; i < 6; i++)
      people.push(await citizenOutsideWindow(app, { phone: phones(i), consent: true }));

    // A ZNS Zalo refuses does not count.
    await fetch(`${app.sims.zalo.url}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ failNext: { count: 1, error: -201 } }),
    });
    expect(await settled(await notify(people[0]!.citizen.id, "dossier_status"))).toMatchObject({
      status: "failed",
      reason: "zns_error_-201",
    });

    // Quota 3, one kept for alerts: two dossier messages go, the third waits.
    for (const p of people.slice(1, 3))
      expect(await settled(await notify(p.citizen.id, "dossier_status"))).toMatchObject({
        status: "sent",
        channel: "zns",
      });
    const waiting = await notify(people[3]!.citizen.id, "dossier_status");
    const queue = app.ctx.queues.get(QUEUES.notifications)!;
    const job = await eventually(async () => {
      const j = await queue.getJob(`notifications.send__${waiting}`);
      // Read again once delayed: a copy fetched while it was still active has the old delay.
      return j && (await j.isDelayed()) ? queue.getJob(j.id!) : null;
    });
    // Until the next midnight in Asia/Ho_Chi_Minh (BullMQ keeps the delay from the moment it
    // was set, a moment ago), with no attempt spent.
    const due = Date.now() + job!.delay;
    expect(Math.abs(due - quietHoursEnd(0, new Date()).getTime())).toBeLessThan(60_000);
    expect(job!.attemptsMade).toBe(0);
    expect((await app.ctx.db.notification.findUniqueOrThrow({ where: { id: waiting } })).status).toBe(
      "queued",
    );

    // The reserve is for alerts: one goes by ZNS; the next finds the quota used up and says so.
    expect(await settled(await notify(people[4]!.citizen.id, "alert"))).toMatchObject({
      status: "sent",
      channel: "zns",
    });
    expect(await settled(await notify(people[5]!.citizen.id, "alert"))).toMatchObject({
      status: "skipped",
      reason: "zns_quota_exhausted",
    });
    expect(await znsSent()).toBe(3);
    const day = await app.ctx.db.znsQuotaDay.findUniqueOrThrow({ where: { day: vnDate(new Date()) } });
    expect(day.used).toBe(3);

    // The console shows the day's use.
    const admin = await loginAs(app.baseUrl, "admin");
    const oa = (await (await admin.get("/api/staff/oa")).json()) as { zns: unknown };
    expect(oa.zns).toEqual({ used: 3, quota: 3, alertReserve: 1 });
  });
});
