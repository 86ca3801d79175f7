import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeByLocation } from "../../../server/src/alerts/subscriptions.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { PHUC_KHANH, SA_PA } from "./alert-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("[ALERTS] subscriptions", () => {
  it("a citizen follows communes with labels, sees them, and removes one; another citizen cannot remove it", async () => {
    const c = await signedInCitizen(app);
    const add = (body: unknown) =>
      fetch(`${app.baseUrl}/api/v1/alerts/subscriptions`, {
        method: "POST",
        headers: c.headers,
        body: JSON.stringify(body),
      });
    const home = await add({ unitCode: PHUC_KHANH, label: "home" });
    expect(home.status).toBe(201);
    expect(await home.json()).toMatchObject({
      unitCode: PHUC_KHANH,
      communeName: "Phúc Khánh",
      label: "home",
      source: "miniapp",
    });
    expect((await add({ unitCode: SA_PA, label: "family", language: "en" })).status).toBe(201);
    // The same place and label again is the same subscription.
    expect((await add({ unitCode: PHUC_KHANH, label: "home" })).status).toBe(201);

    const list = async (who = c) =>
      (
        (await (
          await fetch(`${app.baseUrl}/api/v1/alerts/subscriptions`, { headers: who.headers })
        ).json()) as {
          subscriptions: { id: string; unitCode: string; label: string }[];
        }
      ).subscriptions;
    const mine = await list();
    expect(mine.map((s) => `${s.unitCode}:${s.label}`)).toEqual([`${PHUC_KHANH}:home`, `${SA_PA}:family`]);

    const other = await signedInCitizen(app, "Người khác");
    const steal = await fetch(`${app.baseUrl}/api/v1/alerts/subscriptions/${mine[0]!.id}`, {
      method: "DELETE",
      headers: other.headers,
    });
    expect(steal.status).toBe(404);
    const del = await fetch(`${app.baseUrl}/api/v1/alerts/subscriptions/${mine[0]!.id}`, {
      method: "DELETE",
      headers: c.headers,
    });
    expect(del.status).toBe(204);
    expect((await list()).map((s) => s.unitCode)).toEqual([SA_PA]);
  });

  it("bad input is refused with Vietnamese field errors: unknown commune, wrong label, no session", async () => {
    const c = await signedInCitizen(app);
    const post = (body: unknown, headers: Record<string, string> = c.headers) =>
      fetch(`${app.baseUrl}/api/v1/alerts/subscriptions`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
    const unknown = await post({ unitCode: "99999", label: "home" });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toMatch(/Không có xã\/phường này/);
    const label = await post({ unitCode: SA_PA, label: "stay" });
    expect(label.status).toBe(400);
    expect(
      (await post({ unitCode: SA_PA, label: "home" }, { "content-type": "application/json" })).status,
    ).toBe(401);
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: c.id } })).toBe(0);
  });

  it("a tourist's QR scan subscribes them to the site's commune in their language for the stay", async () => {
    const site = await fetch(`${app.baseUrl}/api/v1/alerts/qr/SAPA-CENTRE`);
    expect(site.status).toBe(200);
    expect(await site.json()).toMatchObject({ unitCode: SA_PA, days: 3, name: { en: "Sa Pa town centre" } });
    expect((await fetch(`${app.baseUrl}/api/v1/alerts/qr/NO-SUCH-SITE`)).status).toBe(404);

    const t = await signedInCitizen(app, "Tourist");
    const r = await fetch(`${app.baseUrl}/api/v1/alerts/qr/sapa-centre`, {
      method: "POST",
      headers: t.headers,
      body: JSON.stringify({ language: "en" }),
    });
    expect(r.status).toBe(201);
    const sub = (await r.json()) as {
      unitCode: string;
      language: string;
      source: string;
      expiresAt: string;
      label: string;
    };
    expect(sub).toMatchObject({ unitCode: SA_PA, language: "en", source: "qr", label: "stay" });
    const days = (Date.parse(sub.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);

    // When the stay is over the subscription no longer shows (and no longer receives).
    await app.ctx.db.alertSubscription.updateMany({
      where: { citizenId: t.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const after = (await (
      await fetch(`${app.baseUrl}/api/v1/alerts/subscriptions`, { headers: t.headers })
    ).json()) as {
      subscriptions: unknown[];
    };
    expect(after.subscriptions).toHaveLength(0);
  });

  it("operators print one QR code per tourist site, each opening that site's sign-up; a clerk cannot", async () => {
    const op = await loginAs(app.baseUrl, "ioc.operator");
    const sheet = (await (await op.get("/api/staff/alerts/qr-sheet")).json()) as {
      sites: { code: string; link: string; svg: string }[];
    };
    const sapa = sheet.sites.find((x) => x.code === "SAPA-CENTRE")!;
    expect(sapa.link).toMatch(/\/miniapp\/#\/alerts\/qr\/SAPA-CENTRE$/);
    expect(sapa.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Every printed code leads to a site the sign-up knows.
    for (const s of sheet.sites) {
      const code = s.link.split("/").at(-1)!;
      expect((await fetch(`${app.baseUrl}/api/v1/alerts/qr/${code}`)).status).toBe(200);
    }
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    expect((await clerk.get("/api/staff/alerts/qr-sheet")).status).toBe(403);
  });

  it("a location shared with the OA subscribes to the commune it falls in; a point outside the province is refused", async () => {
    const c = await signedInCitizen(app);
    // Centre of phường Sa Pa (seeded centroid area).
    const sub = await subscribeByLocation(app.ctx, { citizenId: c.id, lat: 22.3497, lon: 103.8365 });
    expect(sub).toMatchObject({ unitCode: SA_PA, label: "location", source: "oa_location" });
    await expect(
      subscribeByLocation(app.ctx, { citizenId: c.id, lat: 21.03, lon: 105.85 }),
    ).rejects.toMatchObject({
      fields: [{ field: "location", message: "Vị trí này nằm ngoài tỉnh Lào Cai." }],
    });
  });
});

describe("[ALERTS] ended tourist subscriptions", () => {
  it("are deleted a day after the stay ends; current ones stay", async () => {
    const { purgeEndedSubscriptionsJob } = await import("../../../server/src/alerts/fan-out-alert.job.js");
    const c = await signedInCitizen(app);
    const long = await app.ctx.db.alertSubscription.create({
      data: {
        citizenId: c.id,
        unitCode: SA_PA,
        label: "stay",
        expiresAt: new Date(Date.now() - 2 * 86_400_000),
      },
    });
    const recent = await app.ctx.db.alertSubscription.create({
      data: {
        citizenId: c.id,
        unitCode: PHUC_KHANH,
        label: "stay",
        expiresAt: new Date(Date.now() - 3600_000),
      },
    });
    const home = await app.ctx.db.alertSubscription.create({
      data: { citizenId: c.id, unitCode: SA_PA, label: "home" },
    });
    await purgeEndedSubscriptionsJob.handler({}, app.ctx, {
      jobId: "t",
      attemptsMade: 0,
      lastAttempt: false,
      delayUntil: () => Promise.reject(new Error("no delay")),
    });
    const left = (await app.ctx.db.alertSubscription.findMany({ where: { citizenId: c.id } })).map(
      (s) => s.id,
    );
    expect(left.sort()).toEqual([recent.id, home.id].sort());
    expect(left).not.toContain(long.id);
  });
});
