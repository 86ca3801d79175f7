// The sender against Zalo's limits and faults, through the Zalo simulator: what reaches the
// phones (the simulator's store) and what the delivery log says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryStatsFor } from "../../../server/src/alerts/alert-views.js";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { fanOutAlert } from "../../../server/src/alerts/fan-out-alert.job.js";
import {
  BAC_HA,
  PHUC_KHANH,
  SA_PA,
  capAlert,
  sendCap,
  sentTo,
  subscribers,
} from "../alerts/alert-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { ZALO_RATE_LIMIT_PAUSE_MS: "300", ZALO_OA_TIMEOUT_MS: "1500" } });
});
afterAll(async () => {
  await app?.close();
});

const simPost = (path: string, body: unknown) =>
  fetch(`${app.sims.zalo.url}/__sim${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

let seq = 0;
/** Followers who wrote to the OA just now (the consultation window is open). */
async function followers(n: number) {
  const tag = `${Date.now()}${++seq}`;
  const out: { citizenId: string; user: string }[] = [];
  for (let i = 0; i < n; i++) {
    const user = `86${tag}${String(i).padStart(3, "0")}`;
    await app.sims.zalo.interact(user);
    const c = await app.ctx.db.citizen.create({
      data: { zaloUserId: user, followsOA: true, lastInteractAt: new Date() },
    });
    out.push({ citizenId: c.id, user });
  }
  return out;
}

const delivered = () => app.sims.zalo.state.messages.filter((m) => m.outcome === 0);

describe("[NOTIFICATIONS] Zalo's rate limit", () => {
  it("a -32 pauses the queue without spending attempts; an alert queued meanwhile goes before the waiting messages; all are sent once", async () => {
    await simPost("/reset", {});
    await simPost("/faults", { rateLimit: 5 });
    const people = await followers(30);
    for (const p of people) {
      await notifyCitizen(app.ctx.db, {
        citizenId: p.citizenId,
        kind: "bot_reply",
        dedupeKey: `rl-${p.citizenId}`,
        params: { text: "Hồ sơ của anh/chị đã được tiếp nhận." },
      });
    }
    app.startWorkers();
    // Zalo's window of 5 is full and it refuses the next ones.
    await eventually(async () => app.sims.zalo.state.messages.some((m) => m.outcome === -32), 20_000, 50);
    const [resident] = await followers(1);
    const alertId = await notifyCitizen(app.ctx.db, {
      citizenId: resident!.citizenId,
      kind: "alert",
      dedupeKey: `rl-alert-${resident!.citizenId}`,
      params: { text: "Cảnh báo lũ quét tại xã Phúc Khánh" },
    });
    await new Promise((r) => setTimeout(r, 1000)); // the alert is in the queue, behind nothing
    const sentBeforeAlert = delivered().length;
    // Zalo's minute passes every 700 ms (the simulator's clock), five more sends each time.
    let offset = 0;
    const all = [...people.map((p) => p.citizenId), resident!.citizenId];
    await eventually(
      async () => {
        offset += 61_000;
        await simPost("/clock", { offsetMs: offset });
        return (await app.ctx.db.notification.count({
          where: { citizenId: { in: all }, status: "sent" },
        })) === all.length
          ? true
          : null;
      },
      60_000,
      700,
    );
    const order = delivered().map((m) => m.userId);
    const alertAt = order.indexOf(resident!.user);
    // It goes in the first or second window that opens (sends already under way when a
    // window opens may take its first places), well ahead of the waiting messages.
    expect(alertAt - sentBeforeAlert).toBeLessThanOrEqual(10);
    expect(order.length - alertAt - 1).toBeGreaterThanOrEqual(15);
    // Each person got the message once; no attempt was spent or logged as failed on -32.
    for (const p of [...people, resident!]) expect(order.filter((u) => u === p.user)).toHaveLength(1);
    const notes = await app.ctx.db.notification.findMany({ where: { citizenId: { in: all } } });
    expect(notes.map((n) => n.attempts)).toEqual(all.map(() => 1));
    expect(
      await app.ctx.db.notificationAttempt.count({
        where: { notificationId: { in: notes.map((n) => n.id) }, outcome: { not: "sent" } },
      }),
    ).toBe(0);
    expect(await app.ctx.db.jobDeadLetter.count()).toBe(0);
    expect(app.sims.zalo.state.messages.filter((m) => m.outcome === -32).length).toBeGreaterThan(0);
    expect(alertId).toBeTruthy();
    await app.stopWorkers();
  }, 90_000);
});

describe("[NOTIFICATIONS] Zalo takes a message and does not answer", () => {
  it("the alert is counted as uncertain for its delivery, not sent a second time", async () => {
    await simPost("/reset", {});
    const [person] = await subscribers(app, 1, PHUC_KHANH);
    await simPost("/faults", { failNext: { count: 1, error: "deliver_then_timeout" } });
    const { status, body } = await sendCap(app, capAlert());
    expect(status).toBe(202);
    app.startWorkers();
    const stats = await eventually(async () => {
      const s = await deliveryStatsFor(app.ctx, body.alertId!);
      return s.skipped.uncertain ? s : null;
    }, 30_000);
    expect(stats).toMatchObject({ total: 1, planned: 0, sent: 0, skipped: { uncertain: 1 } });
    await new Promise((r) => setTimeout(r, 2500)); // a retry would have gone by now
    expect(await sentTo(app, person!.zaloUserId)).toHaveLength(1);
    const n = await app.ctx.db.notification.findFirstOrThrow({ where: { citizenId: person!.citizenId } });
    expect(n).toMatchObject({ status: "skipped", reason: "uncertain", channel: "oa_cs", attempts: 1 });
    await app.stopWorkers();
  });
});

describe("[NOTIFICATIONS] an alert's own state at the moment of sending", () => {
  const forCommune = (code: string) =>
    capAlert(
      {},
      {
        areas: [{ areaDesc: code, polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: code }] }],
      },
    );

  it("a message already handed to the sender does not go once its alert expired or was replaced", async () => {
    await simPost("/reset", {});
    await app.stopWorkers();
    const expiring = await subscribers(app, 2, SA_PA);
    const replaced = await subscribers(app, 2, BAC_HA);
    const a = (await sendCap(app, forCommune(SA_PA))).body.alertId!;
    const b = (await sendCap(app, forCommune(BAC_HA))).body.alertId!;
    // Planned and in the send queue, past the fan-out's and the expiry sweep's reach: then
    // the first alert's time runs out and an Update replaces the second.
    expect((await fanOutAlert(app.ctx, a)).recipients).toBe(2);
    expect((await fanOutAlert(app.ctx, b)).recipients).toBe(2);
    await app.ctx.db.alert.update({ where: { id: a }, data: { expires: new Date(Date.now() - 1000) } });
    await app.ctx.db.alert.update({ where: { id: b }, data: { status: "updated" } });
    app.startWorkers();
    const settled = async (alertId: string) =>
      eventually(async () => {
        const s = await deliveryStatsFor(app.ctx, alertId);
        return s.total > 0 && s.planned === 0 ? s : null;
      }, 30_000);
    expect(await settled(a)).toMatchObject({ total: 2, sent: 0, skipped: { alert_expired: 2 } });
    expect(await settled(b)).toMatchObject({ total: 2, sent: 0, skipped: { alert_superseded: 2 } });
    for (const p of [...expiring, ...replaced]) expect(await sentTo(app, p.zaloUserId)).toHaveLength(0);

    // A live alert still goes out, in the citizen's language.
    const live = await subscribers(app, 1, SA_PA, { language: "en" });
    const alive = (await sendCap(app, forCommune(SA_PA))).body.alertId!;
    expect(await settled(alive)).toMatchObject({ sent: 3 });
    expect(JSON.stringify((await sentTo(app, live[0]!.zaloUserId))[0]!.payload)).toContain("Flash flood");
    await app.stopWorkers();
  });
});

describe("[NOTIFICATIONS] Zalo refusing the OA token", () => {
  it("-216 even after a refresh: one refresh and one retry for the message, then it fails, not eight refreshes", async () => {
    await simPost("/reset", {});
    const [p] = await followers(1);
    const refreshes = async () =>
      ((await (await fetch(`${app.sims.zalo.url}/__sim/oa-token`)).json()) as { refreshes: number })
        .refreshes;
    const before = await refreshes();
    await simPost("/faults", { failNext: { count: 3, error: -216 } });
    const id = await notifyCitizen(app.ctx.db, {
      citizenId: p!.citizenId,
      kind: "bot_reply",
      dedupeKey: `216-${p!.citizenId}`,
      params: { text: "Xin chào" },
    });
    app.startWorkers();
    const n = await eventually(async () => {
      const x = await app.ctx.db.notification.findUniqueOrThrow({ where: { id } });
      return x.status === "failed" ? x : null;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 2500)); // a retry on back-off would have run by now
    expect(n).toMatchObject({ reason: "oa_error_-216", attempts: 1 });
    expect(await refreshes()).toBe(before + 1);
    expect((await app.sims.zalo.messagesTo(p!.user)).map((m) => m.outcome)).toEqual([-216, -216]);
    // Failed for good: an admin sees it among the dead letters and can retry it.
    expect(await app.ctx.db.jobDeadLetter.count({ where: { jobId: `notifications.send__${id}` } })).toBe(1);
    await app.stopWorkers();
    await simPost("/reset", {});
  });
});
