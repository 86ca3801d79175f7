import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capDateTime } from "../../../server/src/alerts/cap.js";
import { expireAlertJob, fanOutAlert } from "../../../server/src/alerts/fan-out-alert.job.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import {
  BAC_HA,
  PHUC_KHANH,
  SA_PA,
  capAlert,
  capInfo,
  referenceTo,
  sendCap,
  sentTo,
  subscribers,
  textOf,
} from "./alert-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

const twoCommunes = () =>
  capAlert(
    {},
    {
      areas: [
        {
          areaDesc: "Phúc Khánh và Sa Pa",
          polygons: [],
          circles: [],
          geocodes: [
            { valueName: "GSO", value: PHUC_KHANH },
            { valueName: "GSO", value: SA_PA },
          ],
        },
      ],
    },
  );

async function stats(alertId: string) {
  const op = await loginAs(app.baseUrl, "ioc.operator");
  const r = await op.get(`/api/staff/alerts/${alertId}`);
  return (
    (await r.json()) as {
      deliveries: {
        total: number;
        planned: number;
        sent: number;
        skipped: Record<string, number>;
        failed: Record<string, number>;
      };
    }
  ).deliveries;
}

describe("[ALERTS] fan-out", () => {
  it("every subscriber of a targeted commune gets exactly one message in their language; others get none", async () => {
    const residents = await subscribers(app, 5, PHUC_KHANH);
    const tourists = await subscribers(app, 3, SA_PA, { language: "en" });
    const elsewhere = await subscribers(app, 2, BAC_HA);
    // One person following both targeted communes is still one recipient.
    const both = residents[0]!;
    await app.ctx.db.alertSubscription.create({
      data: { citizenId: both.citizenId, unitCode: SA_PA, label: "family" },
    });
    // Zalo answers the rate limit (-32) three times, an expired OA token (-216) once and an
    // HTTP 500 once: the sends are retried (the token refreshed), not lost or doubled.
    for (const failNext of [
      { count: 3, error: -32 },
      { count: 1, error: -216 },
      { count: 1, error: 500 },
    ]) {
      await fetch(`${app.sims.zalo.url}/__sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ failNext }),
      });
    }

    const cap = twoCommunes();
    const { status, body } = await sendCap(app, cap);
    expect(status).toBe(202);
    const alertId = body.alertId!;

    await eventually(async () => {
      const s = await stats(alertId);
      return s.total === 8 && s.sent === 8;
    }, 30_000);
    for (const r of residents) {
      const got = await sentTo(app, r.zaloUserId);
      expect(got).toHaveLength(1);
      expect(textOf(got[0]!)).toMatch(/CẢNH BÁO LŨ QUÉT.*Cấp độ rủi ro thiên tai: 3 \(da cam\)/);
      expect(textOf(got[0]!)).toContain("Di chuyển ngay khỏi khu vực ven suối");
      expect(textOf(got[0]!)).toContain(`#/alerts/${alertId}`);
      const buttons = (
        got[0]!.payload as {
          message: { attachment?: { payload: { buttons: { title: string; payload: unknown }[] } } };
        }
      ).message.attachment?.payload.buttons;
      expect(buttons?.map((b) => b.title)).toEqual([
        "Tôi an toàn",
        "Tôi cần giúp đỡ",
        "Xem chi tiết, bản đồ",
      ]);
      expect(buttons?.[1]?.payload).toBe(`#alert-help:${alertId}`);
    }
    for (const t of tourists) {
      const got = await sentTo(app, t.zaloUserId);
      expect(got).toHaveLength(1);
      expect(textOf(got[0]!)).toMatch(/WARNING FLASH FLOOD.*Disaster risk level: 3 \(orange\)/);
      expect(textOf(got[0]!)).toContain("Move away from streams");
    }
    for (const e of elsewhere) expect(await sentTo(app, e.zaloUserId)).toHaveLength(0);
    expect(app.sims.zalo.state.faults).toHaveLength(0); // every injected fault was met
    const n = await app.ctx.db.notification.findUniqueOrThrow({
      where: { dedupeKey: `alert:${alertId}:${both.citizenId}` },
    });
    expect(n).toMatchObject({ priority: 1, kind: "alert", status: "sent" });
  });

  it("a tourist whose stay has ended gets no message; one still staying does", async () => {
    const Y_TY = "02701"; // no other test here targets it
    const [ended, staying] = [await subscribers(app, 1, Y_TY), await subscribers(app, 1, Y_TY)];
    const stay = (citizenId: string, expiresAt: Date) =>
      app.ctx.db.alertSubscription.updateMany({
        where: { citizenId },
        data: { label: "stay", source: "qr", qrSiteCode: "YTY-HOMESTAY", language: "en", expiresAt },
      });
    await stay(ended[0]!.citizenId, new Date(Date.now() - 3600_000));
    await stay(staying[0]!.citizenId, new Date(Date.now() + 2 * 86_400_000));
    const cap = capAlert(
      {},
      {
        areas: [
          { areaDesc: "Y Tý", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: Y_TY }] },
        ],
      },
    );
    const { body } = await sendCap(app, cap);
    await eventually(async () => {
      const job = await app.ctx.db.outboxEvent.findUnique({
        where: { jobId: `alerts.fan-out__${body.alertId}` },
      });
      return job?.status === "done" && (await sentTo(app, staying[0]!.zaloUserId)).length === 1;
    }, 30_000);
    expect(textOf((await sentTo(app, staying[0]!.zaloUserId))[0]!)).toMatch(/^\[WARNING FLASH FLOOD/);
    expect(await sentTo(app, ended[0]!.zaloUserId)).toHaveLength(0);
    expect(
      await app.ctx.db.alertDelivery.count({
        where: { alertId: body.alertId!, citizenId: ended[0]!.citizenId },
      }),
    ).toBe(0);
  });

  it("a recipient outside the OA window gets the alert as a template by user id; one who left the OA is skipped with the reason, visible in the delivery counts", async () => {
    const silent = await subscribers(app, 2, BAC_HA, { interact: false });
    // The second one unfollowed the OA (Zalo knows; we did not hear of it).
    app.sims.zalo.state.users.get(silent[1]!.zaloUserId)!.follows = false;
    const cap = capAlert(
      {},
      {
        areas: [
          { areaDesc: "Bắc Hà", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: BAC_HA }] },
        ],
      },
    );
    const { body } = await sendCap(app, cap);
    const s = await eventually(async () => {
      const x = await stats(body.alertId!);
      return x.planned === 0 && x.total >= 2 ? x : null;
    }, 30_000);
    const [reached, refused] = await Promise.all(
      silent.map((c) =>
        app.ctx.db.notification.findUniqueOrThrow({
          where: { dedupeKey: `alert:${body.alertId}:${c.citizenId}` },
        }),
      ),
    );
    expect(reached).toMatchObject({ status: "sent", channel: "oa_template" });
    expect((await sentTo(app, silent[0]!.zaloUserId)).map((m) => m.endpoint)).toEqual(["template"]);
    expect(refused).toMatchObject({ status: "skipped", reason: "not_following" });
    expect(s.skipped.not_following).toBeGreaterThanOrEqual(1);
    expect(await sentTo(app, silent[1]!.zaloUserId)).toHaveLength(0);
  });

  it("an Update and a Cancel reach exactly those who got the original", async () => {
    const first = await subscribers(app, 3, PHUC_KHANH);
    const original = capAlert();
    const { body } = await sendCap(app, original);
    await eventually(async () => (await stats(body.alertId!)).sent >= 3, 30_000);
    // Someone who follows the commune only after the original went out.
    const late = await subscribers(app, 1, PHUC_KHANH);

    const update = capAlert(
      { msgType: "Update", references: referenceTo(original) },
      { headline: "Cập nhật: mưa giảm, vẫn nguy cơ sạt lở" },
    );
    update.infos = [capInfo("vi-VN", { headline: "Cập nhật: mưa giảm, vẫn nguy cơ sạt lở" })];
    const upd = await sendCap(app, update);
    expect(upd.status).toBe(202);
    await eventually(async () => (await stats(upd.body.alertId!)).sent >= 3, 30_000);

    const cancel = capAlert({ msgType: "Cancel", references: referenceTo(update) });
    cancel.infos = [
      capInfo("vi-VN", {
        headline: "Hủy cảnh báo lũ quét",
        areas: [],
        expires: capDateTime(new Date(Date.now() + 3600_000)),
      }),
    ];
    const can = await sendCap(app, cancel);
    expect(can.status).toBe(202);
    await eventually(async () => {
      const s = await stats(can.body.alertId!);
      return s.planned === 0 && s.total > 0 ? s : null;
    }, 30_000);
    const cancelRecipients = await app.ctx.db.alertDelivery.findMany({
      where: { alertId: can.body.alertId! },
    });
    const updateRecipients = await app.ctx.db.alertDelivery.findMany({
      where: { alertId: upd.body.alertId! },
    });
    const ids = (rows: { citizenId: string }[]) => rows.map((r) => r.citizenId).sort();
    // The Cancel goes to exactly the people the Update reached (it was sent to all of them).
    expect(ids(cancelRecipients)).toEqual(ids(updateRecipients));
    for (const c of first) {
      const texts = (await sentTo(app, c.zaloUserId)).map(textOf);
      expect(texts).toHaveLength(3);
      expect(texts[1]).toMatch(/CẬP NHẬT CẢNH BÁO/);
      expect(texts[2]).toMatch(/HỦY CẢNH BÁO/);
    }
    // The late follower got the Update (it covers their commune) and so the Cancel too, never the original.
    const lateTexts = (await sentTo(app, late[0]!.zaloUserId)).map(textOf);
    expect(lateTexts.some((t) => /^\[CẢNH BÁO /.test(t))).toBe(false);
  });

  it("a Cancel with areas reaches who got the original, unsubscribed since or not, and nobody who subscribed after", async () => {
    const area = {
      areas: [
        { areaDesc: "Sa Pa", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: SA_PA }] },
      ],
    };
    const got = await subscribers(app, 3, SA_PA);
    const original = capAlert({}, area);
    const a = await sendCap(app, original);
    for (const c of got) await eventually(async () => (await sentTo(app, c.zaloUserId)).length === 1, 30_000);
    // One of them stops following Sa Pa; someone else starts.
    await app.ctx.db.alertSubscription.deleteMany({ where: { citizenId: got[0]!.citizenId } });
    const late = await subscribers(app, 1, SA_PA);

    const cancel = capAlert({ msgType: "Cancel", references: referenceTo(original) }, area);
    const can = await sendCap(app, cancel);
    expect(can.status).toBe(202);
    await eventually(async () => {
      const job = await app.ctx.db.outboxEvent.findUnique({
        where: { jobId: `alerts.fan-out__${can.body.alertId}` },
      });
      const s = await stats(can.body.alertId!);
      return job?.status === "done" && s.planned === 0;
    }, 30_000);
    for (const c of got) {
      expect((await sentTo(app, c.zaloUserId)).map(textOf)).toEqual([
        expect.stringMatching(/^\[CẢNH BÁO/),
        expect.stringMatching(/^\[HỦY CẢNH BÁO/),
      ]);
    }
    expect(await sentTo(app, late[0]!.zaloUserId)).toHaveLength(0);
    const reached = await app.ctx.db.alertDelivery.findMany({ where: { alertId: can.body.alertId! } });
    const original_ = await app.ctx.db.alertDelivery.findMany({ where: { alertId: a.body.alertId! } });
    const ids = (rows: { citizenId: string }[]) => rows.map((r) => r.citizenId).sort();
    expect(ids(reached)).toEqual(ids(original_));
  });

  it("a Cancel that references the original reaches those who got only its Update", async () => {
    const first = await subscribers(app, 2, PHUC_KHANH);
    const original = capAlert();
    const { body } = await sendCap(app, original);
    await eventually(async () => (await stats(body.alertId!)).sent >= 2, 30_000);
    // Follows the commune after the original went out: gets the Update only.
    const late = await subscribers(app, 1, PHUC_KHANH);
    const update = capAlert({ msgType: "Update", references: referenceTo(original) });
    update.infos = [capInfo("vi-VN", { headline: "Cập nhật: mưa tiếp diễn" })];
    const upd = await sendCap(app, update);
    await eventually(async () => (await sentTo(app, late[0]!.zaloUserId)).length === 1, 30_000);

    const cancel = capAlert({ msgType: "Cancel", references: referenceTo(original) });
    cancel.infos = [
      capInfo("vi-VN", {
        headline: "Hủy cảnh báo lũ quét",
        areas: [],
        expires: capDateTime(new Date(Date.now() + 3600_000)),
      }),
    ];
    const can = await sendCap(app, cancel);
    expect(can.status).toBe(202);
    for (const c of [...first, ...late]) {
      await eventually(
        async () => (await sentTo(app, c.zaloUserId)).some((m) => /HỦY CẢNH BÁO/.test(textOf(m))),
        30_000,
      );
    }
    expect((await sentTo(app, late[0]!.zaloUserId)).map(textOf)).toEqual([
      expect.stringMatching(/^\[CẬP NHẬT CẢNH BÁO/),
      expect.stringMatching(/^\[HỦY CẢNH BÁO/),
    ]);
    expect((await app.ctx.db.alert.findUniqueOrThrow({ where: { id: upd.body.alertId! } })).status).toBe(
      "cancelled",
    );
  });

  it("a Cancel of the original stops the queued messages of its Update", async () => {
    await app.stopWorkers();
    try {
      const people = await subscribers(app, 2, BAC_HA);
      const area = {
        areas: [
          { areaDesc: "Bắc Hà", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: BAC_HA }] },
        ],
      };
      const original = capAlert({}, area);
      const a = await sendCap(app, original);
      await fanOutAlert(app.ctx, a.body.alertId!);
      const b = await sendCap(app, capAlert({ msgType: "Update", references: referenceTo(original) }, area));
      await fanOutAlert(app.ctx, b.body.alertId!);
      const c = await sendCap(app, capAlert({ msgType: "Cancel", references: referenceTo(original) }, area));
      await fanOutAlert(app.ctx, c.body.alertId!);
      const mine = await app.ctx.db.notification.findMany({
        where: { dedupeKey: { in: people.map((p) => `alert:${b.body.alertId}:${p.citizenId}`) } },
      });
      expect(mine.map((n) => [n.status, n.reason])).toEqual([
        ["skipped", "alert_cancelled"],
        ["skipped", "alert_cancelled"],
      ]);
    } finally {
      app.startWorkers();
    }
  });

  it("an expired alert stops sending: what has not left is skipped with the reason", async () => {
    await app.stopWorkers();
    try {
      const people = await subscribers(app, 4, SA_PA);
      const cap = capAlert(
        {},
        {
          areas: [
            { areaDesc: "Sa Pa", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: SA_PA }] },
          ],
        },
      );
      const { body } = await sendCap(app, cap);
      const alertId = body.alertId!;
      // Planned (no worker is sending), then the alert's time runs out.
      const planned = await fanOutAlert(app.ctx, alertId);
      expect(planned.recipients).toBeGreaterThanOrEqual(4);
      await app.ctx.db.alert.update({
        where: { id: alertId },
        data: { expires: new Date(Date.now() - 1000) },
      });
      await expireAlertJob.handler({ alertId }, app.ctx, {
        jobId: "test",
        attemptsMade: 0,
        lastAttempt: false,
        delayUntil: () => Promise.reject(new Error("not delayed")),
      });
      expect((await fanOutAlert(app.ctx, alertId)).stopped).toBe("alert_expired");
      app.startWorkers();
      const s = await eventually(async () => {
        const x = await stats(alertId);
        return x.planned === 0 ? x : null;
      }, 30_000);
      expect(s.sent).toBe(0);
      expect(s.skipped.alert_expired).toBe(s.total);
      for (const p of people) expect(await sentTo(app, p.zaloUserId)).toHaveLength(0);
      expect((await app.ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } })).status).toBe("expired");
    } finally {
      app.startWorkers();
    }
  });
});
