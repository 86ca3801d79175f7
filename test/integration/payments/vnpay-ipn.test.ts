import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VNPay } from "vnpay";
import { signParams, verifyParams } from "../../../server/src/integrations/vnpay/vnpay-signature.js";
import { reconcilePendingPayments } from "../../../server/src/payments/reconcile-payments.job.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { dossierWithFees, payAtVnpay, signedInCitizen } from "../../support/fixtures.js";
import { TEST_SECRETS } from "../../support/simulators.js";
import { loginAs } from "../../support/staff.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

const SECRET = TEST_SECRETS.VNPAY_HASH_SECRET;

async function startPayment(
  fees: { label: string; amountVnd: number; quantity?: number }[] = [
    { label: "Lệ phí chứng thực", amountVnd: 2000, quantity: 3 },
  ],
) {
  const citizen = await signedInCitizen(app);
  const dossier = await dossierWithFees(app, citizen.id, fees);
  const r = await fetch(`${app.baseUrl}/api/v1/dossiers/${dossier.code}/payments`, {
    method: "POST",
    headers: citizen.headers,
    body: JSON.stringify({ locale: "vn" }),
  });
  expect(r.status).toBe(201);
  const body = (await r.json()) as { payUrl: string; payment: { txnRef: string; amountVnd: number } };
  return { citizen, dossier, ...body };
}

/** An IPN as VNPay would send it for a payment, optionally altered. */
function ipnQuery(txnRef: string, amountVnd: number, over: Record<string, string> = {}, secret = SECRET) {
  const p: Record<string, string> = {
    vnp_Amount: String(amountVnd * 100),
    vnp_BankCode: "NCB",
    vnp_OrderInfo: "Nop phi",
    vnp_PayDate: "20261123101500",
    vnp_ResponseCode: "00",
    vnp_TmnCode: TEST_SECRETS.VNPAY_TMN_CODE,
    vnp_TransactionNo: "14226112",
    vnp_TransactionStatus: "00",
    vnp_TxnRef: txnRef,
    ...over,
  };
  return new URLSearchParams({ ...p, vnp_SecureHash: signParams(p, secret) }).toString();
}
const ipn = async (q: string) =>
  (await (await fetch(`${app.baseUrl}/payments/vnpay/ipn?${q}`)).json()) as { RspCode: string };

describe("[PAYMENTS] our VNPay hashing agrees with someone else's", () => {
  it("the vnpay package's payment URL verifies with our code, and ours with the package", () => {
    const vnpay = new VNPay({
      tmnCode: "LAOCAI01",
      secureSecret: SECRET,
      vnpayHost: "https://sandbox.vnpayment.vn",
      hashAlgorithm: "SHA512" as never,
    });
    const url = vnpay.buildPaymentUrl({
      vnp_Amount: 50000,
      vnp_IpAddr: "127.0.0.1",
      vnp_TxnRef: "LC261123ABCDE",
      vnp_OrderInfo: "Nop phi ho so H38.03006-261123-0001",
      vnp_OrderType: "other" as never,
      vnp_ReturnUrl: "http://localhost:3000/payments/vnpay/return",
      vnp_CreateDate: 20261123101500,
      vnp_ExpireDate: 20261123103000,
    });
    const params = Object.fromEntries(new URL(url).searchParams);
    expect(verifyParams(params, SECRET)).toBe(true);
    expect(verifyParams({ ...params, vnp_Amount: "5000100" }, SECRET)).toBe(false);
    const ours = Object.fromEntries(new URLSearchParams(ipnQuery("LC1", 8000)));
    const theirs = vnpay.verifyIpnCall(ours as never);
    expect(theirs.isVerified).toBe(true);
  });
});

