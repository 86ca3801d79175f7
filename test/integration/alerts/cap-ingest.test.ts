import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCap, capDateTime, parseCap } from "../../../server/src/alerts/cap.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { signedInCitizen } from "../../support/fixtures.js";
import {
  BAC_HA,
  IOC_SENDER,
  PHUC_KHANH,
  SA_PA,
  capAlert,
  postCap,
  referenceTo,
  sendCap,
  uniqueId,
} from "./alert-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const alertCount = () => app.ctx.db.alert.count();

describe("[ALERTS] CAP ingest from the IOC webhook", () => {
  it("a valid CAP alert is accepted at once with its areas resolved to communes and its fan-out written", async () => {
    const cap = capAlert();
    cap.infos.forEach((i) =>
      i.areas.push({
        areaDesc: "Vòng tròn quanh Sa Pa",
        polygons: [],
        circles: [{ lat: 22.336, lon: 103.844, radiusKm: 2 }],
        geocodes: [],
      }),
    );
    // A small polygon drawn around Bắc Hà's centre.
    cap.infos.forEach((i) =>
      i.areas.push({
        areaDesc: "Khoanh vùng Bắc Hà",
        polygons: [
          [
            [22.52, 104.28],
            [22.55, 104.28],
            [22.55, 104.31],
            [22.52, 104.31],
            [22.52, 104.28],
          ],
        ],
        circles: [],
        geocodes: [],
      }),
    );
    const { status, body } = await sendCap(app, cap);
    expect(status).toBe(202);
    expect(body.created).toBe(true);
    const alert = await app.ctx.db.alert.findUniqueOrThrow({
      where: { id: body.alertId! },
      include: { areas: { include: { units: true } } },
    });
    expect(alert).toMatchObject({
      identifier: cap.identifier,
      hazard: "flash_flood",
      riskLevel: 3,
      status: "active",
    });
    // Worked out by hand from prisma/data (server/src/alerts/communes-in-area.test.ts gives
    // the reasons): the geocode, the circle (Sa Pa by its centre, Tả Van 03037 by its box)
    // and the square (Bắc Hà by its centre, Bảo Nhai 02890 by its box); nothing else.
    expect(
      Object.fromEntries(alert.areas.map((a) => [a.areaDesc, a.units.map((u) => u.unitCode).sort()])),
    ).toEqual({
      "Xã Phúc Khánh": [PHUC_KHANH],
      "Vòng tròn quanh Sa Pa": [SA_PA, "03037"],
      "Khoanh vùng Bắc Hà": [BAC_HA, "02890"],
    });
    expect(body.communes).toBe(5);
    const outbox = await app.ctx.db.outboxEvent.findMany({ where: { jobId: `alerts.fan-out__${alert.id}` } });
    expect(outbox).toHaveLength(1);

    // The IOC resends (at least once): same alert, nothing new.
    const again = await sendCap(app, cap);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alertId: alert.id, created: false });
    expect(await app.ctx.db.alert.count({ where: { identifier: cap.identifier } })).toBe(1);
  });

  it("unsigned, wrongly signed and tampered requests are refused and publish nothing", async () => {
    const before = await alertCount();
    const xml = buildCap(capAlert());
    expect((await postCap(app, xml, { sign: "none" })).status).toBe(401);
    expect((await postCap(app, xml, { sign: "wrong" })).status).toBe(401);
    const { signWebhook } = await import("../../../server/src/integrations/webhook-signature.js");
    const r = await fetch(`${app.baseUrl}/webhooks/ioc/cap`, {
      method: "POST",
      headers: {
        "content-type": "application/cap+xml",
        "x-ioc-signature": signWebhook(xml, "test-ioc-webhook"),
      },
      body: xml.replace("Phúc Khánh", "Phuc Khanh"),
    });
    expect(r.status).toBe(401);
    expect(await alertCount()).toBe(before);
  });

  it("CAP that fails the schema is refused with the schema's complaint", async () => {
    const before = await alertCount();
    const xml = buildCap(capAlert()).replace("<status>Actual</status>", "<status>Real</status>");
    const { status, body } = await postCap(app, xml);
    expect(status).toBe(400);
    expect(body.error?.code).toBe("VALIDATION_FAILED");
    expect(body.error?.fields?.[0]?.message).toMatch(/CAP 1.2/);
    expect((await postCap(app, "<alert><not-closed></alert>")).status).toBe(400);
    expect(await alertCount()).toBe(before);
  });

  it("a billion-laughs document is refused at once, without expanding anything", async () => {
    const before = await alertCount();
    const lol = [`<!ENTITY lol "lol">`]
      .concat(Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`))
      .join("");
    const xml = buildCap(capAlert())
      .replace('<?xml version="1.0" encoding="UTF-8"?>', `<?xml version="1.0"?><!DOCTYPE alert [${lol}]>`)
      .replace("<description>", "<description>&lol9;");
    const started = Date.now();
    const { status, body } = await postCap(app, xml);
    expect(status).toBe(400);
    expect(body.error?.fields).toEqual([
      { field: "xml", message: expect.stringMatching(/DOCTYPE hoặc ENTITY/) },
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await alertCount()).toBe(before);
  });

  it("entity declarations (XXE, billion laughs) are refused and never fetched", async () => {
    const before = await alertCount();
    const xxe = buildCap(capAlert()).replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    );
    const { status, body } = await postCap(app, xxe.replace("<description>", "<description>&x;"));
    expect(status).toBe(400);
    expect(body.error?.fields?.[0]?.message).toMatch(/DOCTYPE hoặc ENTITY/);
    expect(await alertCount()).toBe(before);
  });

  it("CAP that is valid but wrong in meaning is refused field by field: outside the province, unknown commune, open polygon, bad level", async () => {
    const before = await alertCount();
    const cap = capAlert();
    cap.infos.forEach((i) => {
      i.areas = [
        {
          areaDesc: "Hà Nội",
          polygons: [],
          circles: [{ lat: 21.03, lon: 105.85, radiusKm: 3 }],
          geocodes: [],
        },
        { areaDesc: "Xã lạ", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: "99999" }] },
        {
          areaDesc: "Đa giác hở",
          polygons: [
            [
              [22.1, 104.2],
              [22.2, 104.2],
              [22.2, 104.3],
              [22.15, 104.25],
            ],
          ],
          circles: [],
          geocodes: [],
        },
      ];
      i.parameters = [{ valueName: "VN_RISK_LEVEL", value: "7" }];
    });
    const { status, body } = await sendCap(app, cap);
    expect(status).toBe(400);
    const messages = body.error!.fields!.map((f) => f.message).join("\n");
    expect(messages).toMatch(/ngoài địa bàn tỉnh Lào Cai/);
    expect(messages).toMatch(/Không có xã\/phường mã 99999/);
    expect(messages).toMatch(/khép kín/);
    expect(messages).toMatch(/Cấp độ rủi ro phải từ 1 đến 5/);
    expect(await alertCount()).toBe(before);
  });

  it("a bulletin without a risk level keeps none: stored null, shown as 'no level given', not republished with one", async () => {
    const cap = capAlert(
      {},
      { parameters: [{ valueName: "VN_HAZARD", value: "flash_flood" }], severity: "Extreme" },
    );
    const { status, body } = await sendCap(app, cap);
    expect(status).toBe(202);
    const stored = await app.ctx.db.alert.findUniqueOrThrow({ where: { id: body.alertId! } });
    expect(stored.riskLevel).toBeNull();
    const feed = await (await fetch(`${app.baseUrl}/alerts/cap/${stored.id}.xml`)).text();
    expect(feed).not.toContain("VN_RISK_LEVEL");
    expect(feed).toContain("<severity>Extreme</severity>"); // what the sender said, as it said it
    const c = await signedInCitizen(app);
    const view = (await (
      await fetch(`${app.baseUrl}/api/v1/alerts/${stored.id}?lang=en`, { headers: c.headers })
    ).json()) as { riskLevel: number | null; levelName: string };
    expect(view).toMatchObject({ riskLevel: null, levelName: "no risk level given" });
  });

  it("a level the hazard cannot have under Decision 18/2021 is refused from the IOC too (storms 3–5, flash floods at most 3)", async () => {
    const before = await alertCount();
    const withLevel = (hazard: string, level: string) =>
      capAlert(
        {},
        {
          parameters: [
            { valueName: "VN_HAZARD", value: hazard },
            { valueName: "VN_RISK_LEVEL", value: level },
          ],
        },
      );
    const storm = await sendCap(app, withLevel("storm", "2"));
    expect(storm.status).toBe(400);
    expect(storm.body.error!.fields!.map((f) => f.message)).toContain(
      'Cấp độ rủi ro của "Bão, áp thấp nhiệt đới" là từ 3 đến 5 (QĐ 18/2021/QĐ-TTg), không phải 2.',
    );
    const flash = await sendCap(app, withLevel("flash_flood", "4"));
    expect(flash.status).toBe(400);
    expect(flash.body.error!.fields![0]).toMatchObject({
      field: "info[0].parameter.VN_RISK_LEVEL",
      message: 'Cấp độ rủi ro của "Lũ quét" là từ 1 đến 3 (QĐ 18/2021/QĐ-TTg), không phải 4.',
    });
    expect(await alertCount()).toBe(before);
    expect((await sendCap(app, withLevel("storm", "3"))).status).toBe(202);
  });

  it("an expired alert is refused", async () => {
    const cap = capAlert(
      { sent: capDateTime(new Date(Date.now() - 3 * 3600_000)) },
      {
        expires: capDateTime(new Date(Date.now() - 3600_000)),
      },
    );
    const { status, body } = await sendCap(app, cap);
    expect(status).toBe(400);
    expect(body.error!.fields!.map((f) => f.message)).toContain("Bản tin đã hết hiệu lực.");
    expect(await app.ctx.db.alert.count({ where: { identifier: cap.identifier } })).toBe(0);
  });

  it("an Update replaces the alert it references; a Cancel ends it; references to unknown alerts are refused", async () => {
    const original = capAlert();
    const first = await sendCap(app, original);
    expect(first.status).toBe(202);

    const update = capAlert(
      { msgType: "Update", references: referenceTo(original) },
      {
        parameters: [
          { valueName: "VN_HAZARD", value: "flash_flood" },
          { valueName: "VN_RISK_LEVEL", value: "2" },
        ],
      },
    );
    const upd = await sendCap(app, update);
    expect(upd.status).toBe(202);
    const [o1, u1] = await Promise.all([
      app.ctx.db.alert.findUniqueOrThrow({ where: { id: first.body.alertId! } }),
      app.ctx.db.alert.findUniqueOrThrow({ where: { id: upd.body.alertId! } }),
    ]);
    expect(o1.status).toBe("updated");
    expect(u1).toMatchObject({ msgType: "Update", status: "active", riskLevel: 2, supersedesId: o1.id });

    const cancel = capAlert({ msgType: "Cancel", references: referenceTo(update) });
    const can = await sendCap(app, cancel);
    expect(can.status).toBe(202);
    expect((await app.ctx.db.alert.findUniqueOrThrow({ where: { id: u1.id } })).status).toBe("cancelled");

    // Nothing can update a cancelled alert, nor reference one we never had.
    const late = await sendCap(app, capAlert({ msgType: "Update", references: referenceTo(update) }));
    expect(late.status).toBe(400);
    expect(late.body.error!.fields!.map((f) => f.message).join()).toMatch(/đã bị hủy/);
    const ghost = await sendCap(
      app,
      capAlert({
        msgType: "Cancel",
        references: [{ sender: "kttv@laocai.gov.vn", identifier: uniqueId("GHOST"), sent: original.sent }],
      }),
    );
    expect(ghost.status).toBe(400);
    expect(ghost.body.error!.fields!.map((f) => f.message).join()).toMatch(/Không tìm thấy bản tin gốc/);
  });
});

describe("[ALERTS] Update and Cancel chains", () => {
  const statusOf = async (...ids: string[]) =>
    Object.fromEntries(
      (await app.ctx.db.alert.findMany({ where: { id: { in: ids } } })).map((a) => [a.id, a.status]),
    );

  it("a second Update of the original replaces the first Update too: the chain keeps one active alert", async () => {
    const a = capAlert();
    const ra = await sendCap(app, a);
    const rb = await sendCap(app, capAlert({ msgType: "Update", references: referenceTo(a) }));
    const rc = await sendCap(app, capAlert({ msgType: "Update", references: referenceTo(a) }));
    expect([ra.status, rb.status, rc.status]).toEqual([202, 202, 202]);
    const [ida, idb, idc] = [ra.body.alertId!, rb.body.alertId!, rc.body.alertId!];
    expect(await statusOf(ida, idb, idc)).toEqual({ [ida]: "updated", [idb]: "updated", [idc]: "active" });
    // The newest Update replaced the one people held (its text stands in for what it replaces).
    const c = await app.ctx.db.alert.findUniqueOrThrow({ where: { id: idc } });
    expect(c.supersedesId).toBe(idb);
  });

  it("a Cancel that references the original also ends the Update that came since, and nothing updates the chain after", async () => {
    const a = capAlert();
    const ra = await sendCap(app, a);
    const b = capAlert({ msgType: "Update", references: referenceTo(a) });
    const rb = await sendCap(app, b);
    const rc = await sendCap(app, capAlert({ msgType: "Cancel", references: referenceTo(a) }));
    expect(rc.status).toBe(202);
    const [ida, idb] = [ra.body.alertId!, rb.body.alertId!];
    expect(await statusOf(ida, idb)).toEqual({ [ida]: "updated", [idb]: "cancelled" });
    // B no longer shows as active anywhere.
    expect(await app.ctx.db.alert.count({ where: { id: { in: [ida, idb] }, status: "active" } })).toBe(0);
    for (const target of [a, b]) {
      const late = await sendCap(app, capAlert({ msgType: "Update", references: referenceTo(target) }));
      expect(late.status).toBe(400);
      expect(late.body.error!.fields!.map((f) => f.message).join()).toMatch(/đã bị hủy/);
    }
  });
});

describe("[ALERTS] CAP sent and references, exactly as written", () => {
  it("the original's sent is kept verbatim in the feed; a reference must name it as written; the console references it so", async () => {
    // The IOC writes its time in UTC; the same instant in Vietnam's time is another string.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const sent = at.toISOString().replace(".000Z", "+00:00");
    const original = capAlert({ sent });
    const { body } = await sendCap(app, original);
    const doc = parseCap(await (await fetch(`${app.baseUrl}/alerts/cap/${body.alertId}.xml`)).text());
    expect(doc.sent).toBe(sent);

    const sameInstant = capDateTime(at); // "…+07:00"
    expect(sameInstant).not.toBe(sent);
    const wrong = await sendCap(
      app,
      capAlert({ msgType: "Update", references: [{ ...referenceTo(original)[0]!, sent: sameInstant }] }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error!.fields!.map((f) => f.message)).toContain(
      `Bản tin gốc ${original.identifier} được gửi lúc ${sent}, dẫn chiếu lại ghi ${sameInstant}.`,
    );

    // An operator updates it from the console: the reference names the IOC's own string,
    // and our own message says when it was sent in Vietnam's time.
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const upd = await op.send("POST", `/api/staff/alerts/${body.alertId}/update`, {
      hazard: "flash_flood",
      riskLevel: 3,
      communes: [PHUC_KHANH],
      vi: { headline: "Cập nhật cảnh báo lũ quét", description: "Mưa vẫn tiếp diễn tại Phúc Khánh." },
      expiresAt: new Date(Date.now() + 4 * 3600_000).toISOString(),
    });
    expect(upd.status).toBe(201);
    const updId = ((await upd.json()) as { alertId: string }).alertId;
    const ours = parseCap(await (await fetch(`${app.baseUrl}/alerts/cap/${updId}.xml`)).text());
    expect(ours.references).toEqual([{ sender: IOC_SENDER, identifier: original.identifier, sent }]);
    expect(ours.sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(Math.abs(Date.parse(ours.sent) - Date.now())).toBeLessThan(60_000);
    expect((await app.ctx.db.alert.findUniqueOrThrow({ where: { id: body.alertId! } })).status).toBe(
      "updated",
    );
  });
});

describe("[ALERTS] composing in the console", () => {
  const form = () => ({
    hazard: "flash_flood",
    riskLevel: 3,
    communes: [PHUC_KHANH],
    circle: { lat: 22.336, lon: 103.844, radiusKm: 2 },
    vi: {
      headline: "Cảnh báo lũ quét tại xã Phúc Khánh",
      description: "Mưa rất lớn, nguy cơ lũ quét cao tại thôn Làng Nủ.",
      instruction: "Sơ tán khỏi ven suối.",
    },
    en: {
      headline: "Flash flood warning in Phuc Khanh",
      description: "Very heavy rain; high flash flood risk in Lang Nu.",
      instruction: "Evacuate from the stream banks.",
    },
    expiresAt: new Date(Date.now() + 4 * 3600_000).toISOString(),
  });

  it("an IOC operator publishes an alert built as valid CAP, and can update and cancel it", async () => {
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const r = await op.send("POST", "/api/staff/alerts", form());
    expect(r.status).toBe(201);
    const { alertId, communes } = (await r.json()) as { alertId: string; communes: number };
    expect(communes).toBeGreaterThanOrEqual(2);
    const stored = await app.ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(stored).toMatchObject({ source: "console", msgType: "Alert", riskLevel: 3 });
    expect(stored.rawCap).toContain("<language>en-US</language>");

    const upd = await op.send("POST", `/api/staff/alerts/${alertId}/update`, { ...form(), riskLevel: 2 });
    expect(upd.status).toBe(201);
    const updId = ((await upd.json()) as { alertId: string }).alertId;
    expect((await app.ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } })).status).toBe("updated");

    const can = await op.send("POST", `/api/staff/alerts/${updId}/cancel`, { note: "Mưa đã ngớt." });
    expect(can.status).toBe(201);
    expect((await app.ctx.db.alert.findUniqueOrThrow({ where: { id: updId } })).status).toBe("cancelled");
  });

  it("the form is checked: a level above the hazard's maximum, no area, an expiry in the past", async () => {
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const before = await alertCount();
    const tooHigh = await op.send("POST", "/api/staff/alerts", { ...form(), riskLevel: 5 });
    expect(tooHigh.status).toBe(400);
    expect(JSON.stringify(await tooHigh.json())).toMatch(/cao nhất cho \\"Lũ quét\\" là 3/);
    const tooLow = await op.send("POST", "/api/staff/alerts", { ...form(), hazard: "storm", riskLevel: 2 });
    expect(tooLow.status).toBe(400);
    expect(JSON.stringify(await tooLow.json())).toMatch(/thấp nhất cho \\"Bão, áp thấp nhiệt đới\\" là 3/);
    const noArea = await op.send("POST", "/api/staff/alerts", { ...form(), communes: [], circle: undefined });
    expect(noArea.status).toBe(400);
    const past = await op.send("POST", "/api/staff/alerts", {
      ...form(),
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(past.status).toBe(400);
    const outside = await op.send("POST", "/api/staff/alerts", {
      ...form(),
      communes: [],
      circle: undefined,
      polygon: [
        [21.0, 105.8],
        [21.1, 105.8],
        [21.1, 105.9],
        [21.0, 105.8],
      ],
    });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(await outside.json())).toMatch(/ngoài địa bàn tỉnh/);
    expect(await alertCount()).toBe(before);
  });

  it("staff without the IOC role cannot publish (403), and nothing is stored", async () => {
    const before = await alertCount();
    for (const username of ["clerk.sapa", "admin"]) {
      const s = await loginAs(app.baseUrl, username);
      const r = await s.send("POST", "/api/staff/alerts", form());
      expect(r.status).toBe(403);
    }
    const anon = await fetch(`${app.baseUrl}/api/staff/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(form()),
    });
    expect(anon.status).toBe(401);
    expect(await alertCount()).toBe(before);
  });
});
