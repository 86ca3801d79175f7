// Zalo's app-wide limit as the senders keep it: the sliding-window log in real Redis, shared by
// two connections standing for two sender processes; then the sender itself, holding back
// what is over our limit before Zalo has to refuse it.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SendLimiter } from "../../../server/src/notifications/send-limiter.js";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe("[NOTIFICATIONS] the sliding-window send limiter", () => {
  const prefix = `lim${randomBytes(4).toString("hex")}`;
  const a = new Redis(url);
  const b = new Redis(url);
  afterAll(async () => {
    const keys = await a.keys(`${prefix}:*`);
    if (keys.length) await a.del(...keys);
    a.disconnect();
    b.disconnect();
  });

  it("two senders together never pass the limit in any window, and use all of it", async () => {
    const limit = 10;
    const windowMs = 1500;
    const opts = { limit, windowMs, prefix: `${prefix}:share` };
    const senders = [new SendLimiter(a, opts), new SendLimiter(b, opts)];
    const grants: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const slot = await senders[i % 2]!.acquire(Infinity);
        expect(slot.granted).toBe(true);
        grants.push(Date.now() - t0);
      }),
    );
    grants.sort((x, y) => x - y);
    // The first ten at once (an empty window: nothing held back), then ten per window.
    expect(grants[limit - 1]!).toBeLessThan(windowMs / 2);
    // Any `limit` + 1 grants span more than a window (a little less as seen from here: each
    // answer comes back after Redis decided it).
    for (let i = 0; i + limit < grants.length; i++)
      expect(grants[i + limit]! - grants[i]!).toBeGreaterThan(windowMs - 100);
    // Used in full: the 30th slot opened two windows after the first.
    expect(grants[29]!).toBeLessThan(2 * windowMs + 600);
  });

  it("a full window tells how long until a slot frees; a released slot is free again", async () => {
    const l = new SendLimiter(a, { limit: 2, windowMs: 2000, prefix: `${prefix}:wait` });
    const first = await l.tryAcquire();
    await l.tryAcquire();
    const third = await l.tryAcquire();
    expect(third).toMatchObject({ granted: false });
    expect(third.granted ? 0 : third.waitMs).toBeGreaterThan(1500);
    expect(third.granted ? 0 : third.waitMs).toBeLessThanOrEqual(2000);
    if (first.granted) await first.release();
    expect((await l.tryAcquire()).granted).toBe(true);
  });

  it("a pause after Zalo's -32 holds every sender; the limit can be changed without a restart", async () => {
    const opts = { limit: 1, windowMs: 60_000, prefix: `${prefix}:pause` };
    const [x, y] = [new SendLimiter(a, opts), new SendLimiter(b, opts)];
    await x.pause(800);
    const held = await y.tryAcquire();
    expect(held).toMatchObject({ granted: false, paused: true });
    await new Promise((r) => setTimeout(r, 900));
    expect((await y.tryAcquire()).granted).toBe(true);
    expect((await x.tryAcquire()).granted).toBe(false); // 1 per minute, used
    await a.set(`${prefix}:pause:zalo-send:limit`, "3");
    expect((await x.tryAcquire()).granted).toBe(true);
  });
});

describe("[NOTIFICATIONS] the sender under our configured limit", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ZALO_RATE_LIMIT_PER_MINUTE: "6" } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends up to the limit, holds the rest without a refusal or a spent attempt, and sends them when the limit is raised", async () => {
    const people: { id: string; user: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const user = `87${Date.now()}${i}`;
      await app.sims.zalo.interact(user);
      const c = await app.ctx.db.citizen.create({
        data: { zaloUserId: user, followsOA: true, lastInteractAt: new Date() },
      });
      people.push({ id: c.id, user });
      await notifyCitizen(app.ctx.db, {
        citizenId: c.id,
        kind: "bot_reply",
        dedupeKey: `lim-${c.id}`,
        params: { text: "Hồ sơ của anh/chị đã được tiếp nhận." },
      });
    }
    const ids = people.map((p) => p.id);
    const sent = () => app.ctx.db.notification.count({ where: { citizenId: { in: ids }, status: "sent" } });
    app.startWorkers();
    await eventually(async () => ((await sent()) === 6 ? true : null), 20_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await sent()).toBe(6); // the minute is used: the other four wait
    expect(app.sims.zalo.state.messages.filter((m) => m.outcome !== 0)).toHaveLength(0);

    await app.ctx.redis.set(`${app.config.QUEUE_PREFIX}:zalo-send:limit`, "100");
    await eventually(async () => ((await sent()) === 10 ? true : null), 20_000);
    const notes = await app.ctx.db.notification.findMany({ where: { citizenId: { in: ids } } });
    expect(notes.map((n) => n.attempts)).toEqual(ids.map(() => 1));
    for (const p of people)
      expect(app.sims.zalo.state.messages.filter((m) => m.userId === p.user && m.outcome === 0)).toHaveLength(
        1,
      );
    await app.stopWorkers();
  }, 60_000);
});