describe("[PAYMENTS] the IPN answers exactly as VNPay specifies", () => {
  it("97 for a bad signature, 01 for an unknown order, 04 for a wrong or non-numeric amount — changing nothing", async () => {
    const { payment } = await startPayment();
    expect((await ipn(ipnQuery(payment.txnRef, payment.amountVnd, {}, "wrong-secret"))).RspCode).toBe("97");
    const unsigned = ipnQuery(payment.txnRef, payment.amountVnd).replace(/&vnp_SecureHash=[^&]+/, "");
    expect((await ipn(unsigned)).RspCode).toBe("97");
    expect((await ipn(ipnQuery("LCNOSUCHORDER", payment.amountVnd))).RspCode).toBe("01");
    expect((await ipn(ipnQuery(payment.txnRef, payment.amountVnd + 1))).RspCode).toBe("04");
    expect((await ipn(ipnQuery(payment.txnRef, payment.amountVnd, { vnp_Amount: "12abc" }))).RspCode).toBe(
      "04",
    );
    const stored = await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } });
    expect(stored.status).toBe("pending");
    // Every IPN is stored raw, whatever its fate.
    const raw = await app.ctx.db.paymentIpn.findMany({ where: { txnRef: payment.txnRef } });
    expect(raw.map((i) => i.answer).sort()).toEqual(["04", "04", "97", "97"]);
    expect(raw.every((i) => !i.changed)).toBe(true);
    expect(await app.ctx.db.paymentIpn.count({ where: { txnRef: "LCNOSUCHORDER", answer: "01" } })).toBe(1);
  });

  it("00 records the payment before answering; a replay gets 02; the dossier moves on", async () => {
    const { payment, dossier, citizen } = await startPayment();
    expect((await ipn(ipnQuery(payment.txnRef, payment.amountVnd))).RspCode).toBe("00");
    const paid = await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } });
    expect(paid.status).toBe("paid");
    expect(paid.receiptNo).toMatch(/^BL\d{4}-\d{6}$/);
    expect((await ipn(ipnQuery(payment.txnRef, payment.amountVnd))).RspCode).toBe("02");
    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).status).toBe(
      "processing",
    );
    const messages = await eventually(async () => {
      const m = await app.sims.zalo.messagesTo(citizen.zaloUserId);
      return m.length ? m : null;
    });
    expect(JSON.stringify(messages[0])).toContain("6.000");
  });

  it("a failed payment (response 24) is recorded as failed and answered 00 so VNPay stops", async () => {
    const { payment } = await startPayment();
    expect(
      (
        await ipn(
          ipnQuery(payment.txnRef, payment.amountVnd, {
            vnp_ResponseCode: "24",
            vnp_TransactionStatus: "02",
          }),
        )
      ).RspCode,
    ).toBe("00");
    expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status).toBe(
      "failed",
    );
  });

  it("paid only when BOTH codes are 00", async () => {
    const { payment } = await startPayment();
    await ipn(
      ipnQuery(payment.txnRef, payment.amountVnd, { vnp_ResponseCode: "00", vnp_TransactionStatus: "02" }),
    );
    expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status).toBe(
      "failed",
    );
  });

  it("fifty concurrent copies of one IPN cause exactly one state change", async () => {
    const { payment } = await startPayment();
    const q = ipnQuery(payment.txnRef, payment.amountVnd);
    const answers = await Promise.all(Array.from({ length: 50 }, () => ipn(q)));
    expect(answers.filter((a) => a.RspCode === "00")).toHaveLength(1);
    expect(answers.filter((a) => a.RspCode === "02")).toHaveLength(49);
    const ipns = await app.ctx.db.paymentIpn.findMany({ where: { txnRef: payment.txnRef } });
    expect(ipns).toHaveLength(50);
    expect(ipns.filter((i) => i.changed)).toHaveLength(1);
    expect(
      await app.ctx.db.notification.count({
        where: {
          dedupeKey: { startsWith: "payment-paid" },
          citizenId: (await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } }))
            .citizenId,
        },
      }),
    ).toBe(1);
  });

  it("receipt numbers stay continuous when several payments race with duplicate IPNs", async () => {
    const started = await Promise.all(Array.from({ length: 4 }, () => startPayment()));
    // Each payment's IPN ten times, all at once: losers must not burn a receipt number.
    await Promise.all(
      started.flatMap(({ payment }) =>
        Array.from({ length: 10 }, () => ipn(ipnQuery(payment.txnRef, payment.amountVnd))),
      ),
    );
    const paid = await app.ctx.db.payment.findMany({
      where: { txnRef: { in: started.map((s) => s.payment.txnRef) } },
    });
    expect(paid.every((p) => p.status === "paid")).toBe(true);
    const numbers = paid.map((p) => Number(p.receiptNo!.split("-")[1])).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]! + 1).toBe(4);
  });

  it("99 when we cannot record the result (database down), so VNPay retries", async () => {
    const broken = await startTestApp({
      env: { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/no_such_database_here" },
    });
    try {
      const r = await fetch(`${broken.baseUrl}/payments/vnpay/ipn?${ipnQuery("LCX", 1000)}`);
      expect(((await r.json()) as { RspCode: string }).RspCode).toBe("99");
    } finally {
      await broken.close();
    }
  });
});

