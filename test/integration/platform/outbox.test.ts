import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";

// A Redis of this test's own, so stopping it is a real outage that other test files
// (sharing the machine's Redis) never see.
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  await eventually(
    () =>
      new Promise<boolean>((r) => {
        const s = net.connect(port, "127.0.0.1", () => {
          s.destroy();
          r(true);
        });
        s.on("error", () => r(false));
      }),
    10_000,
  );
  return child;
}

function stopRedis(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.once("exit", () => r());
    child.kill("SIGKILL"); // a crash, not a polite shutdown
  });
}

let app: TestApp;
let redis: ChildProcess;
let redisPort: number;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  app = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
});
afterAll(async () => {
  await app?.close();
  if (redis?.exitCode === null) await stopRedis(redis);
});

async function citizenInWindow(zaloUserId: string) {
  await app.sims.zalo.interact(zaloUserId);
  return app.ctx.db.citizen.create({ data: { zaloUserId, lastInteractAt: new Date(), followsOA: true } });
}

describe("[OUTBOX] nothing accepted is lost when Redis is down", () => {
  it("an accepted write stays accepted with Redis down, and its job runs exactly once when Redis returns", async () => {
    const citizen = await citizenInWindow(`84${Date.now()}`);
    await stopRedis(redis);

    // Accepting does not need Redis: the row and its outbox row commit together.
    const id = await app.ctx.db.$transaction((tx) =>
      notifyCitizen(tx, {
        citizenId: citizen.id,
        kind: "test_message",
        dedupeKey: `outbox-test-${citizen.id}`,
        params: { text: "Hồ sơ của bạn đã được tiếp nhận" },
      }),
    );
    app.startWorkers();
    // The relay tries, fails fast and keeps the row pending.
    await eventually(
      async () => (await app.ctx.db.outboxEvent.findFirst({ where: { attempts: { gt: 0 } } })) !== null,
    );
    const pending = await app.ctx.db.outboxEvent.findMany();
    expect(pending.map((r) => r.status)).toEqual(["pending"]);
    expect((await app.ctx.db.notification.findUnique({ where: { id } }))?.status).toBe("queued");

    redis = await startRedis(redisPort);
    await eventually(
      async () => (await app.ctx.db.notification.findUnique({ where: { id } }))?.status === "sent",
      30_000,
    );

    const messages = await app.sims.zalo.messagesTo(citizen.zaloUserId);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toContain("Hồ sơ của bạn đã được tiếp nhận");
    expect(await app.ctx.db.notificationAttempt.count({ where: { notificationId: id } })).toBe(1);
    expect((await app.ctx.db.outboxEvent.findFirst())?.status).toBe("done");
  });

  it("a job handed to Redis and lost in a Redis restart is handed over again and runs once", async () => {
    await app.stopWorkers();
    const citizen = await citizenInWindow(`84${Date.now() + 1}`);
    const id = await app.ctx.db.$transaction((tx) =>
      notifyCitizen(tx, {
        citizenId: citizen.id,
        kind: "test_message",
        dedupeKey: `lost-${citizen.id}`,
        params: { text: "lost?" },
      }),
    );
    // Relay only (no consumers), so the job sits in Redis…
    const { relayOutboxOnce } = await import("../../../server/src/platform/outbox.js");
    await relayOutboxOnce({
      db: app.ctx.db,
      logger: app.ctx.logger,
      queues: app.ctx.queues,
      jobs: app.ctx.jobs,
    });
    expect((await app.ctx.db.outboxEvent.findFirst({ where: { jobId: { contains: id } } }))?.status).toBe(
      "enqueued",
    );
    // …when Redis dies and comes back empty.
    await stopRedis(redis);
    redis = await startRedis(redisPort);

    const { startWorkers } = await import("../../../server/src/platform/worker-runtime.js");
    app.workers = startWorkers(app.ctx, { pollMs: 100, recoverAfterMs: 200, recoverEveryMs: 200 });
    await eventually(
      async () => (await app.ctx.db.notification.findUnique({ where: { id } }))?.status === "sent",
      30_000,
    );
    expect(await app.sims.zalo.messagesTo(citizen.zaloUserId)).toHaveLength(1);
  });

  it("the same business event twice is one notification and one message", async () => {
    const citizen = await citizenInWindow(`84${Date.now() + 2}`);
    for (let i = 0; i < 3; i++) {
      await app.ctx.db.$transaction((tx) =>
        notifyCitizen(tx, {
          citizenId: citizen.id,
          kind: "test_message",
          dedupeKey: `dup-${citizen.id}`,
          params: { text: "một lần" },
        }),
      );
    }
    await eventually(async () => (await app.sims.zalo.messagesTo(citizen.zaloUserId)).length === 1, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await app.sims.zalo.messagesTo(citizen.zaloUserId)).toHaveLength(1);
    expect(await app.ctx.db.notification.count({ where: { citizenId: citizen.id } })).toBe(1);
  });
});
