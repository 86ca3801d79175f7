import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

describe("[NOTIFICATIONS] message preferences through the API", () => {
  it("a citizen turns payment messages off: those are skipped, alerts still arrive", async () => {
    const c = await signedInCitizen(app);
    const me = await fetch(`${app.baseUrl}/api/v1/me`, { headers: c.headers });
    expect(await me.json()).toMatchObject({
      messagePrefs: { dossier_status: true, payment: true, incident_status: true, news: true },
      quietHours: null,
    });
    const patched = await fetch(`${app.baseUrl}/api/v1/me`, {
      method: "PATCH",
      headers: c.headers,
      body: JSON.stringify({ messagePrefs: { payment: false } }),
    });
    expect(await patched.json()).toMatchObject({ messagePrefs: { payment: false, dossier_status: true } });

    const pay = await notifyCitizen(app.ctx.db, {
      citizenId: c.id,
      kind: "payment",
      dedupeKey: `p-${c.id}`,
      params: { amount: "50.000 đ", code: "H38.03006-261123-0001" },
    });
    const alert = await notifyCitizen(app.ctx.db, {
      citizenId: c.id,
      kind: "alert",
      dedupeKey: `a-${c.id}`,
      params: { text: "Cảnh báo lũ quét" },
    });
    const done = async (id: string) =>
      eventually(async () => {
        const n = await app.ctx.db.notification.findUniqueOrThrow({ where: { id } });
        return n.status === "queued" ? null : n;
      });
    expect(await done(pay)).toMatchObject({ status: "skipped", reason: "preference_off" });
    expect(await done(alert)).toMatchObject({ status: "sent" });
  });

  it("alerts cannot be turned off here, and a wrong value is refused with a Vietnamese message", async () => {
    const c = await signedInCitizen(app);
    const alertOff = await fetch(`${app.baseUrl}/api/v1/me`, {
      method: "PATCH",
      headers: c.headers,
      body: JSON.stringify({ messagePrefs: { alert: false } }),
    });
    expect(alertOff.status).toBe(400);
    const notBool = await fetch(`${app.baseUrl}/api/v1/me`, {
      method: "PATCH",
      headers: c.headers,
      body: JSON.stringify({ messagePrefs: { news: "no" } }),
    });
    expect(notBool.status).toBe(400);
    expect(JSON.stringify(await notBool.json())).toContain("Giá trị phải là bật/tắt.");
    const withQuiet = await fetch(`${app.baseUrl}/api/v1/me`, {
      method: "PATCH",
      headers: c.headers,
      body: JSON.stringify({ quietHours: { from: 1320, to: 360 } }),
    });
    expect(await withQuiet.json()).toMatchObject({ quietHours: { from: 1320, to: 360 } });
  });
});