describe("[PAYMENTS] end to end through the VNPay simulator", () => {
  const pay = (payUrl: string, result?: "success" | "failed" | "cancelled") =>
    payAtVnpay(app, payUrl, result);

  it("IPN before the return: the return page reads our state and shows success", async () => {
    const { payUrl, payment } = await startPayment();
    const returnUrl = await pay(payUrl);
    expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status).toBe(
      "paid",
    );
    const html = await (await fetch(returnUrl.replace("localhost", "127.0.0.1"))).text();
    expect(html).toContain("Thanh toán thành công");
  });

  it("the return URL never changes state; tampered, it says it cannot verify", async () => {
    await fetch(`${app.sims.vnpay.url}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ noIpn: true }),
    });
    try {
      const { payUrl, payment } = await startPayment();
      const returnUrl = await pay(payUrl);
      const html = await (await fetch(returnUrl.replace("localhost", "127.0.0.1"))).text();
      expect(html).toContain("Đang chờ xác nhận");
      expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status).toBe(
        "pending",
      );
      const tampered = returnUrl.replace(/vnp_Amount=\d+/, "vnp_Amount=100");
      expect(await (await fetch(tampered.replace("localhost", "127.0.0.1"))).text()).toContain(
        "Không xác minh được",
      );

      // No IPN ever came: reconciliation asks VNPay (querydr) once the payment has expired.
      await app.ctx.db.payment.update({
        where: { txnRef: payment.txnRef },
        data: { expiresAt: new Date(Date.now() - 5 * 60_000) },
      });
      const r = await reconcilePendingPayments(app.ctx);
      expect(r.settled).toBeGreaterThanOrEqual(1);
      expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status).toBe(
        "paid",
      );
    } finally {
      await fetch(`${app.sims.vnpay.url}/__sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
    }
  });

  it("VNPay retries an IPN we could not answer until we answer 00", async () => {
    await fetch(`${app.sims.vnpay.url}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ badSignature: true }),
    });
    const { payUrl, payment } = await startPayment();
    await pay(payUrl);
    await fetch(`${app.sims.vnpay.url}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await eventually(
      async () =>
        (await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status === "paid",
      10_000,
    );
    // The raw IPN is stored as the answer goes out, just after the payment changed.
    const answers = await eventually(async () => {
      const a = (
        await app.ctx.db.paymentIpn.findMany({
          where: { txnRef: payment.txnRef },
          orderBy: { receivedAt: "asc" },
        })
      ).map((i) => i.answer);
      return a.at(-1) === "00" ? a : null;
    }, 10_000);
    expect(answers[0]).toBe("97");
    expect(answers.filter((a) => a === "00")).toHaveLength(1);
  });

  it("a citizen downloads their receipt; another citizen cannot", async () => {
    const { payUrl, payment, citizen } = await startPayment([{ label: "Lệ phí", amountVnd: 1250000 }]);
    await pay(payUrl);
    const pdf = await fetch(`${app.baseUrl}/api/v1/payments/${payment.txnRef}/receipt.pdf`, {
      headers: citizen.headers,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const other = await signedInCitizen(app, "Người khác");
    expect(
      (
        await fetch(`${app.baseUrl}/api/v1/payments/${payment.txnRef}/receipt.pdf`, {
          headers: other.headers,
        })
      ).status,
    ).toBe(404);
    expect(
      (await fetch(`${app.baseUrl}/api/v1/payments/${payment.txnRef}`, { headers: other.headers })).status,
    ).toBe(404);
    const dossier = await app.ctx.db.payment.findUniqueOrThrow({
      where: { txnRef: payment.txnRef },
      include: { dossier: true },
    });
    const pay2 = await fetch(`${app.baseUrl}/api/v1/dossiers/${dossier.dossier.code}/payments`, {
      method: "POST",
      headers: other.headers,
      body: "{}",
    });
    expect(pay2.status).toBe(404);
  });

  it("an authorised clerk refunds in part, then the rest; the reasons are on the dossier", async () => {
    const { payUrl, payment, dossier, citizen } = await startPayment([{ label: "Lệ phí", amountVnd: 50000 }]);
    await pay(payUrl);
    const other = await loginAs(app.baseUrl, "clerk.laocai");
    expect(
      (
        await other.send("POST", `/api/staff/payments/${payment.txnRef}/refund`, {
          amountVnd: 10000,
          reason: "Thu thừa phí",
        })
      ).status,
    ).toBe(403);
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const part = await clerk.send("POST", `/api/staff/payments/${payment.txnRef}/refund`, {
      amountVnd: 20000,
      reason: "Thu thừa 2 bản sao",
    });
    expect(part.status).toBe(200);
    expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status).toBe(
      "partially_refunded",
    );
    const tooMuch = await clerk.send("POST", `/api/staff/payments/${payment.txnRef}/refund`, {
      amountVnd: 40000,
      reason: "Hoàn phần còn lại",
    });
    expect(tooMuch.status).toBe(400);
    expect(
      (
        await clerk.send("POST", `/api/staff/payments/${payment.txnRef}/refund`, {
          amountVnd: 30000,
          reason: "Hồ sơ bị rút",
        })
      ).status,
    ).toBe(200);
    expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { txnRef: payment.txnRef } })).status).toBe(
      "refunded",
    );
    const events = await app.ctx.db.dossierEvent.findMany({ where: { dossierId: dossier.id } });
    expect(events.map((e) => e.reason).join(" ")).toContain("Thu thừa 2 bản sao");
    // The citizen's dossier page and the clerk's both show the payment, its receipt and both refunds.
    type Paid = {
      payments: { status: string; receiptNo: string; refunds: { amountVnd: number; reason: string }[] }[];
    };
    const mine = (await (
      await fetch(`${app.baseUrl}/api/v1/dossiers/${dossier.code}`, { headers: citizen.headers })
    ).json()) as Paid;
    const staffView = (await (await clerk.get(`/api/staff/dossiers/${dossier.code}`)).json()) as Paid;
    for (const v of [mine, staffView]) {
      expect(v.payments).toHaveLength(1);
      expect(v.payments[0]).toMatchObject({ status: "refunded", receiptNo: expect.stringMatching(/^BL/) });
      expect(v.payments[0]!.refunds).toEqual([
        expect.objectContaining({ amountVnd: 20000, reason: "Thu thừa 2 bản sao" }),
        expect.objectContaining({ amountVnd: 30000, reason: "Hồ sơ bị rút" }),
      ]);
    }
    const report = (await (
      await clerk.get(
        `/api/staff/payments/reconciliation?day=${new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)}`,
      )
    ).json()) as {
      rows: { txnRef: string; refundedVnd: number }[];
    };
    expect(report.rows.find((r) => r.txnRef === payment.txnRef)?.refundedVnd).toBe(50000);
  });
});
