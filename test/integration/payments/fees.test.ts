import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dossierWithFees, signedInCitizen } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

describe("[PAYMENTS] fees on dossiers", () => {
  it("quotes a procedure's fees before submission, per copy, with exemptions", async () => {
    const q = (await (
      await fetch(`${app.baseUrl}/api/v1/procedures/2.000815/fee-quote?copies=4`)
    ).json()) as {
      totalVnd: number;
      lines: { quantity: number }[];
    };
    expect(q.totalVnd).toBe(8000); // chứng thực bản sao: 2.000 đ a page
    expect(q.lines[0]?.quantity).toBe(4);
    const free = (await (await fetch(`${app.baseUrl}/api/v1/procedures/1.001193/fee-quote`)).json()) as {
      totalVnd: number;
    };
    expect(free.totalVnd).toBe(0); // đăng ký khai sinh đúng hạn: miễn lệ phí
  });

  it("a clerk adds a financial obligation; the citizen is told, owes it, and paying moves the dossier on", async () => {
    const citizen = await signedInCitizen(app);
    const dossier = await dossierWithFees(app, citizen.id, [], { status: "processing" });
    const otherClerk = await loginAs(app.baseUrl, "clerk.laocai");
    const body = {
      lines: [{ label: "Phí thẩm định", amountVnd: 30000, quantity: 1 }],
      note: "Phí thẩm định hồ sơ",
    };
    expect(
      (await otherClerk.send("POST", `/api/staff/dossiers/${dossier.code}/obligations`, body)).status,
    ).toBe(404);
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const r = await clerk.send("POST", `/api/staff/dossiers/${dossier.code}/obligations`, body);
    expect(r.status).toBe(200);
    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).status).toBe(
      "financial_obligation",
    );
    const msg = await eventually(async () => {
      const m = await app.sims.zalo.messagesTo(citizen.zaloUserId);
      return m.length ? m : null;
    });
    expect(JSON.stringify(msg[0])).toContain("30.000");
    // Asked twice (a double click) while already waiting for payment: refused, nothing added.
    expect((await clerk.send("POST", `/api/staff/dossiers/${dossier.code}/obligations`, body)).status).toBe(
      409,
    );
    const owed = (await (
      await fetch(`${app.baseUrl}/api/v1/payments`, { headers: citizen.headers })
    ).json()) as {
      due: { dossierCode: string; amountVnd: number }[];
    };
    expect(owed.due.find((d) => d.dossierCode === dossier.code)?.amountVnd).toBe(30000);
  });
});
