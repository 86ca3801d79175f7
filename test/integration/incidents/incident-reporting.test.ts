import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { tinyPdf } from "../../support/images.js";
import { CAN_DECODE_HEIC } from "../../../server/src/files/accept-upload.js";
import { createIncident } from "../../../server/src/incidents/create-incident.js";
import { issueLocationTicket } from "../../../server/src/incidents/location-ticket.js";
import { getJson, HANOI, KHAO_MANG, report, uploadPhoto } from "./reporting.js";
import { renderTemplate } from "../../../server/src/notifications/templates.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("[INCIDENTS] reporting", () => {
  it("a report with a photo is routed to the commune, its photo has no EXIF, the public sees no identity", async () => {
    const c = await signedInCitizen(app, "Giàng A Páo");
    const photo = await uploadPhoto(app, c);
    expect(photo.status).toBe(201);
    const r = await report(app, c, {
      category: "street_lighting",
      description: "Đèn đường hỏng cả tuần, gọi 0912 345 678 hoặc CCCD 001234567890",
      fileIds: [photo.body.id],
      anonymous: true,
    });
    expect(r.status).toBe(201);
    expect(r.body.publicId).toMatch(/^PA-[0-9A-Z]{8}$/);

    const row = await app.ctx.db.incident.findUniqueOrThrow({
      where: { publicId: r.body.publicId },
      include: { agency: true, events: true, media: true },
    });
    expect(row.unitCode).toBe(KHAO_MANG.code);
    expect(row.agency?.unitCode).toBe(KHAO_MANG.code); // street lights: the commune committee
    expect(row.dueAt!.getTime() - row.createdAt.getTime()).toBe(72 * 3600_000);
    expect(row.events).toHaveLength(1);
    expect(row.media).toHaveLength(1);
    const outbox = await app.ctx.db.outboxEvent.findMany({ where: { jobName: "ioc.push-incident" } });
    expect(outbox.map((o) => o.payload)).toContainEqual({ incidentId: row.id });

    // The public view: masked numbers, no reporter, the photo served without EXIF.
    const pub = await getJson<{
      description: string;
      reporterName: string | null;
      photos: { url: string }[];
    }>(app, `/api/v1/incidents/${r.body.publicId}`);
    expect(pub.status).toBe(200);
    expect(pub.body.description).not.toMatch(/0912|345 678|001234567890/);
    expect(pub.body.description).toContain("********78");
    expect(pub.body.reporterName).toBeNull();
    expect(JSON.stringify(pub.body)).not.toContain(c.id);
    const img = await fetch(`${app.baseUrl}${pub.body.photos[0]!.url}`);
    expect(img.status).toBe(200);
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();

    // The reporter sees their own full text and timeline.
    const own = await getJson<{ mine: boolean; description: string; events: unknown[] }>(
      app,
      `/api/v1/incidents/${r.body.publicId}`,
      c.headers,
    );
    expect(own.body.mine).toBe(true);
    expect(own.body.description).toContain("0912 345 678");
    expect(own.body.events).toHaveLength(1);
    // And the acknowledgement is on its way, saying where the report went.
    const n = await app.ctx.db.notification.findMany({ where: { citizenId: c.id } });
    const ack = n.find((x) => x.template === "incident_received")!;
    expect(renderTemplate(ack.template, "vi", ack.params as Record<string, string>)).toContain(
      `Đã nhận phản ánh ${r.body.publicId}`,
    );
  });

  it("a reporter is anonymous unless they ask to be named, and a name is only ever on the report's own page", async () => {
    const quiet = await signedInCitizen(app, "Hờ Thị Say");
    const named = await signedInCitizen(app, "Vàng Seo Lử");
    const a = await report(app, quiet, { category: "waste", description: "Rác ở đầu cầu" });
    const b = await report(app, named, { category: "waste", description: "Rác cuối cầu", anonymous: false });
    const page = async (id: string) =>
      (await getJson<{ reporterName: string | null }>(app, `/api/v1/incidents/${id}`)).body.reporterName;
    expect(await page(a.body.publicId)).toBeNull();
    expect(await page(b.body.publicId)).toBe("Vàng Seo Lử");

    // Lists, map points and the nearby check carry no names, even of who asked to be named.
    const list = await getJson<{ incidents: { publicId: string }[] }>(
      app,
      "/api/v1/incidents?category=waste",
    );
    expect(list.body.incidents.map((i) => i.publicId)).toContain(b.body.publicId);
    const near = await getJson(
      app,
      `/api/v1/incidents/nearby?category=waste&lat=${KHAO_MANG.lat}&lon=${KHAO_MANG.lon}`,
    );
    const points = await getJson(app, "/api/v1/incidents/points?category=waste");
    expect(JSON.stringify(points.body)).toContain(b.body.publicId);
    for (const body of [list.body, points.body, near.body]) {
      expect(JSON.stringify(body)).not.toContain("Vàng Seo Lử");
      expect(JSON.stringify(body)).not.toContain("reporterName");
    }
  });

  it("the public list comes a page at a time, newest first; the map gets every report the filters select", async () => {
    const c = await signedInCitizen(app);
    const ids: string[] = [];
    for (let k = 0; k < 5; k++)
      ids.push(
        (
          await createIncident(app.ctx, {
            reporterId: c.id,
            category: "forest_fire",
            description: `Khói ${k}`,
            lat: KHAO_MANG.lat + k * 0.001,
            lon: KHAO_MANG.lon,
            source: "alert_safety",
          })
        ).publicId,
      );
    type Page = { incidents: { publicId: string }[]; next: string | null };
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const p: { body: Page } = await getJson<Page>(
        app,
        `/api/v1/incidents?category=forest_fire&limit=2${next ? `&after=${next}` : ""}`,
      );
      seen.push(...p.body.incidents.map((i) => i.publicId));
      next = p.body.next;
      pages++;
    } while (next && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const points = await getJson<{ points: { publicId: string; open: boolean }[]; truncated: boolean }>(
      app,
      "/api/v1/incidents/points?category=forest_fire",
    );
    expect(points.body.points.map((p) => p.publicId).sort()).toEqual([...ids].sort());
    expect(points.body).toMatchObject({ truncated: false });
    expect(points.body.points.every((p) => p.open)).toBe(true);
    // Without a tile server configured the maps draw our own data only.
    expect((await getJson(app, "/api/v1/map")).body).toEqual({ tileUrl: null, attribution: null });
  });

  it("bad input is refused with a Vietnamese message and nothing is written", async () => {
    const c = await signedInCitizen(app);
    const before = await app.ctx.db.incident.count();
    const outside = await report(app, c, { location: HANOI });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body)).toContain("ngoài tỉnh Lào Cai");
    const empty = await report(app, c, { description: "   " });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain("Vui lòng mô tả sự cố");
    const noPlace = await report(app, c, { location: undefined });
    expect(noPlace.status).toBe(400);
    const badCategory = await report(app, c, { category: "<script>" });
    expect(badCategory.status).toBe(400);

    // Someone else's photo cannot be claimed, and the failed report leaves the photo where it was.
    const other = await signedInCitizen(app, "Người khác");
    const theirs = await uploadPhoto(app, other);
    const stolen = await report(app, c, { fileIds: [theirs.body.id] });
    expect(stolen.status).toBe(400);
    expect(await app.ctx.db.dossierFile.count({ where: { id: theirs.body.id } })).toBe(1);
    expect(await app.ctx.db.incident.count()).toBe(before);

    // A PDF or random bytes are not photos; an oversized file is refused.
    expect((await uploadPhoto(app, c, tinyPdf(), "a.pdf")).status).toBe(415);
    expect((await uploadPhoto(app, c, Buffer.from("<html><script>alert(1)</script>"), "x.jpg")).status).toBe(
      415,
    );
    expect((await uploadPhoto(app, c, Buffer.alloc(11 * 1024 * 1024, 1), "big.jpg")).status).toBe(413);
  });

  it.skipIf(CAN_DECODE_HEIC)(
    "an iPhone's HEIC photo is refused with what to do instead, and HEIC is not offered",
    async () => {
      const c = await signedInCitizen(app);
      // The start of a HEIC file: an ISO-BMFF 'ftyp' box with the 'heic' brand.
      const heic = Buffer.concat([
        Buffer.from([0, 0, 0, 0x18]),
        Buffer.from("ftypheic\0\0\0\0mif1heic", "latin1"),
        Buffer.alloc(2000, 7),
      ]);
      const r = await uploadPhoto(app, c, heic, "IMG_0001.HEIC");
      expect(r.status).toBe(415);
      const said = JSON.stringify(r.body);
      expect(said).toContain("HEIC");
      expect(said).toContain("JPEG");
      expect(said).toContain("chọn ảnh từ thư viện");
      const pdfAsPhoto = await uploadPhoto(app, c, tinyPdf(), "a.pdf");
      expect(JSON.stringify(pdfAsPhoto.body)).not.toContain("HEIC");
    },
  );

  it("HTML in a description is kept as text (never interpreted) and served as JSON", async () => {
    const c = await signedInCitizen(app);
    const html = `<img src=x onerror="alert(1)"><b>Ống nước vỡ</b>`;
    const r = await report(app, c, { category: "flooding", description: html });
    expect(r.status).toBe(201);
    const res = await fetch(`${app.baseUrl}/api/v1/incidents/${r.body.publicId}`);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(((await res.json()) as { description: string }).description).toBe(html);
  });

  it("a flood of reports from one citizen is stopped, even when sent in parallel", async () => {
    const c = await signedInCitizen(app);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, k) => report(app, c, { description: `Rác thải lần ${k}` })),
    );
    const ok = results.filter((r) => r.status === 201).length;
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toBe(5);
    expect(limited).toHaveLength(3);
    expect(JSON.stringify(limited[0]!.body)).toContain("nhiều phản ánh");
    expect(await app.ctx.db.incident.count({ where: { reporterId: c.id } })).toBe(5);
  });

  it("nearby open reports of the same category are suggested; 'this affects me too' adds a supporter", async () => {
    const a = await signedInCitizen(app, "Người báo");
    const b = await signedInCitizen(app, "Hàng xóm");
    const first = await report(app, a, { category: "trees", description: "Cây đổ chắn đường" });
    const near = await getJson<{ incidents: { publicId: string; distanceM: number }[] }>(
      app,
      `/api/v1/incidents/nearby?category=trees&lat=${KHAO_MANG.lat + 0.001}&lon=${KHAO_MANG.lon}&radiusM=500`,
    );
    expect(near.body.incidents.map((i) => i.publicId)).toContain(first.body.publicId);
    expect(near.body.incidents[0]!.distanceM).toBeGreaterThan(80);
    const otherCategory = await getJson<{ incidents: unknown[] }>(
      app,
      `/api/v1/incidents/nearby?category=pollution&lat=${KHAO_MANG.lat}&lon=${KHAO_MANG.lon}`,
    );
    expect(otherCategory.body.incidents).toHaveLength(0);
    const far = await getJson<{ incidents: { publicId: string }[] }>(
      app,
      `/api/v1/incidents/nearby?category=trees&lat=${KHAO_MANG.lat + 0.05}&lon=${KHAO_MANG.lon}`,
    );
    expect(far.body.incidents.map((i) => i.publicId)).not.toContain(first.body.publicId);

    const s = await fetch(`${app.baseUrl}/api/v1/incidents/${first.body.publicId}/supporters`, {
      method: "POST",
      headers: b.headers,
    });
    expect(s.status).toBe(200);
    expect(await s.json()).toMatchObject({ mine: true, role: "supporter", supporters: 1 });
    // Twice is still one supporter; B's list shows it.
    await fetch(`${app.baseUrl}/api/v1/incidents/${first.body.publicId}/supporters`, {
      method: "POST",
      headers: b.headers,
    });
    const mine = await getJson<{ incidents: { publicId: string; role: string; supporters: number }[] }>(
      app,
      "/api/v1/incidents/mine",
      b.headers,
    );
    expect(mine.body.incidents).toEqual([
      expect.objectContaining({ publicId: first.body.publicId, role: "supporter", supporters: 1 }),
    ]);
  });

  it("inside Zalo: the getLocation token is redeemed once by /locate, the nearby check runs on its point, the report goes with the ticket", async () => {
    const user = await app.sims.zalo.createUser("Sùng A Chư");
    const signIn = await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessToken: user.accessToken }),
    });
    const { token, citizen } = (await signIn.json()) as { token: string; citizen: { id: string } };
    const c = {
      id: citizen.id,
      zaloUserId: user.id,
      token,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    };
    const locationToken = async (latitude: number, longitude: number) =>
      (
        (await (
          await fetch(`${app.sims.zalo.url}/__sim/users/${user.id}/location-token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ latitude, longitude }),
          })
        ).json()) as { token: string }
      ).token;
    const locate = (t: string, headers = c.headers) =>
      fetch(`${app.baseUrl}/api/v1/incidents/locate`, {
        method: "POST",
        headers,
        body: JSON.stringify({ accessToken: user.accessToken, token: t }),
      });

    // A neighbour already reported the fallen tree, 90 m from where this phone is.
    const neighbour = await signedInCitizen(app, "Hàng xóm");
    const first = await report(app, neighbour, { category: "trees", description: "Cây đổ chắn lối vào bản" });
    const here = { lat: KHAO_MANG.lat + 0.0008, lon: KHAO_MANG.lon };

    const t = await locationToken(here.lat, here.lon);
    const located = await locate(t);
    expect(located.status).toBe(200);
    const at = (await located.json()) as {
      lat: number;
      lon: number;
      commune: { code: string; name: string };
      ticket: string;
    };
    expect(at).toMatchObject({ lat: here.lat, lon: here.lon, commune: { code: KHAO_MANG.code } });
    // The token is spent: a second redemption is refused by Zalo.
    const again = await locate(t);
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain("Zalo");

    // The duplicate suggestion on the phone's own point, and "this affects me too".
    const near = await getJson<{ incidents: { publicId: string }[] }>(
      app,
      `/api/v1/incidents/nearby?category=trees&lat=${at.lat}&lon=${at.lon}&radiusM=500`,
    );
    expect(near.body.incidents.map((i) => i.publicId)).toContain(first.body.publicId);
    const support = await fetch(`${app.baseUrl}/api/v1/incidents/${first.body.publicId}/supporters`, {
      method: "POST",
      headers: c.headers,
    });
    expect(await support.json()).toMatchObject({ role: "supporter", supporters: 1 });

    // A different problem at the same place: reported with the ticket, at the phone's point.
    const r = await report(app, c, { category: "waste", location: undefined, locationTicket: at.ticket });
    expect(r.status).toBe(201);
    const row = await app.ctx.db.incident.findUniqueOrThrow({ where: { publicId: r.body.publicId } });
    expect([row.lat, row.lon, row.unitCode, row.reporterId]).toEqual([
      here.lat,
      here.lon,
      KHAO_MANG.code,
      c.id,
    ]);

    // The ticket is this citizen's, cannot be altered, and does not last.
    const other = await signedInCitizen(app);
    expect((await report(app, other, { location: undefined, locationTicket: at.ticket })).status).toBe(400);
    const [payload, sig] = at.ticket.split(".");
    const moved = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), lat: 22.3 }),
    ).toString("base64url");
    expect((await report(app, c, { location: undefined, locationTicket: `${moved}.${sig}` })).status).toBe(
      400,
    );
    const stale = issueLocationTicket(app.config.ZALO_APP_SECRET, c.id, here, Date.now() - 16 * 60_000);
    const expired = await report(app, c, { location: undefined, locationTicket: stale.ticket });
    expect(expired.status).toBe(400);
    expect(JSON.stringify(expired.body)).toContain("hết hạn");

    // A phone in Hà Nội hears it before writing anything.
    const far = await locate(await locationToken(HANOI.lat, HANOI.lon));
    expect(far.status).toBe(400);
    expect(JSON.stringify(await far.json())).toContain("ngoài tỉnh");
    // The token can still be sent with the report itself (older app builds).
    const direct = await report(app, c, {
      location: undefined,
      locationToken: { accessToken: user.accessToken, token: await locationToken(here.lat, here.lon) },
    });
    expect(direct.status).toBe(201);
  });

  it("createIncident (the contract for the bot and the alerts): a safety reply is urgent and not rate limited", async () => {
    const c = await signedInCitizen(app);
    for (let k = 0; k < 6; k++) {
      const r = await createIncident(app.ctx, {
        reporterId: c.id,
        category: "landslide",
        description: "Tôi cần giúp đỡ",
        lat: KHAO_MANG.lat,
        lon: KHAO_MANG.lon,
        source: "alert_safety",
        priority: 5,
      });
      expect(r.status).toBe("unconfirmed");
    }
    const rows = await app.ctx.db.incident.findMany({ where: { reporterId: c.id } });
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.priority === 5 && r.source === "alert_safety")).toBe(true);
    const jobs = await app.ctx.db.outboxEvent.findMany({
      where: { jobName: "ioc.push-incident", jobId: { in: rows.map((r) => `ioc.push-incident__${r.id}`) } },
    });
    expect(jobs).toHaveLength(6);
    expect(jobs.every((j) => j.priority === 2)).toBe(true);
  });
});
