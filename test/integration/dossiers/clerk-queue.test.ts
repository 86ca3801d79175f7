import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DossierStatus } from "../../../server/src/platform/db.js";
import { DOSSIER_INCLUDE, toDossierView } from "../../../server/src/dossiers/dossier.mapper.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";

let app: TestApp;
let clerk: Awaited<ReturnType<typeof loginAs>>;
const HOUR = 3600_000;

/** Dossiers of phường Sa Pa (clerk.sapa's agency), made directly: the queue is what is tested. */
async function dossier(procedureCode: string, status: DossierStatus, dueInMs: number) {
  const c = await signedInCitizen(app);
  const agency = await app.ctx.db.agency.findUniqueOrThrow({ where: { code: "H38.03006" } });
  const procedure = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: procedureCode } });
  const d = await app.ctx.db.dossier.create({
    data: {
      code: `H38.03006-261201-8${String(randomBytes(4).readUInt32BE(0)).padStart(10, "0")}`,
      citizenId: c.id,
      procedureId: procedure.id,
      agencyId: agency.id,
      status,
      formData: {},
      applicantName: "Hoàng Văn Chiến",
      receivedAt: new Date(Date.now() - 48 * HOUR),
      appointmentAt: new Date(Date.now() + dueInMs),
    },
  });
  return d.code;
}

const list = async (query: string) => {
  const r = await clerk.get(`/api/staff/dossiers?${query}&limit=200`);
  expect(r.status).toBe(200);
  const body = (await r.json()) as { total: number; dossiers: { code: string; overdue: boolean }[] };
  return body;
};
const codes = async (query: string) => new Set((await list(query)).dossiers.map((d) => d.code));

let late: Record<string, string>;
beforeAll(async () => {
  app = await startTestApp();
  clerk = await loginAs(app.baseUrl, "clerk.sapa");
  late = {
    // Past their appointment while the agency has them.
    birthReceived: await dossier("1.001193", "received", -2 * HOUR),
    birthProcessing: await dossier("1.001193", "processing", -2 * HOUR),
    residenceReceived: await dossier("1.003677", "received", -2 * HOUR),
    // Past their appointment, but waiting for the citizen: the clock is paused.
    birthSupplement: await dossier("1.001193", "supplement_requested", -2 * HOUR),
    birthFees: await dossier("1.001193", "financial_obligation", -2 * HOUR),
    // Due later today or this week.
    birthDueSoon: await dossier("1.001193", "received", 30 * 60_000),
    birthDueInDays: await dossier("1.001193", "processing", 3 * 24 * HOUR),
  };
});
afterAll(async () => {
  await app?.close();
});

describe("[DOSSIERS] the clerk's queue", () => {
  it("a dossier waiting for the citizen's supplement or fee is not overdue, even past its date", async () => {
    const overdue = await codes("overdue=true");
    expect(overdue.has(late.birthReceived!)).toBe(true);
    expect(overdue.has(late.birthSupplement!)).toBe(false);
    expect(overdue.has(late.birthFees!)).toBe(false);
    const all = (await list("")).dossiers;
    expect(all.find((d) => d.code === late.birthSupplement)?.overdue).toBe(false);
    expect(all.find((d) => d.code === late.birthFees)?.overdue).toBe(false);
    expect(all.find((d) => d.code === late.birthReceived)?.overdue).toBe(true);
  });

  it("the citizen's own view does not call a paused dossier overdue either", async () => {
    const view = async (code: string) =>
      toDossierView(
        await app.ctx.db.dossier.findUniqueOrThrow({ where: { code }, include: DOSSIER_INCLUDE }),
      );
    expect((await view(late.birthSupplement!)).overdue).toBe(false);
    expect((await view(late.birthFees!)).overdue).toBe(false);
    expect((await view(late.birthReceived!)).overdue).toBe(true);
  });

  it("filters combine: status AND overdue, procedure AND overdue, procedure AND due", async () => {
    expect(await codes("status=received&overdue=true")).toEqual(
      new Set([late.birthReceived, late.residenceReceived]),
    );
    expect(await codes("procedure=1.001193&overdue=true")).toEqual(
      new Set([late.birthReceived, late.birthProcessing]),
    );
    expect(await codes("procedure=1.001193&status=processing&overdue=true")).toEqual(
      new Set([late.birthProcessing]),
    );
    expect(await codes("procedure=1.003677&due=week")).toEqual(new Set());
    expect(await codes("procedure=1.001193&due=week")).toEqual(
      new Set([late.birthDueSoon, late.birthDueInDays]),
    );
    expect(await codes("status=processing&due=week")).toEqual(new Set([late.birthDueInDays]));
    // A search narrows whatever else is chosen.
    expect(
      await codes(`status=received&overdue=true&q=${encodeURIComponent(late.residenceReceived!)}`),
    ).toEqual(new Set([late.residenceReceived]));
    // Contradictory filters find nothing rather than one silently replacing the other.
    expect((await list("overdue=true&due=today")).total).toBe(0);
  });

  it("the queue's procedure filter lists the procedures of the agency's dossiers", async () => {
    const r = (await (await clerk.get("/api/staff/dossier-procedures")).json()) as {
      procedures: { code: string; count: number }[];
    };
    expect(r.procedures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "1.001193", count: 6 }),
        expect.objectContaining({ code: "1.003677", count: 1 }),
      ]),
    );
    const other = await loginAs(app.baseUrl, "clerk.laocai");
    const theirs = (await (await other.get("/api/staff/dossier-procedures")).json()) as {
      procedures: unknown[];
    };
    expect(theirs.procedures).toEqual([]);
  });
});
