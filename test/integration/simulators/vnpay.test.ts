import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VnpayClient, vnpTimestamp } from "../../../server/src/integrations/vnpay/vnpay-client.js";
import {
  buildPaymentUrl,
  signParams,
  verifyParams,
} from "../../../server/src/integrations/vnpay/vnpay-signature.js";
import type { RunningSim } from "../../../server/src/simulators/sim-kit.js";
import { startVnpaySimulator } from "../../../server/src/simulators/vnpay/vnpay-simulator.js";
import { callLog, startReceiver } from "./helpers.js";

const SECRET = "test-vnpay-secret";
const TMN = "LAOCAI01";

/**
 * VNPay 2.1.0 checksum written from integrations.md §3, independently of the module under
 * test: keep vnp_* keys, drop vnp_SecureHash and vnp_SecureHashType, sort the keys,
 * URL-encode keys and values with space as '+', join k=v with '&', HMAC-SHA512, hex.
 */
function independentHash(params: Record<string, string>, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  const data = Object.keys(params)
    .filter((k) => k.startsWith("vnp_") && k !== "vnp_SecureHash" && k !== "vnp_SecureHashType")
    .filter((k) => params[k] !== "")
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k]!)}`)
    .join("&");
  return createHmac("sha512", secret).update(Buffer.from(data, "utf8")).digest("hex");
}

const sample = (): Record<string, string> => ({
  vnp_Version: "2.1.0",
  vnp_Command: "pay",
  vnp_TmnCode: TMN,
  vnp_Amount: "15000000",
  vnp_CurrCode: "VND",
  vnp_TxnRef: "H38-250701-0001-1",
  vnp_OrderInfo: "Thanh toan le phi ho so H38-250701-0001",
  vnp_OrderType: "other",
  vnp_Locale: "vn",
  vnp_ReturnUrl: "http://localhost:3000/payments/vnpay/return?from=miniapp",
  vnp_IpAddr: "127.0.0.1",
  vnp_CreateDate: "20250701103000",
  vnp_ExpireDate: "20250701104500",
});

describe("[SIM VNPAY] signature module", () => {
  it("signs exactly as §3 says (checked by an independent implementation)", () => {
    const p = sample();
    expect(signParams(p, SECRET)).toBe(independentHash(p, SECRET));
    expect(signParams(p, SECRET)).toMatch(/^[0-9a-f]{128}$/);
    // Keys that are not vnp_*, and the hash fields themselves, take no part.
    const withExtras = { ...p, foo: "bar", vnp_SecureHashType: "HmacSHA512", vnp_SecureHash: "ab" };
    expect(signParams(withExtras, SECRET)).toBe(signParams(p, SECRET));
  });

  it("verifies a signed set and refuses a tampered parameter or hash", () => {
    const p = sample();
    const signed = { ...p, vnp_SecureHash: independentHash(p, SECRET), vnp_SecureHashType: "HmacSHA512" };
    expect(verifyParams(signed, SECRET)).toBe(true);
    expect(verifyParams({ ...signed, vnp_SecureHash: signed.vnp_SecureHash.toUpperCase() }, SECRET)).toBe(
      true,
    );
    expect(verifyParams({ ...signed, vnp_Amount: "15000100" }, SECRET)).toBe(false);
    expect(verifyParams({ ...signed, vnp_OrderInfo: `${p.vnp_OrderInfo} ` }, SECRET)).toBe(false);
    const flipped = signed.vnp_SecureHash.slice(0, -1) + (signed.vnp_SecureHash.endsWith("0") ? "1" : "0");
    expect(verifyParams({ ...signed, vnp_SecureHash: flipped }, SECRET)).toBe(false);
    expect(verifyParams(signed, "another-secret")).toBe(false);
    expect(verifyParams({ ...p }, SECRET)).toBe(false); // no hash at all
    expect(verifyParams({ ...signed, unrelated: "x" }, SECRET)).toBe(true); // only vnp_* count
  });

  it("buildPaymentUrl yields a URL whose query verifies independently", () => {
    const url = new URL(buildPaymentUrl("http://127.0.0.1:4102/paymentv2/vpcpay.html", sample(), SECRET));
    const q = Object.fromEntries(url.searchParams);
    expect(q.vnp_OrderInfo).toBe(sample().vnp_OrderInfo); // spaces travel as '+'
    expect(url.search).toContain("vnp_OrderInfo=Thanh+toan+le+phi");
    expect(q.vnp_SecureHash).toBe(independentHash(q, SECRET));
  });
});

describe("[SIM VNPAY] payment page and IPN", () => {
  let sim: RunningSim;
  let merchant: Awaited<ReturnType<typeof startReceiver>>;
  let client: VnpayClient;
  beforeAll(async () => {
    merchant = await startReceiver(() => ({ RspCode: "00", Message: "Confirm Success" }));
    sim = await startVnpaySimulator({
      tmnCode: TMN,
      hashSecret: SECRET,
      ipnUrl: `${merchant.url}/payments/vnpay/ipn`,
    });
    client = new VnpayClient(callLog().http("vnpay"), {
      payUrl: `${sim.url}/paymentv2/vpcpay.html`,
      apiUrl: `${sim.url}/merchant_webapi/api/transaction`,
      tmnCode: TMN,
      hashSecret: SECRET,
    });
  });
  afterAll(async () => {
    await sim?.close();
    await merchant?.close();
  });

  const payUrl = (txnRef: string) =>
    client.paymentUrl({
      txnRef,
      amountVnd: 150_000,
      orderInfo: `Thanh toan ho so ${txnRef}`,
      createDate: vnpTimestamp(new Date()),
      expireDate: vnpTimestamp(new Date(Date.now() + 15 * 60_000)),
      returnUrl: `${merchant.url}/payments/vnpay/return`,
      ipAddr: "127.0.0.1",
      locale: "vn",
    });

  it("shows the amount (vnp_Amount / 100) and the order info for a correctly signed URL", async () => {
    const r = await fetch(payUrl("T-PAGE-1"));
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain("150.000 đ");
    expect(html).toContain("Thanh toan ho so T-PAGE-1");
    expect(html).toContain("Thanh toán");
    expect(html).toContain("Hủy");
  });

  it("refuses a tampered URL with an error page and sends nothing", async () => {
    const before = merchant.received.length;
    const url = payUrl("T-TAMPER-1").replace("vnp_Amount=15000000", "vnp_Amount=100");
    const r = await fetch(url);
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Sai chữ ký");
    const done = await fetch(`${sim.url}/paymentv2/complete`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ txnRef: "T-TAMPER-1", result: "success" }),
      redirect: "manual",
    });
    expect(done.status).toBe(404); // no such transaction was opened
    expect(merchant.received.length).toBe(before);
  });

  it("on payment: a signed IPN to the merchant, then a signed redirect to the return URL", async () => {
    await fetch(payUrl("T-PAY-1"));
    const r = await fetch(`${sim.url}/paymentv2/complete`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ txnRef: "T-PAY-1", result: "success" }),
      redirect: "manual",
    });
    expect(r.status).toBe(302);
    const back = new URL(r.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(`${merchant.url}/payments/vnpay/return`);
    const ret = Object.fromEntries(back.searchParams);
    expect(ret).toMatchObject({
      vnp_TxnRef: "T-PAY-1",
      vnp_Amount: "15000000",
      vnp_ResponseCode: "00",
      vnp_TransactionStatus: "00",
      vnp_BankCode: "NCB",
      vnp_TmnCode: TMN,
    });
    expect(ret.vnp_TransactionNo).toMatch(/^\d+$/);
    expect(ret.vnp_PayDate).toMatch(/^\d{14}$/);
    expect(ret.vnp_SecureHash).toBe(independentHash(ret, SECRET));

    const ipn = merchant.received.find((x) => x.url.includes("vnp_TxnRef=T-PAY-1"));
    expect(ipn?.method).toBe("GET");
    const q = Object.fromEntries(new URL(ipn!.url, merchant.url).searchParams);
    expect(q.vnp_ResponseCode).toBe("00");
    expect(q.vnp_SecureHash).toBe(independentHash(q, SECRET));
    expect(client.verifyCallback(q)).toBe(true);
  });

  it("a cancelled payment returns response code 24, signed", async () => {
    await fetch(payUrl("T-CANCEL-1"));
    const r = await fetch(`${sim.url}/paymentv2/complete`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ txnRef: "T-CANCEL-1", result: "cancelled" }),
      redirect: "manual",
    });
    const ret = Object.fromEntries(new URL(r.headers.get("location")!).searchParams);
    expect(ret.vnp_ResponseCode).toBe("24");
    expect(ret.vnp_TransactionStatus).not.toBe("00");
    expect(verifyParams(ret, SECRET)).toBe(true);
  });
});
