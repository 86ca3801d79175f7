import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../../../server/src/incidents/create-incident.js";
import { dossierWithFees, signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

type Dashboard = {
  dossiers: { new: number; overdue: number; dueToday: number } | null;
  reports: { open: number; overdue: number };
  alerts: { active: number; helpRequests: number } | null;
  deadLetters: number | null;
};

describe("[STAFF] the dashboard counts what needs a person now", () => {
  it("a clerk's numbers are their agency's and match the queues they open; an operator sees alerts, not dossiers", async () => {
    const c = await signedInCitizen(app);
    const late = await dossierWithFees(app, c.id, [], { status: "processing" });
    await app.ctx.db.dossier.update({
      where: { id: late.id },
      data: { appointmentAt: new Date(Date.now() - 86_400_000) },
    });
    // Another agency's late dossier is not the Sa Pa clerk's business.
    const elsewhere = await dossierWithFees(app, c.id, [], { status: "processing", agencyCode: "H38.02647" });
    await app.ctx.db.dossier.update({
      where: { id: elsewhere.id },
      data: { appointmentAt: new Date(Date.now() - 86_400_000) },
    });
    await createIncident(app.ctx, {
      reporterId: c.id,
      category: "waste",
      description: "Rác đổ cạnh suối",
      lat: 22.3364,
      lon: 103.8438,
      source: "miniapp",
    });

    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const d = (await (await clerk.get("/api/staff/dashboard")).json()) as Dashboard;
    const queue = (await (await clerk.get("/api/staff/dossiers?overdue=true")).json()) as { total: number };
    expect(d.dossiers?.overdue).toBe(1);
    expect(d.dossiers?.overdue).toBe(queue.total);
    expect(d.alerts).toBeNull();
    expect(d.deadLetters).toBeNull();

    const admin = (await (
      await (await loginAs(app.baseUrl, "admin")).get("/api/staff/dashboard")
    ).json()) as Dashboard;
    expect(admin.dossiers?.overdue).toBe(2);
    expect(admin.reports.open).toBeGreaterThanOrEqual(1);
    expect(admin.deadLetters).toBe(0);

    const ioc = (await (
      await (await loginAs(app.baseUrl, "ioc.operator")).get("/api/staff/dashboard")
    ).json()) as Dashboard;
    expect(ioc.dossiers).toBeNull();
    expect(ioc.alerts).toEqual({ active: 0, helpRequests: 0 });
    expect(ioc.reports.open).toBeGreaterThanOrEqual(1);
  });
});
