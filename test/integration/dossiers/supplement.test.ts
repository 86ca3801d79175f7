import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointmentFor, dueInstant } from "../../../server/src/calendar/working-days.js";
import { loadCalendar } from "../../../server/src/dossiers/calendar-store.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { photoWithGps } from "../../support/images.js";
import { loginAs } from "../../support/staff.js";
import { upload, type Citizen } from "./filing.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** "Đăng ký tạm trú" (1.004194, 3 working days) at phường Sa Pa, received, then asked for a supplement. */
async function awaitingSupplement(c: Citizen) {
  const filed = await fetch(`${app.baseUrl}/api/v1/dossiers`, {
    method: "POST",
    headers: c.headers,
    body: JSON.stringify({
      procedureCode: "1.004194",
      formData: {
        applicantName: "Thào A Dơ",
        applicantIdNumber: "010203004455",
        applicantPhone: "0912345678",
        applicantAddress: "Bản Tả Van, Sa Pa",
        newResidence: "Tổ 5, phường Sa Pa",
        residenceBasis: "relative",
        ownerName: "Thào Thị Mỷ",
        stayUntil: "2027-06-30",
      },
      communeCode: "03006",
      consent: true,
    }),
  });
  expect(filed.status).toBe(201);
  const { code } = (await filed.json()) as { code: string };
  const clerk = await loginAs(app.baseUrl, "clerk.sapa");
  expect((await clerk.send("POST", `/api/staff/dossiers/${code}/receive`, {})).status).toBe(200);
  expect(
    (
      await clerk.send("POST", `/api/staff/dossiers/${code}/request-supplement`, {
        note: "Thiếu hợp đồng thuê nhà",
      })
    ).status,
  ).toBe(200);
  return code;
}

const supplement = (c: Citizen, code: string, body: unknown) =>
  fetch(`${app.baseUrl}/api/v1/dossiers/${code}/supplement`, {
    method: "POST",
    headers: c.headers,
    body: JSON.stringify(body),
  });

describe("[DOSSIERS] the supplement round trip", () => {
  it("a transition that fails leaves the files unattached; the retry with the same files succeeds", async () => {
    const c = await signedInCitizen(app);
    const code = await awaitingSupplement(c);
    const file = (await upload(app, c, await photoWithGps(), "hop-dong.jpg")).body.id;
    // The dossier's event cannot be written (a stand-in for any failure inside the transition).
    await app.ctx.pg.query(
      `ALTER TABLE "DossierEvent" ADD CONSTRAINT test_fail_supplement CHECK (reason IS DISTINCT FROM 'FAIL')`,
    );
    try {
      const failed = await supplement(c, code, { fileIds: [file], note: "FAIL" });
      expect(failed.status).toBe(500);
    } finally {
      await app.ctx.pg.query(`ALTER TABLE "DossierEvent" DROP CONSTRAINT test_fail_supplement`);
    }
    const after = await app.ctx.db.dossierFile.findUniqueOrThrow({ where: { id: file } });
    expect(after.dossierId).toBeNull();
    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).status).toBe(
      "supplement_requested",
    );

    const retry = await supplement(c, code, { fileIds: [file] });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { status: string }).status).toBe("new_registered");
    expect((await app.ctx.db.dossierFile.findUniqueOrThrow({ where: { id: file } })).kind).toBe("supplement");
  });

  it("the deadline restarts from the supplement's receipt by the procedure's rule", async () => {
    const c = await signedInCitizen(app);
    const code = await awaitingSupplement(c);
    // As if the dossier had been filed weeks ago: its old appointment has passed.
    const old = new Date("2026-10-01T10:00:00Z");
    await app.ctx.db.dossier.update({
      where: { code },
      data: { receivedAt: old, receiptDate: new Date("2026-10-01"), appointmentAt: old },
    });
    // The procedure's rule, as an admin set it: 7 working days.
    await app.ctx.db.procedure.update({ where: { nationalCode: "1.004194" }, data: { processingDays: 7 } });
    const file = (await upload(app, c, await photoWithGps(), "hop-dong.jpg")).body.id;
    const before = new Date();
    const r = await supplement(c, code, { fileIds: [file] });
    expect(r.status).toBe(200);
    const d = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } });
    expect(d.receivedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const expected = appointmentFor(await loadCalendar(app.ctx), d.receivedAt, {
      days: 7,
      unit: "working_days",
    });
    expect(d.receiptDate.toISOString().slice(0, 10)).toBe(expected.receiptDate);
    expect(d.appointmentAt?.toISOString()).toBe(dueInstant(expected.dueDate).toISOString());
    expect(d.supplementNote).toBeNull();
    const view = (await r.json()) as { appointmentAt: string; supplementNote: string | null };
    expect(view.appointmentAt).toBe(dueInstant(expected.dueDate).toISOString());
    await app.ctx.db.procedure.update({ where: { nationalCode: "1.004194" }, data: { processingDays: 3 } });
  });

  it("another citizen cannot supplement or resubmit the dossier: 404, and nothing is attached", async () => {
    const owner = await signedInCitizen(app);
    const code = await awaitingSupplement(owner);
    const stranger = await signedInCitizen(app, "Người lạ");
    const file = (await upload(app, stranger, await photoWithGps(), "x.jpg")).body.id;
    const r = await supplement(stranger, code, { fileIds: [file] });
    expect(r.status).toBe(404);
    expect(JSON.stringify(await r.json())).not.toContain("Thiếu hợp đồng thuê nhà");
    expect((await app.ctx.db.dossierFile.findUniqueOrThrow({ where: { id: file } })).dossierId).toBeNull();
    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).status).toBe(
      "supplement_requested",
    );
    // Nor can the owner attach someone else's upload.
    const r2 = await supplement(owner, code, { fileIds: [file] });
    expect(r2.status).toBe(400);
  });
});
