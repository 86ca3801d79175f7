import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCapSchema, parseCap } from "../../../server/src/alerts/cap.js";
import { fanOutAlert } from "../../../server/src/alerts/fan-out-alert.job.js";
import { parseSafetyPayload } from "../../../server/src/alerts/safety-payload.js";
import { recordSafetyReply } from "../../../server/src/alerts/safety.js";
import { alertForCitizen } from "../../../server/src/alerts/alert-views.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { BAC_HA, PHUC_KHANH, capAlert, capInfo, referenceTo, sendCap, subscribers } from "./alert-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp(); // planning is called directly: no messages need to leave
});
afterAll(async () => {
  await app?.close();
});

describe("[ALERTS] safety replies", () => {
  it("a request for help becomes one high-priority incident at the person's location; the operator sees it per commune", async () => {
    const people = await subscribers(app, 3, PHUC_KHANH);
    const { body } = await sendCap(app, capAlert());
    const alertId = body.alertId!;
    await fanOutAlert(app.ctx, alertId);
    const [helpMe, safeOne, silent] = people;

    // From the message's button, through the bot: the payload names the alert.
    const tapped = parseSafetyPayload(`#alert-help:${alertId}`)!;
    expect(tapped).toEqual({ alertId, safe: false });
    const first = await recordSafetyReply(app.ctx, {
      ...tapped,
      citizenId: helpMe!.citizenId,
      lat: 22.1691,
      lon: 104.5588,
    });
    expect(first.incidentPublicId).toMatch(/^PA-/);
    // A second tap is the same request, not a second incident.
    const again = await recordSafetyReply(app.ctx, { alertId, citizenId: helpMe!.citizenId, safe: false });
    expect(again.incidentPublicId).toBe(first.incidentPublicId);
    const incidents = await app.ctx.db.incident.findMany({ where: { reporterId: helpMe!.citizenId } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      source: "alert_safety",
      category: "landslide",
      lat: 22.1691,
      lon: 104.5588,
    });
    expect(incidents[0]!.priority).toBeGreaterThanOrEqual(10);

    await recordSafetyReply(app.ctx, { alertId, citizenId: safeOne!.citizenId, safe: true });
    void silent;

    const op = await loginAs(app.baseUrl, "ioc.operator");
    const detail = (await (await op.get(`/api/staff/alerts/${alertId}`)).json()) as {
      safety: {
        unitCode: string;
        recipients: number;
        safe: number;
        needHelp: number;
        noAnswer: number;
        helpRequests: { incidentPublicId: string }[];
      }[];
    };
    const row = detail.safety.find((s) => s.unitCode === PHUC_KHANH)!;
    expect(row).toMatchObject({ recipients: 3, safe: 1, needHelp: 1, noAnswer: 1 });
    expect(row.helpRequests.map((h) => h.incidentPublicId)).toEqual([first.incidentPublicId]);
  });

  it("the board of an Update counts the whole chain: help asked on the original stays, each person's latest answer counts", async () => {
    const BAO_YEN = "02947"; // no other test here uses it
    const [asksFirst, changesMind, silent] = await subscribers(app, 3, BAO_YEN);
    const area = {
      areas: [
        { areaDesc: "Bảo Yên", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: BAO_YEN }] },
      ],
    };
    const original = capAlert({}, area);
    const a = (await sendCap(app, original)).body.alertId!;
    await fanOutAlert(app.ctx, a);
    const help = await recordSafetyReply(app.ctx, {
      alertId: a,
      citizenId: asksFirst!.citizenId,
      safe: false,
      lat: 22.2155,
      lon: 104.4914,
    });
    await recordSafetyReply(app.ctx, { alertId: a, citizenId: changesMind!.citizenId, safe: true });

    const op = await loginAs(app.baseUrl, "ioc.operator");
    const helpOnDashboard = async () =>
      ((await (await op.get("/api/staff/dashboard")).json()) as { alerts: { helpRequests: number } }).alerts
        .helpRequests;
    const beforeUpdate = await helpOnDashboard();
    const b = (await sendCap(app, capAlert({ msgType: "Update", references: referenceTo(original) }, area)))
      .body.alertId!;
    // The original is no longer in force, but the help asked under it still waits for someone.
    expect(await helpOnDashboard()).toBe(beforeUpdate);
    await fanOutAlert(app.ctx, b);
    const later = await recordSafetyReply(app.ctx, {
      alertId: b,
      citizenId: changesMind!.citizenId,
      safe: false,
    });
    void silent;
    expect(await helpOnDashboard()).toBe(beforeUpdate + 1);

    const boardOf = async (id: string) =>
      (
        (await (await op.get(`/api/staff/alerts/${id}`)).json()) as {
          safety: {
            unitCode: string;
            recipients: number;
            safe: number;
            needHelp: number;
            noAnswer: number;
            helpRequests: { incidentPublicId: string; lat: number | null }[];
          }[];
        }
      ).safety.find((r) => r.unitCode === BAO_YEN)!;
    // The first person asked for help only under the original: still on the Update's board.
    const row = await boardOf(b);
    expect(row).toMatchObject({ recipients: 3, safe: 0, needHelp: 2, noAnswer: 1 });
    expect(row.helpRequests.map((h) => h.incidentPublicId).sort()).toEqual(
      [help.incidentPublicId, later.incidentPublicId].sort(),
    );
    expect(row.helpRequests.find((h) => h.incidentPublicId === help.incidentPublicId)?.lat).toBe(22.2155);
    expect(await boardOf(a)).toEqual(row);

    // Tapping help again under the Update is the same request: one incident per person, and
    // the point shared the first time stays on the board.
    const again = await recordSafetyReply(app.ctx, {
      alertId: b,
      citizenId: asksFirst!.citizenId,
      safe: false,
    });
    expect(again.incidentPublicId).toBe(help.incidentPublicId);
    expect(await app.ctx.db.incident.count({ where: { reporterId: asksFirst!.citizenId } })).toBe(1);
    const after = await boardOf(b);
    expect(after.helpRequests.find((h) => h.incidentPublicId === help.incidentPublicId)?.lat).toBe(22.2155);
    // And the person sees the answer they gave under the original on the Update.
    expect((await alertForCitizen(app.ctx, asksFirst!.citizenId, b)).mySafety).toBe("help");
  });

  it("from the mini app: the answer is stored and shown back; a person the alert does not concern cannot answer", async () => {
    const c = await signedInCitizen(app);
    await app.ctx.db.alertSubscription.create({
      data: { citizenId: c.id, unitCode: PHUC_KHANH, label: "home" },
    });
    const { body } = await sendCap(app, capAlert());
    const r = await fetch(`${app.baseUrl}/api/v1/alerts/${body.alertId}/safety`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({ safe: true }),
    });
    expect(r.status).toBe(200);
    const active = (await (
      await fetch(`${app.baseUrl}/api/v1/alerts/active`, { headers: c.headers })
    ).json()) as {
      alerts: { id: string; mySafety: string | null; myPlaces: { unitCode: string }[] }[];
    };
    const mine = active.alerts.find((a) => a.id === body.alertId)!;
    expect(mine.mySafety).toBe("safe");
    expect(mine.myPlaces.map((p) => p.unitCode)).toEqual([PHUC_KHANH]);

    const stranger = await signedInCitizen(app, "Người ở nơi khác");
    await app.ctx.db.alertSubscription.create({
      data: { citizenId: stranger.id, unitCode: BAC_HA, label: "home" },
    });
    const refused = await fetch(`${app.baseUrl}/api/v1/alerts/${body.alertId}/safety`, {
      method: "POST",
      headers: stranger.headers,
      body: JSON.stringify({ safe: false }),
    });
    expect(refused.status).toBe(404);
    const bad = await fetch(`${app.baseUrl}/api/v1/alerts/${body.alertId}/safety`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({ safe: "maybe" }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("[ALERTS] where the person asking for help is", () => {
  const askForHelp = async (
    c: Awaited<ReturnType<typeof signedInCitizen>>,
    alertId: string,
    body: object,
  ) => {
    const r = await fetch(`${app.baseUrl}/api/v1/alerts/${alertId}/safety`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({ safe: false, ...body }),
    });
    expect(r.status).toBe(200);
    const answer = (await r.json()) as { incidentPublicId: string; approximateLocation: boolean };
    const incident = await app.ctx.db.incident.findUniqueOrThrow({
      where: { publicId: answer.incidentPublicId },
    });
    return { answer, incident };
  };

  it("from the mini app: the phone's location (a getLocation token redeemed here) places the incident; refused or unreadable, the request still goes at the commune's centre, flagged approximate", async () => {
    const [shares, refuses, badToken] = [
      await signedInCitizen(app, "Người chia sẻ vị trí"),
      await signedInCitizen(app, "Người từ chối vị trí"),
      await signedInCitizen(app, "Người có mã hỏng"),
    ];
    for (const c of [shares, refuses, badToken]) {
      await app.ctx.db.alertSubscription.create({
        data: { citizenId: c.id, unitCode: PHUC_KHANH, label: "home" },
      });
    }
    const alertId = (await sendCap(app, capAlert())).body.alertId!;
    // Làng Nủ, in xã Phúc Khánh: where the phone says it is.
    const HERE = { latitude: 22.1802, longitude: 104.5412 };
    const token = (
      (await (
        await fetch(`${app.sims.zalo.url}/__sim/users/${shares.zaloUserId}/location-token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(HERE),
        })
      ).json()) as { token: string }
    ).token;

    const shared = await askForHelp(shares, alertId, {
      locationToken: { accessToken: shares.zaloAccessToken, token },
    });
    expect(shared.answer.approximateLocation).toBe(false);
    expect(shared.incident).toMatchObject({ lat: HERE.latitude, lon: HERE.longitude, unitCode: PHUC_KHANH });
    expect(shared.incident.description).toContain("Vị trí do người dân chia sẻ");

    const centre = { lat: 22.16913, lon: 104.55878 }; // xã Phúc Khánh's centroid (prisma/data)
    const refused = await askForHelp(refuses, alertId, {});
    expect(refused.answer.approximateLocation).toBe(true);
    expect(refused.incident).toMatchObject({ ...centre, unitCode: PHUC_KHANH, source: "alert_safety" });
    expect(refused.incident.description).toContain("vị trí gần đúng");
    // Zalo refuses the token (used already): the call for help is not lost.
    const unreadable = await askForHelp(badToken, alertId, {
      locationToken: { accessToken: badToken.zaloAccessToken, token },
    });
    expect(unreadable.answer.approximateLocation).toBe(true);
    expect(unreadable.incident).toMatchObject(centre);

    // The board tells the operator which points are the person's and which are approximate.
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const detail = (await (await op.get(`/api/staff/alerts/${alertId}`)).json()) as {
      safety: { unitCode: string; helpRequests: { incidentPublicId: string; lat: number | null }[] }[];
    };
    const requests = detail.safety.find((r) => r.unitCode === PHUC_KHANH)!.helpRequests;
    expect(Object.fromEntries(requests.map((h) => [h.incidentPublicId, h.lat]))).toEqual({
      [shared.incident.publicId]: HERE.latitude,
      [refused.incident.publicId]: null,
      [unreadable.incident.publicId]: null,
    });
  });
});

describe("[ALERTS] public side", () => {
  it("active alerts for my places come in the language I follow them in", async () => {
    const c = await signedInCitizen(app, "Visitor");
    await fetch(`${app.baseUrl}/api/v1/alerts/qr/SAPA-CENTRE`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({ language: "en" }),
    });
    const cap = capAlert(
      {},
      {
        areas: [
          { areaDesc: "Sa Pa", polygons: [], circles: [], geocodes: [{ valueName: "GSO", value: "03006" }] },
        ],
      },
    );
    const { body } = await sendCap(app, cap);
    const active = (await (
      await fetch(`${app.baseUrl}/api/v1/alerts/active`, { headers: c.headers })
    ).json()) as {
      language: string;
      alerts: {
        id: string;
        headline: string;
        instruction: string;
        levelColour: string;
        hazardName: string;
      }[];
    };
    expect(active.language).toBe("en");
    const a = active.alerts.find((x) => x.id === body.alertId)!;
    expect(a).toMatchObject({
      headline: "Flash flood and landslide warning",
      instruction: "Move away from streams and hillsides now.",
      hazardName: "Flash flood",
      levelColour: "#FFA94D",
    });
  });

  it("the CAP feed lists public alerts in Atom and serves each as XSD-valid CAP with one info per language", async () => {
    const cap = capAlert();
    cap.infos.push(capInfo("zh-CN"));
    const { body } = await sendCap(app, cap);
    const feed = await fetch(`${app.baseUrl}/alerts/cap`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/application\/atom\+xml/);
    const atom = await feed.text();
    expect(atom).toContain(`urn:laocai:alert:${cap.identifier}`);
    const href = new RegExp(`href="([^"]*/alerts/cap/${body.alertId}\\.xml)"`).exec(atom)?.[1];
    expect(href).toBeTruthy();

    const doc = await fetch(`${app.baseUrl}/alerts/cap/${body.alertId}.xml`);
    expect(doc.headers.get("content-type")).toMatch(/application\/cap\+xml/);
    const xml = await doc.text();
    expect(await validateCapSchema(xml)).toEqual([]);
    const parsed = parseCap(xml);
    expect(parsed.identifier).toBe(cap.identifier);
    expect(parsed.infos.map((i) => i.language)).toEqual(["vi-VN", "en-US", "zh-CN"]);
    expect(parsed.infos[0]!.areas[0]!.geocodes).toEqual([{ valueName: "GSO", value: PHUC_KHANH }]);
    expect((await fetch(`${app.baseUrl}/alerts/cap/nope.xml`)).status).toBe(404);
  });

  it("an Update with several polygons and circles in one area keeps them all: stored, in the mini app, and in an XSD-valid feed document with its references", async () => {
    const original = capAlert();
    await sendCap(app, original);
    const rings: [number, number][][] = [
      // around Sa Pa's centre, and around Tả Phìn's (prisma/data)
      [
        [22.33, 103.82],
        [22.37, 103.82],
        [22.37, 103.86],
        [22.33, 103.86],
        [22.33, 103.82],
      ],
      [
        [22.38, 103.86],
        [22.41, 103.86],
        [22.41, 103.89],
        [22.38, 103.89],
        [22.38, 103.86],
      ],
    ];
    const circles = [
      { lat: 22.27716, lon: 103.86183, radiusKm: 3 }, // Tả Van
      { lat: 22.42963, lon: 103.78221, radiusKm: 2 }, // Ngũ Chỉ Sơn
    ];
    const update = capAlert(
      { msgType: "Update", references: referenceTo(original) },
      { areas: [{ areaDesc: "Sa Pa và vùng lân cận", polygons: rings, circles, geocodes: [] }] },
    );
    const { status, body } = await sendCap(app, update);
    expect(status).toBe(202);
    const area = await app.ctx.db.alertArea.findFirstOrThrow({
      where: { alertId: body.alertId! },
      include: { units: true },
    });
    expect(area).toMatchObject({ polygons: rings, circles });
    // By hand from prisma/data: the rings hold the centres of Sa Pa (03006) and Tả Phìn (03013)
    // and have corners in the boxes of Tả Van (03037, 22.33,103.82) and Cốc San (02746,
    // 22.41,103.89); the circles take Tả Van and Ngũ Chỉ Sơn (03004) by their centres, and
    // Bát Xát (02683), whose box holds Ngũ Chỉ Sơn's circle centre.
    const covered = ["02683", "02746", "03004", "03006", "03013", "03037"];
    expect(area.units.map((u) => u.unitCode).sort()).toEqual(covered);

    const c = await signedInCitizen(app, "Người xem bản đồ");
    const view = (await (
      await fetch(`${app.baseUrl}/api/v1/alerts/${body.alertId}`, { headers: c.headers })
    ).json()) as { areas: { polygons: unknown[]; circles: unknown[] }[] };
    expect(view.areas).toEqual([expect.objectContaining({ polygons: rings, circles })]);

    const xml = await (await fetch(`${app.baseUrl}/alerts/cap/${body.alertId}.xml`)).text();
    expect(await validateCapSchema(xml)).toEqual([]);
    const doc = parseCap(xml);
    expect(doc.msgType).toBe("Update");
    expect(doc.references).toEqual(referenceTo(original));
    for (const info of doc.infos) {
      expect(info.areas).toHaveLength(1);
      expect(info.areas[0]!.polygons).toEqual(rings);
      expect(info.areas[0]!.circles).toEqual(circles);
      expect(info.areas[0]!.geocodes.map((g) => g.value).sort()).toEqual(covered);
    }
  });
});
