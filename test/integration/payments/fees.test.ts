import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dossierWithFees, signedInCitizen } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { TEST_SECRETS } from "../../support/simulators.js";
import { signParams } from "../../../server/src/integrations/vnpay/vnpay-signature.js";
import { ABSENCE } from "../dossiers/filing.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

describe("[PAYMENTS] fees on dossiers", () => {
  it("quotes a procedure's fees before submission, per copy", async () => {
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

  it("an exemption the citizen claims is quoted and filed as waived, and named for the clerk to check", async () => {
    // An admin gave khai báo tạm vắng a fee with an exemption for poor households.
    await app.ctx.db.procedure.update({
      where: { nationalCode: "1.003677" },
      data: {
        feeSchedule: [{ label: "Lệ phí", amountVnd: 5000, per: "dossier", exemptGroups: ["poor_household"] }],
      },
    });
    const quote = async (q: string) =>
      (await (await fetch(`${app.baseUrl}/api/v1/procedures/1.003677/fee-quote${q}`)).json()) as {
        totalVnd: number;
        lines: { label: string; exempt: boolean }[];
      };
    expect((await quote("")).totalVnd).toBe(5000);
    const waived = await quote("?exemptGroup=poor_household");
    expect(waived.totalVnd).toBe(0);
    expect(waived.lines[0]).toMatchObject({ exempt: true, label: expect.stringContaining("miễn: Hộ nghèo") });
    // Not a group this fee waives: charged.
    expect((await quote("?exemptGroup=disabled")).totalVnd).toBe(5000);

    const citizen = await signedInCitizen(app);
    const file = async (extra: Record<string, unknown>) => {
      const r = await fetch(`${app.baseUrl}/api/v1/dossiers`, {
        method: "POST",
        headers: citizen.headers,
        body: JSON.stringify({
          procedureCode: "1.003677",
          formData: ABSENCE,
          communeCode: "03006",
          consent: true,
          ...extra,
        }),
      });
      expect(r.status).toBe(201);
      return ((await r.json()) as { code: string }).code;
    };
    const exempt = await file({ exemptGroup: "poor_household" });
    const charged = await file({});
    const owed = (await (
      await fetch(`${app.baseUrl}/api/v1/payments`, { headers: citizen.headers })
    ).json()) as {
      due: { dossierCode: string; amountVnd: number }[];
    };
    expect(owed.due.map((d) => d.dossierCode)).not.toContain(exempt);
    expect(owed.due.find((d) => d.dossierCode === charged)?.amountVnd).toBe(5000);
    // The clerk sees what was claimed beside the waived line.
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const view = (await (await clerk.get(`/api/staff/dossiers/${exempt}`)).json()) as {
      fees: { label: string; exempt: boolean }[];
    };
    expect(view.fees).toEqual([
      expect.objectContaining({ exempt: true, label: expect.stringContaining("công dân kê khai") }),
    ]);
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

    // Paying it (VNPay's IPN) moves the dossier back to processing, with the payment in its timeline.
    const pay = await fetch(`${app.baseUrl}/api/v1/dossiers/${dossier.code}/payments`, {
      method: "POST",
      headers: citizen.headers,
      body: JSON.stringify({ locale: "vn" }),
    });
    expect(pay.status).toBe(201);
    const { payment } = (await pay.json()) as { payment: { txnRef: string; amountVnd: number } };
    expect(payment.amountVnd).toBe(30000);
    const p: Record<string, string> = {
      vnp_Amount: String(payment.amountVnd * 100),
      vnp_BankCode: "NCB",
      vnp_OrderInfo: "Nop phi",
      vnp_PayDate: "20261123101500",
      vnp_ResponseCode: "00",
      vnp_TmnCode: TEST_SECRETS.VNPAY_TMN_CODE,
      vnp_TransactionNo: "14226199",
      vnp_TransactionStatus: "00",
      vnp_TxnRef: payment.txnRef,
    };
    const q = new URLSearchParams({ ...p, vnp_SecureHash: signParams(p, TEST_SECRETS.VNPAY_HASH_SECRET) });
    const answer = (await (await fetch(`${app.baseUrl}/payments/vnpay/ipn?${q}`)).json()) as {
      RspCode: string;
    };
    expect(answer.RspCode).toBe("00");
    const after = await app.ctx.db.dossier.findUniqueOrThrow({
      where: { id: dossier.id },
      include: { events: { orderBy: { createdAt: "asc" } } },
    });
    expect(after.status).toBe("processing");
    expect(after.events.at(-1)).toMatchObject({ fromStatus: "financial_obligation", toStatus: "processing" });
    expect(after.events.at(-1)?.reason).toContain("30.000");
  });
});
