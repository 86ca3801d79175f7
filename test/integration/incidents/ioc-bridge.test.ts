import { jobIdFor } from "../../../server/src/platform/jobs.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../../server/src/integrations/webhook-signature.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { TEST_SECRETS } from "../../support/simulators.js";
import { loginAs } from "../../support/staff.js";
import { getJson, report, uploadPhoto } from "./reporting.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

type SimRecord = { key: string; id: string; status: string; data: { media?: { url: string }[] } };
const iocRecords = async () =>
  (await (await fetch(`${app.sims.ioc.url}/__sim/records`)).json()) as SimRecord[];
const iocCreates = async (key: string) => (await iocRecords()).filter((r) => r.key === key);
const simPost = (path: string, body: unknown) =>
  fetch(`${app.sims.ioc.url}/__sim${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("[INCIDENTS] IOC bridge", () => {
  it("a report reaches the IOC with its photo; the IOC's changes come back to the reporter and the supporters", async () => {
    const reporter = await signedInCitizen(app, "Lò Văn Sinh");
    const neighbour = await signedInCitizen(app, "Vàng Thị Mai");
    const photo = await uploadPhoto(app, reporter);
    const r = await report(app, reporter, {
      category: "landslide",
      description: "Sạt taluy",
      fileIds: [photo.body.id],
    });
    expect(r.status).toBe(201);
    const id = r.body.publicId;

    const [rec] = await eventually(async () => {
      const found = await iocCreates(id);
      return found.length ? found : null;
    });
    // The photo URL the IOC got serves the photo.
    const url = rec!.data.media![0]!.url;
    expect(url).toContain(`/api/v1/incidents/${id}/photos/`);
    const photoPath = new URL(url).pathname;
    expect((await fetch(`${app.baseUrl}${photoPath}`)).status).toBe(200);
    const confirmed = await eventually(async () => {
      const i = await app.ctx.db.incident.findUniqueOrThrow({ where: { publicId: id } });
      return i.status === "confirmed" && i.iocRef ? i : null;
    });
    expect(confirmed.iocRef).toBe(rec!.id);

    await fetch(`${app.baseUrl}/api/v1/incidents/${id}/supporters`, {
      method: "POST",
      headers: neighbour.headers,
    });

    // The IOC delivers each webhook twice: one change, one event, one message each.
    await simPost("/faults", { duplicateWebhooks: 1 });
    const changed = await simPost(`/records/${id}/status`, {
      status: "in_progress",
      note: "Đội cứu hộ đang tới",
    });
    expect(
      ((await changed.json()) as { deliveries: { status: number }[] }).deliveries.map((d) => d.status),
    ).toEqual([200, 200]);
    await simPost(`/records/${id}/status`, { status: "resolved", note: "Đã dọn đất đá, thông đường" });
    const after = await app.ctx.db.incident.findUniqueOrThrow({
      where: { publicId: id },
      include: { events: true },
    });
    expect(after.status).toBe("fixed");
    expect(after.events.map((e) => e.toStatus)).toEqual(["unconfirmed", "confirmed", "in_progress", "fixed"]);

    for (const who of [reporter, neighbour]) {
      const texts = await eventually(async () => {
        const m = (await app.sims.zalo.messagesTo(who.zaloUserId)).map((x) => JSON.stringify(x));
        return m.some((t) => t.includes("Đã khắc phục")) ? m : null;
      });
      expect(texts.filter((t) => t.includes("Đang xử lý"))).toHaveLength(1);
      // Each message opens the report in the mini app.
      expect(texts.find((t) => t.includes("Đã khắc phục"))).toContain(`/miniapp/#/reports/${id}`);
    }

    // The reporter confirms the fix and rates it; the timeline shows it.
    const confirm = await fetch(`${app.baseUrl}/api/v1/incidents/${id}/confirm-fix`, {
      method: "POST",
      headers: reporter.headers,
    });
    expect(confirm.status).toBe(200);
    const rate = await fetch(`${app.baseUrl}/api/v1/incidents/${id}/rating`, {
      method: "POST",
      headers: reporter.headers,
      body: JSON.stringify({ score: 5, comment: "Nhanh" }),
    });
    expect(await rate.json()).toMatchObject({ rating: { score: 5 }, fixConfirmedAt: expect.any(String) });
    // A supporter can neither rate nor reopen.
    const notYours = await fetch(`${app.baseUrl}/api/v1/incidents/${id}/reopen`, {
      method: "POST",
      headers: neighbour.headers,
      body: JSON.stringify({ reason: "vẫn còn" }),
    });
    expect(notYours.status).toBe(403);
    // The reporter reopens: back to confirmed, and the supporter hears it.
    const reopen = await fetch(`${app.baseUrl}/api/v1/incidents/${id}/reopen`, {
      method: "POST",
      headers: reporter.headers,
      body: JSON.stringify({ reason: "Lại sạt tiếp" }),
    });
    expect(await reopen.json()).toMatchObject({ status: "confirmed" });
    await eventually(async () =>
      (await app.sims.zalo.messagesTo(neighbour.zaloUserId)).some((m) =>
        JSON.stringify(m).includes("Lại sạt tiếp"),
      ),
    );
  });

  it("a change made by our operator reaches the IOC once it has the report", async () => {
    const c = await signedInCitizen(app);
    const r = await report(app, c, { category: "trees", description: "Cây đổ" });
    const op = await loginAs(app.baseUrl, "ioc.operator");
    // Made at once, before the push job ran: the status push waits for the report.
    const s = await op.send("POST", `/api/staff/incidents/${r.body.publicId}/status`, {
      status: "action_scheduled",
      note: "Đội cây xanh đến lúc 14 giờ, gọi 0912345678",
    });
    expect(s.status).toBe(200);
    const rec = await eventually(async () => {
      const [x] = await iocCreates(r.body.publicId);
      return x?.status === "in_progress" ? x : null;
    }, 30_000);
    const history = (rec as unknown as { history: { note?: string }[] }).history;
    expect(history.at(-1)!.note).toContain("********78");
  }, 60_000);

  it("a webhook with a bad signature or for an unknown report changes nothing", async () => {
    const body = JSON.stringify({ eventId: "e-1", externalId: "PA-00000000", status: "resolved" });
    const bad = await fetch(`${app.baseUrl}/webhooks/ioc`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-ioc-signature": "sha256=" + "0".repeat(64) },
      body,
    });
    expect(bad.status).toBe(401);
    const unknown = await fetch(`${app.baseUrl}/webhooks/ioc`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-ioc-signature": signWebhook(body, TEST_SECRETS.IOC_WEBHOOK_SECRET),
      },
      body,
    });
    expect(unknown.status).toBe(404);

    // A status the IOC does not have, even one every object inherits, is a 400 (not a 500).
    const c = await signedInCitizen(app);
    const r = await report(app, c, { category: "trees", description: "Cây đổ" });
    for (const status of ["constructor", "toString", "__proto__", "pending"]) {
      const odd = JSON.stringify({ eventId: `e-${status}`, externalId: r.body.publicId, status });
      const res = await fetch(`${app.baseUrl}/webhooks/ioc`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-ioc-signature": signWebhook(odd, TEST_SECRETS.IOC_WEBHOOK_SECRET),
        },
        body: odd,
      });
      expect(res.status, status).toBe(400);
    }
    const events = await app.ctx.db.incidentEvent.count({
      where: { incident: { publicId: r.body.publicId } },
    });
    expect(events).toBeLessThanOrEqual(2); // received, and confirmed by the push: nothing from these
  });

  it("IOC down during reporting: the report is accepted and delivered later exactly once", async () => {
    const c = await signedInCitizen(app);
    // Three 500s, then a create the IOC commits but never answers (the client times out):
    // the retry must find the first record, not make a second one.
    // (Creates only, and once the earlier tests' reports are all at the IOC: their status
    // pushes and late creates must not take the 500s.)
    await eventually(
      async () => (await app.ctx.db.incident.count({ where: { iocRef: null } })) === 0,
      30_000,
    );
    await simPost("/faults", { failCreate500: 3, hangAfterCreate: 1 });
    const r = await report(app, c, { category: "flooding", description: "Ngập sâu 50 cm" });
    expect(r.status).toBe(201);
    const stored = await app.ctx.db.incident.findUniqueOrThrow({ where: { publicId: r.body.publicId } });
    expect(stored.status).toBe("unconfirmed");

    const done = await eventually(
      async () => {
        const i = await app.ctx.db.incident.findUniqueOrThrow({ where: { publicId: r.body.publicId } });
        return i.iocRef ? i : null;
      },
      50_000,
      250,
    );
    expect(await iocCreates(r.body.publicId)).toHaveLength(1);
    expect(done.iocRef).toBe((await iocCreates(r.body.publicId))[0]!.id);
    // Every try for this report is in the call log: three 500s, the hang, the one that found it.
    // (The IOC's own webhook can link the report before the push job's last try is logged:
    // wait for the job to finish.)
    await eventually(
      async () =>
        (
          await app.ctx.db.outboxEvent.findUnique({
            where: { jobId: jobIdFor("ioc.push-incident", stored.id) },
          })
        )?.status === "done",
      30_000,
    );
    const calls = await app.ctx.db.integrationCall.findMany({
      where: { system: "ioc", operation: "incident.create", requestBody: { contains: r.body.publicId } },
    });
    expect(calls.filter((x) => x.statusCode === 500)).toHaveLength(3);
    expect(calls.filter((x) => x.error === "timeout")).toHaveLength(1);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    const mine = await getJson<{ events: { status: string }[] }>(
      app,
      `/api/v1/incidents/${r.body.publicId}`,
      c.headers,
    );
    expect(mine.body.events.map((e) => e.status)).toEqual(["unconfirmed", "confirmed"]);
  }, 90_000);
});
