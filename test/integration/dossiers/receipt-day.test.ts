import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitDossier } from "../../../server/src/dossiers/submit-dossier.js";
import { toDossierView } from "../../../server/src/dossiers/dossier.mapper.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { ABSENCE } from "./filing.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const vn = (local: string) => new Date(`${local}+07:00`);
const FORM = ABSENCE;

/** "Khai báo tạm vắng" (1 working day) at phường Sa Pa, filed at `now`. */
async function fileAt(citizenId: string, now: Date) {
  return toDossierView(
    await submitDossier(app.ctx, {
      citizenId,
      procedureCode: "1.003677",
      formData: FORM,
      documents: [],
      deliveryMethod: "at_centre",
      communeCode: "03006",
      consentTextVersion: "dossier-v1",
      now,
    }),
  );
}
const seq = (code: string) => Number(code.split("-").at(-1));

describe("[DOSSIERS] the day a dossier is received", () => {
  it("a Saturday filing is received on Monday: the code, the receipt and the appointment all say so", async () => {
    const c = await signedInCitizen(app);
    // Saturday 5/12/2026, Friday 4/12 after closing, then Monday 7/12 itself.
    const saturday = await fileAt(c.id, vn("2026-12-05T09:00:00"));
    expect(saturday.code).toMatch(/^H38\.03006-261207-\d{4}$/);
    expect(saturday.receipt.receiptDate).toBe("07/12/2026");
    expect(saturday.receipt.appointmentDate).toBe("08/12/2026"); // 1 working day after Monday
    const fridayEvening = await fileAt(c.id, vn("2026-12-04T17:30:00"));
    expect(fridayEvening.code).toMatch(/-261207-/);
    expect(fridayEvening.receipt.receiptDate).toBe("07/12/2026");
    const monday = await fileAt(c.id, vn("2026-12-07T08:30:00"));
    expect(monday.code).toMatch(/-261207-/);
    // One sequence for the receipt day, whichever day the citizen pressed "Nộp": no gap, no duplicate.
    expect([seq(fridayEvening.code) - seq(saturday.code), seq(monday.code) - seq(saturday.code)]).toEqual([
      1, 2,
    ]);
    // A filing within office hours is received the same day.
    const friday = await fileAt(c.id, vn("2026-12-04T10:00:00"));
    expect(friday.code).toMatch(/^H38\.03006-261204-\d{4}$/);
    expect(friday.receipt.receiptDate).toBe("04/12/2026");
    // The stored row agrees with what the citizen was shown.
    const row = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: saturday.code } });
    expect(row.receiptDate.toISOString().slice(0, 10)).toBe("2026-12-07");
  });

  it("the receipt lists the procedure, the documents received and how the result is delivered", async () => {
    const c = await signedInCitizen(app);
    const d = await fileAt(c.id, vn("2026-12-08T09:00:00"));
    expect(d.receipt).toMatchObject({
      procedure: "Khai báo tạm vắng",
      documents: [],
      delivery: "Nhận kết quả tại Bộ phận Một cửa",
      deliveryAddress: null,
      receiptDate: "08/12/2026",
    });
  });
});

describe("[DOSSIERS] procedures not offered online", () => {
  it("the API refuses to file one, in Vietnamese, and writes nothing", async () => {
    const c = await signedInCitizen(app);
    const p = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "2.000815" } });
    expect(p.onlineLevel).toBe("none");
    const before = await app.ctx.db.dossier.count();
    const r = await fetch(`${app.baseUrl}/api/v1/dossiers`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({
        procedureCode: "2.000815",
        formData: FORM,
        communeCode: "03006",
        consent: true,
      }),
    });
    expect(r.status).toBe(409);
    const body = (await r.json()) as { error: { userMessage: string } };
    expect(body.error.userMessage).toBe(
      "Thủ tục này chưa nhận hồ sơ trực tuyến. Vui lòng nộp trực tiếp tại Bộ phận Một cửa.",
    );
    expect(await app.ctx.db.dossier.count()).toBe(before);
  });
});
