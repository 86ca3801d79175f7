import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { getJson, report, SA_PA, uploadPhoto } from "./reporting.js";
import { renderTemplate } from "../../../server/src/notifications/templates.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

type View = {
  photos: { id: string; url: string; hidden?: boolean }[];
  status: string;
  events: { note: string | null }[];
};

describe("[INCIDENTS] operators and moderation", () => {
  it("moderation hides one photo from the public view and from the IOC link; the operator still sees it", async () => {
    const c = await signedInCitizen(app);
    const p1 = await uploadPhoto(app, c);
    const p2 = await uploadPhoto(app, c);
    const r = await report(app, c, { fileIds: [p1.body.id, p2.body.id] });
    const op = await loginAs(app.baseUrl, "ioc.operator");

    const hide = await op.send(
      "POST",
      `/api/staff/incidents/${r.body.publicId}/photos/${p2.body.id}/moderation`,
      {
        hidden: true,
      },
    );
    expect(hide.status).toBe(200);
    const pub = await getJson<View>(app, `/api/v1/incidents/${r.body.publicId}`);
    expect(pub.body.photos.map((p) => p.id)).toEqual([p1.body.id]);
    // What is shown may be hidden later: no cache may keep serving it.
    const shown = await fetch(`${app.baseUrl}${pub.body.photos[0]!.url}`);
    expect(shown.headers.get("cache-control")).toBe("private, no-cache");
    expect(
      (await fetch(`${app.baseUrl}/api/v1/incidents/${r.body.publicId}/photos/${p2.body.id}`)).status,
    ).toBe(404);
    const staffView = (await (await op.get(`/api/staff/incidents/${r.body.publicId}`)).json()) as View;
    expect(staffView.photos.find((p) => p.id === p2.body.id)?.hidden).toBe(true);
    expect((await op.get(`/api/staff/incidents/${r.body.publicId}/photos/${p2.body.id}`)).status).toBe(200);
    // Without CSRF proof the write is refused.
    const noCsrf = await op.send(
      "POST",
      `/api/staff/incidents/${r.body.publicId}/moderation`,
      { hidden: true },
      { csrf: false },
    );
    expect(noCsrf.status).toBe(403);
  });

  it("hiding a report removes it from the public list and pages; the reporter still sees it", async () => {
    const c = await signedInCitizen(app);
    const r = await report(app, c, { description: "Nội dung quảng cáo 0987654321" });
    const op = await loginAs(app.baseUrl, "ioc.operator");
    expect(
      (await op.send("POST", `/api/staff/incidents/${r.body.publicId}/moderation`, { hidden: true })).status,
    ).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/v1/incidents/${r.body.publicId}`)).status).toBe(404);
    const list = await getJson<{ incidents: { publicId: string }[] }>(app, "/api/v1/incidents?limit=500");
    expect(list.body.incidents.map((i) => i.publicId)).not.toContain(r.body.publicId);
    const own = await getJson<{ status: string }>(app, `/api/v1/incidents/${r.body.publicId}`, c.headers);
    expect(own.body.status).toBe("hidden");
  });

  it("status with a template note reaches the reporter; assignment; a clerk of another agency sees nothing", async () => {
    const c = await signedInCitizen(app);
    const r = await report(app, c, { category: "pollution", description: "Khói đen từ lò gạch" });
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const options = (await (await op.get("/api/staff/incident-options")).json()) as {
      templates: { key: string; status: string; text: string }[];
      agencies: { id: string; code: string }[];
      people: { id: string }[];
    };
    const t = options.templates.find((x) => x.key === "working")!;
    const s = await op.send("POST", `/api/staff/incidents/${r.body.publicId}/status`, {
      status: t.status,
      note: t.text,
    });
    expect(s.status).toBe(200);
    const msgs = await app.ctx.db.notification.findMany({
      where: { citizenId: c.id },
      orderBy: { createdAt: "asc" },
    });
    const last = msgs.at(-1)!;
    expect(last.params).toMatchObject({ note: t.text });
    // Worded in the reader's language when it is sent.
    expect(renderTemplate(last.template, "vi", last.params as Record<string, string>)).toContain(
      "Đang xử lý",
    );
    expect(renderTemplate(last.template, "en", last.params as Record<string, string>)).toContain(
      "In progress",
    );

    const agency = options.agencies.find((a) => a.code === "H38.04")!;
    const a = await op.send("POST", `/api/staff/incidents/${r.body.publicId}/assign`, {
      agencyId: agency.id,
      assigneeId: options.people[0]!.id,
    });
    expect(await a.json()).toMatchObject({
      agency: { id: agency.id },
      assignee: { id: options.people[0]!.id },
    });
    const bad = await op.send("POST", `/api/staff/incidents/${r.body.publicId}/assign`, { agencyId: "nope" });
    expect(bad.status).toBe(400);

    // Pollution goes to the environment department: a commune clerk does not see it.
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    expect((await clerk.get(`/api/staff/incidents/${r.body.publicId}`)).status).toBe(404);
    // A citizen cannot reach the staff API at all.
    expect((await fetch(`${app.baseUrl}/api/staff/incidents`, { headers: c.headers })).status).toBe(401);
  });

  it("notes with a phone number: the reporter reads them whole, a supporter masked (timeline and message)", async () => {
    const reporter = await signedInCitizen(app, "Người báo");
    const supporter = await signedInCitizen(app, "Hàng xóm");
    const r = await report(app, reporter, { category: "landslide", description: "Sạt taluy" });
    const id = r.body.publicId;
    await fetch(`${app.baseUrl}/api/v1/incidents/${id}/supporters`, {
      method: "POST",
      headers: supporter.headers,
    });
    const op = await loginAs(app.baseUrl, "ioc.operator");
    await op.send("POST", `/api/staff/incidents/${id}/status`, {
      status: "fixed",
      note: "Đã dọn xong, cần gì gọi đội trưởng 0912 345 678",
    });
    const reopen = await fetch(`${app.baseUrl}/api/v1/incidents/${id}/reopen`, {
      method: "POST",
      headers: reporter.headers,
      body: JSON.stringify({ reason: "Lại sạt, gọi tôi số 0987654321" }),
    });
    expect(reopen.status).toBe(200);

    const notes = async (who: { headers: Record<string, string> }) =>
      (await getJson<View>(app, `/api/v1/incidents/${id}`, who.headers)).body.events
        .map((e) => e.note)
        .join(" | ");
    expect(await notes(reporter)).toContain("0912 345 678");
    const seen = await notes(supporter);
    expect(seen).toContain("********78");
    expect(seen).toContain("Lại sạt, gọi tôi số ********21");
    expect(seen).not.toMatch(/0912|0987/);

    const told = async (citizenId: string) =>
      (await app.ctx.db.notification.findMany({ where: { citizenId, template: "incident_status" } }))
        .map((n) => (n.params as { note?: string }).note ?? "")
        .join(" | ");
    expect(await told(reporter.id)).toContain("0912 345 678");
    const supporterTold = await told(supporter.id);
    expect(supporterTold).toContain("gọi tôi số ********21");
    expect(supporterTold).not.toMatch(/0912|0987/);
  });

  it("a supporter sees neither the reporter's rating nor a report hidden by moderation", async () => {
    const reporter = await signedInCitizen(app, "Người báo");
    const supporter = await signedInCitizen(app, "Hàng xóm");
    const r = await report(app, reporter, { category: "trees", description: "Cây đổ" });
    const id = r.body.publicId;
    await fetch(`${app.baseUrl}/api/v1/incidents/${id}/supporters`, {
      method: "POST",
      headers: supporter.headers,
    });
    const op = await loginAs(app.baseUrl, "ioc.operator");
    await op.send("POST", `/api/staff/incidents/${id}/status`, { status: "fixed" });
    const rated = await fetch(`${app.baseUrl}/api/v1/incidents/${id}/rating`, {
      method: "POST",
      headers: reporter.headers,
      body: JSON.stringify({ score: 2, comment: "Chậm, tôi gọi 3 lần mới có người" }),
    });
    expect(await rated.json()).toMatchObject({
      rating: { score: 2, comment: expect.stringContaining("Chậm") },
    });
    const seen = await getJson<{ role: string; rating: unknown }>(
      app,
      `/api/v1/incidents/${id}`,
      supporter.headers,
    );
    expect(seen.body).toMatchObject({ role: "supporter", rating: null });
    const listed = await getJson<{ incidents: { publicId: string }[] }>(
      app,
      "/api/v1/incidents/mine",
      supporter.headers,
    );
    expect(JSON.stringify(listed.body)).not.toContain("Chậm");

    await op.send("POST", `/api/staff/incidents/${id}/moderation`, { hidden: true, reason: "Nội dung sai" });
    expect(
      (await fetch(`${app.baseUrl}/api/v1/incidents/${id}`, { headers: supporter.headers })).status,
    ).toBe(404);
    const mine = await getJson<{ incidents: { publicId: string }[] }>(
      app,
      "/api/v1/incidents/mine",
      supporter.headers,
    );
    expect(mine.body.incidents.map((i) => i.publicId)).not.toContain(id);
    // The reporter still sees it, rating and all.
    const own = await getJson<{ status: string; rating: { score: number } | null }>(
      app,
      `/api/v1/incidents/${id}`,
      reporter.headers,
    );
    expect(own.body).toMatchObject({ status: "hidden", rating: { score: 2 } });
  });

  it("moderation: showing a hidden report again puts back its state; the IOC and the supporters are not told", async () => {
    const reporter = await signedInCitizen(app, "Người báo");
    const supporter = await signedInCitizen(app, "Hàng xóm");
    const r = await report(app, reporter, { category: "trees", description: "Cây đổ" });
    const id = r.body.publicId;
    await fetch(`${app.baseUrl}/api/v1/incidents/${id}/supporters`, {
      method: "POST",
      headers: supporter.headers,
    });
    const op = await loginAs(app.baseUrl, "ioc.operator");
    await op.send("POST", `/api/staff/incidents/${id}/status`, { status: "fixed", note: "Đã cưa dọn" });
    await fetch(`${app.baseUrl}/api/v1/incidents/${id}/confirm-fix`, {
      method: "POST",
      headers: reporter.headers,
    });
    const messagesTo = (citizenId: string) =>
      app.ctx.db.notification.count({ where: { citizenId, template: "incident_status" } });
    const before = { reporter: await messagesTo(reporter.id), supporter: await messagesTo(supporter.id) };

    const hide = await op.send("POST", `/api/staff/incidents/${id}/moderation`, { hidden: true });
    expect(await hide.json()).toMatchObject({ status: "hidden" });
    // Only moderation brings it back: a status change is refused while hidden.
    const sneak = await op.send("POST", `/api/staff/incidents/${id}/status`, { status: "in_progress" });
    expect(sneak.status).toBe(409);
    expect(JSON.stringify(await sneak.json())).toContain("đang bị ẩn");
    const show = await op.send("POST", `/api/staff/incidents/${id}/moderation`, { hidden: false });
    expect(await show.json()).toMatchObject({ status: "fixed", open: false });

    const row = await app.ctx.db.incident.findUniqueOrThrow({
      where: { publicId: id },
      include: { events: true },
    });
    expect(row.fixConfirmedAt).not.toBeNull(); // the reporter's confirmation stands
    expect(row.events.map((e) => e.toStatus).slice(-3)).toEqual(["fixed", "hidden", "fixed"]);
    const moderationEvents = row.events.slice(-2).map((e) => e.id);
    const pushes = await app.ctx.db.outboxEvent.findMany({ where: { jobName: "ioc.push-status" } });
    const pushed = pushes.map((p) => (p.payload as { eventId: string }).eventId);
    expect(pushed).toContain(row.events.find((e) => e.note === "Đã cưa dọn")!.id);
    for (const e of moderationEvents) expect(pushed).not.toContain(e);
    // The reporter hears of the hide and the show; the supporter of neither.
    expect(await messagesTo(reporter.id)).toBe(before.reporter + 2);
    expect(await messagesTo(supporter.id)).toBe(before.supporter);
  });

  it("'Chờ kiểm duyệt' lists public reports with photos no moderator has looked at; a clerk cannot moderate", async () => {
    const c = await signedInCitizen(app);
    const photo = await uploadPhoto(app, c);
    const withPhoto = await report(app, c, { fileIds: [photo.body.id] });
    const another = await uploadPhoto(app, c);
    const second = await report(app, c, { fileIds: [another.body.id] });
    const noPhoto = await report(app, c, {});
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const toReview = async () =>
      (
        (await (await op.get("/api/staff/incidents?review=true")).json()) as {
          incidents: { publicId: string }[];
        }
      ).incidents.map((i) => i.publicId);
    expect(await toReview()).toEqual(expect.arrayContaining([withPhoto.body.publicId, second.body.publicId]));
    expect(await toReview()).not.toContain(noPhoto.body.publicId);

    // Looked at and left as it is, or one photo hidden: off the list.
    await op.send("POST", `/api/staff/incidents/${withPhoto.body.publicId}/moderation`, { hidden: false });
    await op.send(
      "POST",
      `/api/staff/incidents/${second.body.publicId}/photos/${another.body.id}/moderation`,
      {
        hidden: true,
      },
    );
    expect(await toReview()).not.toContain(withPhoto.body.publicId);
    expect(await toReview()).not.toContain(second.body.publicId);
    expect((await getJson(app, `/api/v1/incidents/${withPhoto.body.publicId}`)).status).toBe(200);

    // A clerk of the commune sees the report but moderation is not theirs.
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const sapaReport = await report(app, c, {
      location: SA_PA,
      fileIds: [(await uploadPhoto(app, c)).body.id],
    });
    expect((await clerk.get(`/api/staff/incidents/${sapaReport.body.publicId}`)).status).toBe(200);
    expect(
      (
        await clerk.send("POST", `/api/staff/incidents/${sapaReport.body.publicId}/moderation`, {
          hidden: true,
        })
      ).status,
    ).toBe(403);
  });

  it("CSV export: escaped, formula-safe, filtered", async () => {
    const c = await signedInCitizen(app);
    const r = await report(app, c, {
      category: "other",
      description: `=HYPERLINK("http://x") "quoted", <b>`,
    });
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const res = await op.get("/api/staff/incidents.csv?category=other");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = await res.text();
    const line = text.split("\r\n").find((l) => l.includes(r.body.publicId))!;
    expect(line).toContain(`"'=HYPERLINK(""http://x"") ""quoted"", <b>"`);
    expect(text.split("\r\n").filter((l) => l.startsWith('"PA-')).length).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain("Khói đen");
  });
});
