// VNPay simulator (skeleton; the payments issue completes querydr, refund, the IPN retry
// rule and fault injection): a payment page that checks the merchant's signature, then
// redirects the browser to the return URL and sends the signed IPN server to server.
import { randomInt } from "node:crypto";
import express, { type Express } from "express";
import { buildPaymentUrl, signParams, verifyParams } from "../../integrations/vnpay/vnpay-signature.js";
import { listen, type RunningSim } from "../sim-kit.js";

export interface VnpaySimOptions {
  tmnCode: string;
  hashSecret: string;
  ipnUrl: string;
}

export interface VnpayTxn {
  txnRef: string;
  amount: string;
  params: Record<string, string>;
  result?: "success" | "failed" | "cancelled";
  transactionNo?: string;
  ipnAnswers: string[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const vnTime = (d = new Date()) =>
  new Date(d.getTime() + 7 * 3600_000).toISOString().replace(/\D/g, "").slice(0, 14);

export function createVnpaySimulator(opts: VnpaySimOptions): {
  app: Express;
  state: { txns: Map<string, VnpayTxn> };
} {
  const state = { txns: new Map<string, VnpayTxn>() };
  const app = express();
  app.use(express.urlencoded({ extended: false }));

  app.get("/paymentv2/vpcpay.html", (req, res) => {
    const params = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)]));
    if (!verifyParams(params, opts.hashSecret) || params.vnp_TmnCode !== opts.tmnCode) {
      return res
        .status(400)
        .type("html")
        .send("<h1>Sai chữ ký (Invalid signature)</h1><p>Giao dịch không hợp lệ.</p>");
    }
    const txn: VnpayTxn = {
      txnRef: params.vnp_TxnRef ?? "",
      amount: params.vnp_Amount ?? "0",
      params,
      ipnAnswers: [],
    };
    state.txns.set(txn.txnRef, txn);
    const vnd = (Number(txn.amount) / 100).toLocaleString("vi-VN");
    res.type("html")
      .send(`<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>VNPAY (mô phỏng)</title><body style="font-family:sans-serif;max-width:420px;margin:auto;padding:16px">
<h1 style="color:#005baa">VNPAY — cổng thanh toán (mô phỏng)</h1>
<p>Số tiền: <strong data-testid="amount">${esc(vnd)} đ</strong></p><p>Nội dung: ${esc(params.vnp_OrderInfo ?? "")}</p>
<form method="post" action="/paymentv2/complete"><input type="hidden" name="txnRef" value="${esc(txn.txnRef)}">
<button name="result" value="success" style="font-size:18px;padding:12px 20px">Thanh toán</button>
<button name="result" value="cancelled" style="font-size:18px;padding:12px 20px">Hủy</button></form></body></html>`);
  });

  app.post("/paymentv2/complete", async (req, res) => {
    const txn = state.txns.get(String(req.body?.txnRef ?? ""));
    if (!txn) return res.status(404).send("Giao dịch không tồn tại");
    txn.result = req.body?.result === "success" ? "success" : "cancelled";
    txn.transactionNo = String(randomInt(10_000_000, 99_999_999));
    const ok = txn.result === "success";
    const result: Record<string, string> = {
      vnp_Amount: txn.amount,
      vnp_BankCode: "NCB",
      vnp_CardType: "ATM",
      vnp_OrderInfo: txn.params.vnp_OrderInfo ?? "",
      vnp_PayDate: vnTime(),
      vnp_ResponseCode: ok ? "00" : "24",
      vnp_TmnCode: opts.tmnCode,
      vnp_TransactionNo: ok ? txn.transactionNo : "0",
      vnp_TransactionStatus: ok ? "00" : "02",
      vnp_TxnRef: txn.txnRef,
    };
    const signed = { ...result, vnp_SecureHash: signParams(result, opts.hashSecret) };
    const ipn = await fetch(`${opts.ipnUrl}?${new URLSearchParams(signed).toString()}`).catch(() => null);
    txn.ipnAnswers.push(ipn ? await ipn.text() : "no answer");
    res.redirect(buildPaymentUrl(txn.params.vnp_ReturnUrl ?? "/", result, opts.hashSecret));
  });

  app.get("/__sim/transactions", (_req, res) => res.json([...state.txns.values()]));
  return { app, state };
}

export async function startVnpaySimulator(opts: VnpaySimOptions, port = 0): Promise<RunningSim> {
  return listen(createVnpaySimulator(opts).app, port);
}
