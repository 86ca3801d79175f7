import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { emit, resend } from "./bot-helpers.js";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { pruneInboundZaloEvents } from "../../../server/src/bot/prune-inbound-events.job.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

function sign(raw: string, timestamp: string, secret = app.config.ZALO_OA_SECRET_KEY) {
  return `mac=${createHash("sha256")
    .update(app.config.ZALO_APP_ID + raw + timestamp + secret)
    .digest("hex")}`;
}

function textEvent(userId: string, text: string, msgId: string, ts = String(Date.now())) {
  return JSON.stringify({
    event_name: "user_send_text",
    app_id: app.config.ZALO_APP_ID,
    sender: { id: userId },
    recipient: { id: app.config.ZALO_OA_ID },
    message: { text, msg_id: msgId },
    timestamp: ts,
  });
}

async function post(raw: string, signature?: string) {
  const r = await fetch(`${app.baseUrl}/webhooks/zalo`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature ? { "x-zevent-signature": signature } : {}),
    },
    body: raw,
  });
  return { status: r.status, body: (await r.json()) as { outcome: string } };
}

const queued = () => app.ctx.db.outboxEvent.count({ where: { queue: "bot" } });

describe("[BOT] the Zalo webhook", () => {
  it("queues a correctly signed event once, however often Zalo re-sends it", async () => {
    const before = await queued();
    const raw = textEvent("8001000000000000001", "xin chào", "msg-a-1");
    const ts = (JSON.parse(raw) as { timestamp: string }).timestamp;
    const first = await post(raw, sign(raw, ts));
    expect(first).toEqual({ status: 200, body: { received: true, outcome: "queued" } });
    const again = await post(raw, sign(raw, ts));
    expect(again.body.outcome).toBe("duplicate");
    expect(await queued()).toBe(before + 1);
  });

  it("refuses a wrong secret, a tampered body and a stale timestamp with 401, queueing nothing", async () => {
    const before = await queued();
    const raw = textEvent("8001000000000000002", "hello", "msg-b-1");
    const ts = (JSON.parse(raw) as { timestamp: string }).timestamp;
    expect((await post(raw, sign(raw, ts, "not-the-secret"))).status).toBe(401);
    expect((await post(raw.replace("hello", "hellp"), sign(raw, ts))).status).toBe(401);
    const oldTs = String(Date.now() - (app.config.ZALO_WEBHOOK_MAX_AGE_SECONDS + 60) * 1000);
    const stale = textEvent("8001000000000000002", "hello", "msg-b-2", oldTs);
    const res = await post(stale, sign(stale, oldTs));
    expect(res).toEqual({ status: 401, body: { received: false, outcome: "stale" } });
    expect(await queued()).toBe(before);
  });

  it("accepts an event Zalo re-sends hours later with its original timestamp (after an outage of ours), once", async () => {
    const before = await queued();
    const ts = String(Date.now() - 3 * 3600_000);
    const raw = textEvent("8001000000000000004", "tôi cần hỗ trợ", "msg-late-1", ts);
    expect((await post(raw, sign(raw, ts))).body.outcome).toBe("queued");
    expect((await post(raw, sign(raw, ts))).body.outcome).toBe("duplicate");
    expect(await queued()).toBe(before + 1);
  });

  it("answers an unsigned request 200 (Zalo's URL check) but never queues it", async () => {
    const before = await queued();
    const raw = textEvent("8001000000000000003", "unsigned", "msg-c-1");
    expect(await post(raw)).toEqual({ status: 200, body: { received: true, outcome: "unsigned_dropped" } });
    expect(await queued()).toBe(before);
  });

  it("an event without msg_id is the same event when its name, ids and timestamp are the same", async () => {
    const before = await queued();
    const ts = String(Date.now());
    const follow = (user: string) =>
      JSON.stringify({
        event_name: "follow",
        app_id: app.config.ZALO_APP_ID,
        oa_id: app.config.ZALO_OA_ID,
        follower: { id: user },
        source: "oa_profile",
        timestamp: ts,
      });
    const a = follow("8001000000000000011");
    expect((await post(a, sign(a, ts))).body.outcome).toBe("queued");
    expect((await post(a, sign(a, ts))).body.outcome).toBe("duplicate");
    // Another follower at the same millisecond is another event.
    const b = follow("8001000000000000012");
    expect((await post(b, sign(b, ts))).body.outcome).toBe("queued");
    expect(await queued()).toBe(before + 2);

    // Zalo itself re-sending one (the simulator posts the same bytes again, unchanged).
    const first = await emit(app, { event_name: "follow", user_id: "8001000000000000013" });
    const again = await resend(app, first.rawBody);
    expect([JSON.parse(first.body).outcome, JSON.parse(again.body).outcome]).toEqual(["queued", "duplicate"]);
    expect(again.rawBody).toBe(first.rawBody);
    expect(await queued()).toBe(before + 3);
  });

  it("a body that is not JSON is unauthenticated (401); a signed event we cannot read is acknowledged, not queued", async () => {
    const before = await queued();
    const ts = String(Date.now());
    expect((await post(`{"timestamp":"${ts}"`, sign(`{"timestamp":"${ts}"`, ts))).status).toBe(401);
    const odd = JSON.stringify({
      event_name: "user_send_text",
      sender: { id: "" },
      message: { text: 42 },
      timestamp: ts,
    });
    expect(await post(odd, sign(odd, ts))).toEqual({
      status: 200,
      body: { received: true, outcome: "unreadable" },
    });
    expect(await queued()).toBe(before);
  });

  it("signed by the Zalo simulator: valid is queued; wrong secret, tampered, stale are 401; unsigned is dropped", async () => {
    const before = await queued();
    const user = "8001000000000000021";
    const ok = await emit(app, { event_name: "user_send_text", user_id: user, text: "xin chào" });
    expect(ok.status).toBe(200);
    for (const breakWith of ["wrong_secret", "tamper", "stale"] as const) {
      const r = await emit(app, { event_name: "user_send_text", user_id: user, text: "xin chào" }, breakWith);
      expect([breakWith, r.status]).toEqual([breakWith, 401]);
    }
    const unsigned = await emit(app, { event_name: "user_send_text", user_id: user }, "no_signature");
    expect(unsigned.status).toBe(200);
    expect(JSON.parse(unsigned.body)).toMatchObject({ outcome: "unsigned_dropped" });
    expect(await queued()).toBe(before + 1);
  });

  it("dedupe rows outlive the replay window twice over, then are pruned (Zalo's only)", async () => {
    const windowMs = app.config.ZALO_WEBHOOK_MAX_AGE_SECONDS * 1000;
    const old = new Date(Date.now() - 2 * windowMs - 3600_000);
    // Still inside the window a re-send can arrive in: its row must stay to catch it.
    const lastWindow = new Date(Date.now() - windowMs - 3600_000);
    await app.ctx.db.inboundEvent.createMany({
      data: [
        { id: "zalo:msg:old-1", source: "zalo", receivedAt: old },
        { id: "onestop:old-1", source: "onestop", receivedAt: old },
        { id: "zalo:msg:window-1", source: "zalo", receivedAt: lastWindow },
        { id: "zalo:msg:recent-1", source: "zalo" },
      ],
    });
    expect(await pruneInboundZaloEvents(app.ctx)).toBeGreaterThanOrEqual(1);
    const left = await app.ctx.db.inboundEvent.findMany({
      where: { id: { in: ["zalo:msg:old-1", "onestop:old-1", "zalo:msg:window-1", "zalo:msg:recent-1"] } },
    });
    expect(left.map((e) => e.id).sort()).toEqual(["onestop:old-1", "zalo:msg:recent-1", "zalo:msg:window-1"]);
  });

  it("acknowledges and ignores unknown event types, queueing nothing", async () => {
    const before = await queued();
    const ts = String(Date.now());
    const raw = JSON.stringify({ event_name: "oa_send_text", sender: { id: "x" }, timestamp: ts });
    expect(await post(raw, sign(raw, ts))).toEqual({
      status: 200,
      body: { received: true, outcome: "ignored" },
    });
    expect(await queued()).toBe(before);
    expect(await app.ctx.db.inboundEvent.count({ where: { id: { contains: "oa_send_text" } } })).toBe(0);
  });

  it("a message opens the citizen's 48-hour window; a follow gets a welcome; an unfollow stops sends", async () => {
    app.startWorkers();
    const user = "8001000000000000009";
    const ts = String(Date.now());
    const follow = JSON.stringify({
      event_name: "follow",
      app_id: app.config.ZALO_APP_ID,
      oa_id: app.config.ZALO_OA_ID,
      follower: { id: user },
      source: "oa_profile",
      timestamp: ts,
    });
    await app.sims.zalo.interact(user);
    expect((await post(follow, sign(follow, ts))).body.outcome).toBe("queued");
    const citizen = await eventually(() => app.ctx.db.citizen.findUnique({ where: { zaloIdByOA: user } }));
    await eventually(
      async () => (await app.ctx.db.citizen.findUnique({ where: { id: citizen.id } }))?.followsOA,
    );
    const messages = await eventually(async () => {
      const m = await app.sims.zalo.messagesTo(user);
      return m.length ? m : null;
    });
    expect(JSON.stringify(messages[0])).toContain("Chào mừng");

    // Unfollowing, the way Zalo tells us.
    const unfollowed = await emit(app, { event_name: "unfollow", user_id: user });
    expect(unfollowed.status).toBe(200);
    await eventually(
      async () => (await app.ctx.db.citizen.findUnique({ where: { id: citizen.id } }))?.unfollowedAt,
    );
    // A dossier message after that is not sent: skipped before any call to Zalo (no channel:
    // Zalo never saw it, so no rate-limit slot was spent on a send it would refuse).
    const sentBefore = (await app.sims.zalo.messagesTo(user)).length;
    const id = await notifyCitizen(app.ctx.db, {
      citizenId: citizen.id,
      kind: "dossier_status",
      template: "dossier_status",
      params: { code: "H38.03006-261202-0001", status: "processing" },
      dedupeKey: `unfollow-test:${citizen.id}`,
    });
    const skipped = await eventually(async () => {
      const n = await app.ctx.db.notification.findUnique({ where: { id } });
      return n?.status === "skipped" ? n : null;
    });
    expect(skipped.reason).toBe("not_following");
    expect(skipped.channel).toBeNull();
    expect((await app.sims.zalo.messagesTo(user)).length).toBe(sentBefore);

    // Following again: messages flow once more.
    await emit(app, { event_name: "follow", user_id: user });
    await eventually(
      async () => (await app.ctx.db.citizen.findUnique({ where: { id: citizen.id } }))?.unfollowedAt === null,
    );
    await eventually(async () => ((await app.sims.zalo.messagesTo(user)).length > sentBefore ? true : null));
  });
});
