import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs, type StaffClient } from "../../support/staff.js";

// No workers here: a retried job stays waiting in Redis, where the test can look at it.
let app: TestApp;
let admin: StaffClient;
beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.baseUrl, "admin");
});
afterAll(async () => {
  await app?.close();
});

/** A reconciliation job that exhausted its attempts, as the worker runtime records it. */
async function deadJob(opts: { jobId?: string; priority?: number } = {}) {
  const day = `2026-10-${String(10 + Math.floor(Math.random() * 18))}-${randomBytes(3).toString("hex")}`;
  const jobId = opts.jobId ?? `payments.reconcile__${day}`;
  const payload = { day };
  const baseId = jobId.replace(/-r\d+$/, "");
  await app.ctx.db.outboxEvent.upsert({
    where: { jobId: baseId },
    create: {
      queue: "payments",
      jobName: "payments.reconcile",
      jobId: baseId,
      payload,
      priority: opts.priority ?? null,
      status: "failed",
    },
    update: { status: "failed" },
  });
  return app.ctx.db.jobDeadLetter.create({
    data: {
      queue: "payments",
      jobName: "payments.reconcile",
      jobId,
      payload,
      error: "VNPay querydr: ECONNREFUSED",
      attempts: 5,
    },
  });
}

it("[STAFF] an admin sees dead letters, newest first", async () => {
  const older = await deadJob();
  const newer = await deadJob();
  const r = await admin.get("/api/staff/dead-letters?limit=2");
  expect(r.status).toBe(200);
  const body = (await r.json()) as { deadLetters: { id: string; jobId: string; retriedAt: null }[] };
  expect(body.deadLetters.map((d) => d.id)).toEqual([String(newer.id), String(older.id)]);
  expect(body.deadLetters[0]).toMatchObject({ jobId: newer.jobId, retriedAt: null });
});

it("[STAFF] a retry re-adds the job as <jobId>-r1 with the same payload and priority, and resets its outbox row", async () => {
  const dl = await deadJob({ priority: 1 });
  const r = await admin.send("POST", `/api/staff/dead-letters/${dl.id}/retry`);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ jobId: `${dl.jobId}-r1` });

  const job = await app.ctx.queues.get("payments")!.getJob(`${dl.jobId}-r1`);
  expect(job?.name).toBe("payments.reconcile");
  expect(job?.data).toEqual(dl.payload);
  expect(job?.opts.priority).toBe(1);
  const row = await app.ctx.db.jobDeadLetter.findUniqueOrThrow({ where: { id: dl.id } });
  expect(row.retriedAt).not.toBeNull();
  const outbox = await app.ctx.db.outboxEvent.findUniqueOrThrow({ where: { jobId: dl.jobId } });
  expect(outbox.status).toBe("enqueued");
  const audit = await app.ctx.db.auditLog.findFirstOrThrow({
    where: { action: "dead_letter.retry", target: dl.jobId },
    include: { staff: true },
  });
  expect(audit.staff?.username).toBe("admin");
  expect(audit.detail).toMatchObject({ newJobId: `${dl.jobId}-r1` });
});

it("[STAFF] two admins retrying the same dead letter at once enqueue it once", async () => {
  const dl = await deadJob();
  const statuses = await Promise.all([
    admin.send("POST", `/api/staff/dead-letters/${dl.id}/retry`),
    admin.send("POST", `/api/staff/dead-letters/${dl.id}/retry`),
  ]).then((rs) => rs.map((x) => x.status).sort());
  expect(statuses).toEqual([200, 409]);
  const again = await admin.send("POST", `/api/staff/dead-letters/${dl.id}/retry`);
  expect(again.status).toBe(409);
  expect(((await again.json()) as { error: { userMessage: string } }).error.userMessage).toBe(
    "Việc này đã được chạy lại.",
  );
});

it("[STAFF] a retried job that died again is retried as the next number of the original id", async () => {
  const first = await deadJob();
  expect((await admin.send("POST", `/api/staff/dead-letters/${first.id}/retry`)).status).toBe(200);
  const second = await deadJob({ jobId: `${first.jobId}-r1` }); // the retry failed too
  const r = await admin.send("POST", `/api/staff/dead-letters/${second.id}/retry`);
  expect(await r.json()).toEqual({ jobId: `${first.jobId}-r2` });
  expect(await app.ctx.queues.get("payments")!.getJob(`${first.jobId}-r2`)).toBeTruthy();
});

it("[STAFF] an unknown dead letter answers 404; a clerk may not retry", async () => {
  expect((await admin.send("POST", "/api/staff/dead-letters/987654321/retry")).status).toBe(404);
  const dl = await deadJob();
  const clerk = await loginAs(app.baseUrl, "clerk.sapa");
  expect((await clerk.send("POST", `/api/staff/dead-letters/${dl.id}/retry`)).status).toBe(403);
  expect((await app.ctx.db.jobDeadLetter.findUniqueOrThrow({ where: { id: dl.id } })).retriedAt).toBeNull();
});
