import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dossierWithFees, signedInCitizen } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { photoWithGps, tinyPdf } from "../../support/images.js";
import { pollOnestopStatuses } from "../../../server/src/dossiers/push-to-onestop.job.js";
import { loginAs } from "../../support/staff.js";
import {
  ABSENCE,
  BIRTH,
  fileBirth as fileBirthAs,
  onestopCreates,
  upload as uploadAs,
  type Citizen,
} from "./filing.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

const upload = (c: Citizen, data: Buffer, name: string) => uploadAs(app, c, data, name);
const fileBirth = (c: Citizen, photos = 2) => fileBirthAs(app, c, photos);

describe("[DOSSIERS] filing, handling and the one-stop system", () => {
  it("uploads are judged by their content; photos lose their EXIF GPS", async () => {
    const c = await signedInCitizen(app);
    const exe = await upload(c, Buffer.from("MZ\x90\x00 this is not a photo"), "anh.jpg");
    expect(exe.status).toBe(415);
    expect(exe.body.error?.userMessage).toMatch(/Chỉ nhận ảnh/);
    const pdfNamedJpg = await upload(c, tinyPdf(), "anh.jpg");
    expect(pdfNamedJpg.body.mimeType).toBe("application/pdf");
    const photo = await upload(c, await photoWithGps(), "a.png");
    expect(photo.status).toBe(201);
    const stored = await fetch(`${app.baseUrl}/api/v1/uploads/${photo.body.id}`, {
      headers: { authorization: `Bearer ${c.token}` },
    });
    const meta = await sharp(Buffer.from(await stored.arrayBuffer())).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();
    const other = await signedInCitizen(app, "Người khác");
    expect(
      (
        await fetch(`${app.baseUrl}/api/v1/uploads/${photo.body.id}`, {
          headers: { authorization: `Bearer ${other.token}` },
        })
      ).status,
    ).toBe(404);
  });

  it("missing or invalid fields get field-level Vietnamese errors and nothing is created", async () => {
    const c = await signedInCitizen(app);
    const before = await app.ctx.db.dossier.count();
    const r = await fetch(`${app.baseUrl}/api/v1/dossiers`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({
        procedureCode: "1.001193",
        formData: { ...BIRTH, applicantIdNumber: "123", childName: "" },
        communeCode: "03006",
        consent: true,
      }),
    });
    expect(r.status).toBe(400);
    const fields = ((await r.json()) as { error: { fields: { field: string; message: string }[] } }).error
      .fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: "formData.applicantIdNumber", message: "Số định danh cá nhân gồm đúng 12 chữ số." },
        expect.objectContaining({ field: "formData.childName" }),
      ]),
    );
    expect(await app.ctx.db.dossier.count()).toBe(before);
  });

  it("a citizen files Đăng ký khai sinh; the clerk handles it to the end; the one-stop system holds exactly one record", async () => {
    const c = await signedInCitizen(app);
    const filed = await fileBirth(c);
    expect(filed.status).toBe(201);
    const code = filed.body.code;
    expect(code).toMatch(/^H38\.03006-\d{6}-\d{4}$/);
    expect(filed.body).toMatchObject({
      status: "new_registered",
      receipt: { title: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" },
    });
    const receipt = await eventually(async () => {
      const m = await app.sims.zalo.messagesTo(c.zaloUserId);
      return m.length ? m : null;
    });
    expect(JSON.stringify(receipt[0])).toContain(code);
    // Pushed to the one-stop system by the worker.
    await eventually(async () => (await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).onestopId);

    // Another agency's clerk can neither list nor open it.
    const laocai = await loginAs(app.baseUrl, "clerk.laocai");
    expect((await laocai.get(`/api/staff/dossiers/${code}`)).status).toBe(404);
    const list = (await (await laocai.get("/api/staff/dossiers")).json()) as { dossiers: { code: string }[] };
    expect(list.dossiers.map((d) => d.code)).not.toContain(code);
    expect((await laocai.send("POST", `/api/staff/dossiers/${code}/receive`, {})).status).toBe(404);

    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    expect((await clerk.send("POST", `/api/staff/dossiers/${code}/return-result`, {})).status).toBe(409); // illegal
    expect((await clerk.send("POST", `/api/staff/dossiers/${code}/receive`, {})).status).toBe(200);
    const noNote = await clerk.send("POST", `/api/staff/dossiers/${code}/request-supplement`, {});
    expect(noNote.status).toBe(400);
    expect(
      (
        await clerk.send("POST", `/api/staff/dossiers/${code}/request-supplement`, {
          note: "Thiếu bản chụp CCCD của mẹ",
        })
      ).status,
    ).toBe(200);

    // The citizen sees what is missing and sends it; the deadline restarts.
    const mine = (await (
      await fetch(`${app.baseUrl}/api/v1/dossiers/${code}`, { headers: c.headers })
    ).json()) as {
      supplementNote: string;
      allowedCitizenActions: string[];
    };
    expect(mine.supplementNote).toBe("Thiếu bản chụp CCCD của mẹ");
    expect(mine.allowedCitizenActions).toEqual(["supplement"]);
    const extra = await upload(c, await photoWithGps(), "cccd.jpg");
    const sup = await fetch(`${app.baseUrl}/api/v1/dossiers/${code}/supplement`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({ fileIds: [extra.body.id] }),
    });
    expect(sup.status).toBe(200);

    expect((await clerk.send("POST", `/api/staff/dossiers/${code}/receive`, {})).status).toBe(200);
    const noResult = await clerk.send("POST", `/api/staff/dossiers/${code}/mark-processed`, {});
    expect(noResult.status).toBe(400);
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(tinyPdf("Trich luc khai sinh"))]), "trich-luc.pdf");
    const up = await fetch(`${app.baseUrl}/api/staff/dossiers/${code}/result-file`, {
      method: "POST",
      headers: { cookie: clerk.cookie, "x-csrf-token": clerk.csrf },
      body: form,
    });
    expect(up.status).toBe(201);
    expect((await clerk.send("POST", `/api/staff/dossiers/${code}/mark-processed`, {})).status).toBe(200);
    expect((await clerk.send("POST", `/api/staff/dossiers/${code}/return-result`, {})).status).toBe(200);

    // The citizen rates it, once.
    const rate = (s: number) =>
      fetch(`${app.baseUrl}/api/v1/dossiers/${code}/rating`, {
        method: "POST",
        headers: c.headers,
        body: JSON.stringify({ score: s, comment: "Nhanh" }),
      });
    expect((await rate(5)).status).toBe(200);
    expect((await rate(1)).status).toBe(409);
    const summary = (await (await clerk.get("/api/staff/ratings/summary")).json()) as {
      ratings: { average: number; count: number }[];
    };
    expect(summary.ratings[0]).toMatchObject({ average: 5, count: 1 });

    const timeline = (await (
      await fetch(`${app.baseUrl}/api/v1/dossiers/${code}`, { headers: c.headers })
    ).json()) as { events: { status: string }[] };
    expect(timeline.events.map((e) => e.status)).toEqual([
      "new_registered",
      "received",
      "supplement_requested",
      "new_registered",
      "received",
      "processed",
      "result_returned",
    ]);
    // The one-stop system holds exactly one record, in the final status (10: result returned).
    const records = await eventually(async () => {
      const all = (await (await fetch(`${app.sims.onestop.url}/__sim/records`)).json()) as {
        key: string;
        status: string | number;
      }[];
      const mineOnly = all.filter((r) => r.key === code);
      return String(mineOnly[0]?.status) === "10" ? mineOnly : null;
    }, 30_000);
    expect(records).toHaveLength(1);
    // …made by exactly one create, sent once.
    expect(await onestopCreates(app, code)).toEqual({ stored: 1, requests: 1 });

    // The citizen was told on Zalo what to bring, that the result is ready, and that it was returned.
    const texts = await eventually(async () => {
      const m = (await app.sims.zalo.messagesTo(c.zaloUserId)).map((x) => JSON.stringify(x));
      const want = [
        "cần bổ sung hồ sơ",
        "Thiếu bản chụp CCCD của mẹ",
        "đã có kết quả, chờ trả",
        "đã trả kết quả",
      ];
      return want.every((w) => m.some((t) => t.includes(w))) ? m : null;
    }, 30_000);
    expect(texts.filter((t) => t.includes(code)).length).toBeGreaterThanOrEqual(5); // receipt + 4 changes
  });

  it("another citizen can neither read nor act on the dossier", async () => {
    const c = await signedInCitizen(app);
    const { body } = await fileBirth(c, 1);
    const other = await signedInCitizen(app, "Người lạ");
    expect(
      (await fetch(`${app.baseUrl}/api/v1/dossiers/${body.code}`, { headers: other.headers })).status,
    ).toBe(404);
    const r = await fetch(`${app.baseUrl}/api/v1/dossiers/${body.code}/rating`, {
      method: "POST",
      headers: other.headers,
      body: JSON.stringify({ score: 1 }),
    });
    expect(r.status).toBe(404);
  });

  it("status changes from the one-stop system arrive by signed webhook; duplicates make one transition", async () => {
    const c = await signedInCitizen(app);
    const { body } = await fileBirth(c, 1);
    await eventually(
      async () => (await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: body.code } })).onestopId,
    );
    const post = (path: string, b: unknown) =>
      fetch(`${app.sims.onestop.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(b),
      });
    await post("/__sim/faults", { duplicateWebhooks: 1 });
    await post(`/__sim/records/${body.code}/status`, { status: 2, note: "Tiếp nhận tại quầy" });
    await post("/__sim/faults", { duplicateWebhooks: 0 });
    const events = await app.ctx.db.dossierEvent.findMany({
      where: { dossier: { code: body.code }, toStatus: "received" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.actorType).toBe("onestop");
    const bad = await fetch(`${app.baseUrl}/webhooks/onestop`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-onestop-signature": `sha256=${"0".repeat(64)}` },
      body: JSON.stringify({ eventId: "x", code: body.code, status: 10 }),
    });
    expect(bad.status).toBe(401);
  });

  it("a status change whose webhook was lost is picked up by polling", async () => {
    const c = await signedInCitizen(app);
    const { body } = await fileBirth(c, 1);
    await eventually(
      async () => (await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: body.code } })).onestopId,
    );
    const post = (path: string, b: unknown) =>
      fetch(`${app.sims.onestop.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(b),
      });
    await post("/__sim/callback", { url: "http://127.0.0.1:9/lost" }); // the webhook goes nowhere
    try {
      await post(`/__sim/records/${body.code}/status`, { status: 2, note: "Tiếp nhận tại quầy" });
      expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: body.code } })).status).toBe(
        "new_registered",
      );
      const r = await pollOnestopStatuses(app.ctx, { quietForMs: 0 });
      expect(r.applied).toBeGreaterThanOrEqual(1);
      expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: body.code } })).status).toBe(
        "received",
      );
      // Polling again changes nothing.
      await pollOnestopStatuses(app.ctx, { quietForMs: 0 });
      expect(
        await app.ctx.db.dossierEvent.count({
          where: { dossier: { code: body.code }, toStatus: "received" },
        }),
      ).toBe(1);
    } finally {
      await post("/__sim/callback", {
        url: `${app.baseUrl.replace("localhost", "127.0.0.1")}/webhooks/onestop`,
      });
    }
  });

  it("the one-stop system down during submission: accepted at once, synced later exactly once", async () => {
    // A real outage: nothing listens on the one-stop port (connections refused).
    await app.sims.onestop.pause();
    let code: string;
    try {
      const c = await signedInCitizen(app);
      const { status, body } = await fileBirth(c, 1);
      expect(status).toBe(201);
      code = body.code;
      // The worker tried and failed at least twice while it was down…
      await eventually(async () => {
        const failed = await app.ctx.db.integrationCall.count({
          where: {
            system: "onestop",
            operation: "dossier.create",
            statusCode: null,
            requestBody: { contains: code },
          },
        });
        return failed >= 2;
      }, 30_000);
      expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).onestopId).toBeNull();
    } finally {
      await app.sims.onestop.resume();
    }
    // …and the dossier reaches it once it is back.
    await eventually(
      async () => (await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).onestopId,
      60_000,
    );
    const records = (await (await fetch(`${app.sims.onestop.url}/__sim/records`)).json()) as {
      key: string;
    }[];
    expect(records.filter((r) => r.key === code)).toHaveLength(1);
    // The attempts made during the outage never reached it: one create, one request.
    expect(await onestopCreates(app, code)).toEqual({ stored: 1, requests: 1 });
  }, 90_000);

  it("200 concurrent submissions to one agency get unique, gap-free codes", async () => {
    const c = await signedInCitizen(app);
    const agency = await app.ctx.db.agency.findUniqueOrThrow({ where: { code: "H38.03006" } });
    const before = await app.ctx.db.dossier.count({ where: { agencyId: agency.id } });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${app.baseUrl}/api/v1/dossiers`, {
          method: "POST",
          headers: c.headers,
          body: JSON.stringify({
            procedureCode: "1.003677", // khai báo tạm vắng: no documents required
            formData: ABSENCE,
            communeCode: "03006",
            consent: true,
          }),
        }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code: string }).code })),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const seqs = results.map((r) => Number(r.code.split("-").at(-1))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(200);
    expect(seqs.at(-1)! - seqs[0]! + 1).toBe(200); // no gap
    expect(await app.ctx.db.dossier.count({ where: { agencyId: agency.id } })).toBe(before + 200);
    void dossierWithFees;
  }, 120_000);

  it("two filings racing for the same uploaded photo: one is accepted, the other told to re-attach, no number lost", async () => {
    const c = await signedInCitizen(app);
    const photo = (await upload(c, await photoWithGps({ r: 9, g: 9, b: 9 }), "giay-chung-sinh.jpg")).body.id;
    const file = () =>
      fetch(`${app.baseUrl}/api/v1/dossiers`, {
        method: "POST",
        headers: c.headers,
        body: JSON.stringify({
          procedureCode: "1.001193",
          formData: BIRTH,
          documents: [{ key: "birth_certificate", fileIds: [photo] }],
          communeCode: "03006",
          consent: true,
        }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { code?: string; error?: { fields: { field: string; message: string }[] } },
      }));
    const results = await Promise.all(Array.from({ length: 6 }, file));
    const accepted = results.filter((r) => r.status === 201);
    expect(accepted).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(400);
      expect(r.body.error?.fields[0]?.field).toBe("documents");
    }
    // Nothing of the refused ones was written, and the next filing takes the very next number.
    expect(await app.ctx.db.dossier.count({ where: { citizenId: c.id } })).toBe(1);
    const next = await fileBirth(c, 1);
    expect(next.status).toBe(201);
    const seq = (code: string) => Number(code.split("-").at(-1));
    expect(seq(next.body.code)).toBe(seq(accepted[0]!.body.code!) + 1);
  });
});
