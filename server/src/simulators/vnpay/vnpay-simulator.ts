// VNPay simulator: the payment page (checks the merchant's signature), the browser
// redirect to the return URL, the signed IPN with VNPay's retry rule (up to 10 attempts,
// 5 minutes apart — the interval is an option so tests compress it), querydr and refund
// with signed responses, and fault injection.
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import express, { type Express } from "express";
import {
  QUERY_RESPONSE_FIELD_ORDER,
  REFUND_RESPONSE_FIELD_ORDER,
} from "../../integrations/vnpay/vnpay-client.js";
import { escapeHtml, listen, type RunningSim } from "../sim-kit.js";

// The simulator hashes on its own, the way VNPay's published samples and the `vnpay`
// package do (sorted vnp_* params as URLSearchParams, HMAC-SHA512; '|'-joined fields for
// the merchant API), NOT with our client's code: end-to-end tests then check our hashing
// against a second implementation instead of against itself.
const hmac = (secret: string, data: string) =>
  createHmac("sha512", secret).update(data, "utf8").digest("hex");
function simSign(params: Record<string, string>, secret: string): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort())
    if (k.startsWith("vnp_") && k !== "vnp_SecureHash" && k !== "vnp_SecureHashType" && params[k] !== "")
      q.append(k, params[k]!);
  return hmac(secret, q.toString());
}
function simVerify(params: Record<string, string>, secret: string): boolean {
  const given = Buffer.from(String(params.vnp_SecureHash ?? ""), "hex");
  const expected = Buffer.from(simSign(params, secret), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
const simPipe = (fields: (string | undefined)[], secret: string) =>
  hmac(secret, fields.map((f) => f ?? "").join("|"));
const simUrl = (base: string, params: Record<string, string>, secret: string) =>
  `${base}${base.includes("?") ? "&" : "?"}${new URLSearchParams({ ...params, vnp_SecureHash: simSign(params, secret) })}`;

/** yyyyMMddHHmmss (GMT+7) → epoch ms, or NaN when it is not one. */
function vnpDateMs(s: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s ?? "");
  if (!m) return NaN;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, se!) - 7 * 3600_000;
  return new Date(ms + 7 * 3600_000).getUTCDate() === d ? ms : NaN;
}

export interface VnpaySimOptions {
  tmnCode: string;
  hashSecret: string;
  ipnUrl: string;
  ipnRetryDelayMs?: number;
  ipnMaxAttempts?: number;
}

export interface VnpayFaults {
  /** Send every IPN twice, concurrently. */
  duplicateIpn?: boolean;
  /** Never send the IPN (the merchant must reconcile with querydr). */
  noIpn?: boolean;
  /** Redirect the browser first and send the IPN this long after (default: IPN first). */
  ipnDelayMs?: number;
  /** Report another amount (×100) than the real one, signed, in the IPN and in querydr. */
  wrongAmount?: boolean;
  /** Corrupt the IPN's signature. */
  badSignature?: boolean;
  /** Refuse refunds with this response code. */
  refundResponseCode?: string;
  /** Carry out refunds but answer only after this long (the merchant's call times out). */
  refundHangMs?: number;
}

export interface VnpayTxn {
  txnRef: string;
  amount: string;
  params: Record<string, string>;
  result?: "success" | "failed" | "cancelled" | "expired";
  transactionNo?: string;
  payDate?: string;
  ipnAttempts: { at: string; answer: string }[];
  refunds: { requestId: string; amount: string; type: string }[];
}

const esc = escapeHtml;
const vnTime = (d = new Date()) =>
  new Date(d.getTime() + 7 * 3600_000).toISOString().replace(/\D/g, "").slice(0, 14);

export function createVnpaySimulator(opts: VnpaySimOptions) {
  const state = {
    txns: new Map<string, VnpayTxn>(),
    faults: {} as VnpayFaults,
    ipnTimers: new Set<NodeJS.Timeout>(),
  };
  const retryDelay = () => opts.ipnRetryDelayMs ?? 5 * 60_000;
  const maxAttempts = opts.ipnMaxAttempts ?? 10;
  const app: Express = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());

  const resultParams = (txn: VnpayTxn): Record<string, string> => {
    const ok = txn.result === "success";
    return {
      vnp_Amount: state.faults.wrongAmount ? String(Number(txn.amount) + 100_000) : txn.amount,
      vnp_BankCode: "NCB",
      vnp_CardType: "ATM",
      vnp_OrderInfo: txn.params.vnp_OrderInfo ?? "",
      vnp_PayDate: txn.payDate ?? vnTime(),
      // 51: the bank refused (insufficient funds); 24: the customer cancelled; 11: the
      // payment page expired before the customer paid.
      vnp_ResponseCode: ok ? "00" : txn.result === "failed" ? "51" : txn.result === "expired" ? "11" : "24",
      vnp_TmnCode: opts.tmnCode,
      vnp_TransactionNo: ok ? (txn.transactionNo ?? "0") : "0",
      vnp_TransactionStatus: ok ? "00" : "02",
      vnp_TxnRef: txn.txnRef,
    };
  };

  // VNPay's rule: retry until the merchant answers 00 or 02, up to 10 times, 5 min apart.
  const sendIpn = async (txn: VnpayTxn, attempt = 1): Promise<void> => {
    const p = resultParams(txn);
    let hash = simSign(p, opts.hashSecret);
    if (state.faults.badSignature) hash = hash.replace(/^./, (c) => (c === "a" ? "b" : "a"));
    const url = `${opts.ipnUrl}?${new URLSearchParams({ ...p, vnp_SecureHash: hash }).toString()}`;
    const copies = state.faults.duplicateIpn ? 2 : 1;
    const answers = await Promise.all(
      Array.from({ length: copies }, () =>
        fetch(url, { signal: AbortSignal.timeout(30_000) })
          .then(async (r) => String(((await r.json()) as { RspCode?: string }).RspCode ?? r.status))
          .catch(() => "timeout"),
      ),
    );
    for (const a of answers) txn.ipnAttempts.push({ at: new Date().toISOString(), answer: a });
    if (!answers.some((a) => a === "00" || a === "02") && attempt < maxAttempts) {
      const t = setTimeout(() => {
        state.ipnTimers.delete(t);
        void sendIpn(txn, attempt + 1);
      }, retryDelay());
      state.ipnTimers.add(t);
    }
  };

  app.get("/paymentv2/vpcpay.html", (req, res) => {
    const params = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)]));
    if (!simVerify(params, opts.hashSecret) || params.vnp_TmnCode !== opts.tmnCode) {
      return res
        .status(400)
        .type("html")
        .send("<h1>Sai chữ ký (Invalid signature)</h1><p>Giao dịch không hợp lệ.</p>");
    }
    // VNPay refuses a payment whose dates are malformed, not in GMT+7 (a create date hours
    // off: the `vnpay` package's pitfall), or already expired.
    const created = vnpDateMs(params.vnp_CreateDate);
    const expires = vnpDateMs(params.vnp_ExpireDate);
    const now = Date.now();
    const dateError =
      Number.isNaN(created) || Number.isNaN(expires)
        ? "Sai định dạng thời gian (yyyyMMddHHmmss)"
        : created - now > 5 * 60_000
          ? "Thời gian tạo giao dịch không hợp lệ: ở tương lai (không phải giờ GMT+7?)"
          : expires <= created
            ? "Thời gian hết hạn phải sau thời gian tạo"
            : expires <= now
              ? "Giao dịch đã quá thời gian chờ thanh toán"
              : null;
    if (dateError) {
      return res
        .status(400)
        .type("html")
        .send(`<h1>Giao dịch không hợp lệ</h1><p data-testid="error">${esc(dateError)}</p>`);
    }
    const txn: VnpayTxn = {
      txnRef: params.vnp_TxnRef ?? "",
      amount: params.vnp_Amount ?? "0",
      params,
      ipnAttempts: [],
      refunds: [],
    };
    state.txns.set(txn.txnRef, txn);
    const vnd = (Number(txn.amount) / 100).toLocaleString("vi-VN");
    res.type("html")
      .send(`<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>VNPAY (mô phỏng)</title><body style="font-family:sans-serif;max-width:420px;margin:auto;padding:16px">
<h1 style="color:#005baa">VNPAY — cổng thanh toán (mô phỏng)</h1>
<p>Số tiền: <strong data-testid="amount">${esc(vnd)} đ</strong></p><p>Nội dung: ${esc(params.vnp_OrderInfo ?? "")}</p>
<p>Thẻ thử nghiệm: NCB 9704198526191432198 — NGUYEN VAN A — 07/15 — OTP 123456</p>
<form method="post" action="/paymentv2/complete"><input type="hidden" name="txnRef" value="${esc(txn.txnRef)}">
<button name="result" value="success" style="font-size:18px;padding:12px 20px">Thanh toán</button>
<button name="result" value="failed" style="font-size:18px;padding:12px 20px">Thẻ bị từ chối</button>
<button name="result" value="cancelled" style="font-size:18px;padding:12px 20px">Hủy</button></form></body></html>`);
  });

  app.post("/paymentv2/complete", async (req, res) => {
    const txn = state.txns.get(String(req.body?.txnRef ?? ""));
    if (!txn) return res.status(404).send("Giao dịch không tồn tại");
    const chosen =
      req.body?.result === "success" ? "success" : req.body?.result === "failed" ? "failed" : "cancelled";
    // Too late: the payment page expired while the customer looked at it.
    txn.result = vnpDateMs(txn.params.vnp_ExpireDate) <= Date.now() ? "expired" : chosen;
    txn.transactionNo = String(randomInt(10_000_000, 99_999_999));
    txn.payDate = vnTime();
    const ret = resultParams(txn);
    if (!state.faults.noIpn) {
      if (state.faults.ipnDelayMs) {
        const t = setTimeout(() => {
          state.ipnTimers.delete(t);
          void sendIpn(txn);
        }, state.faults.ipnDelayMs);
        state.ipnTimers.add(t);
      } else {
        await sendIpn(txn); // the usual order: the IPN lands before the browser returns
      }
    }
    res.redirect(simUrl(txn.params.vnp_ReturnUrl ?? "/", ret, opts.hashSecret));
  });

  // querydr and refund share VNPay's merchant API endpoint.
  app.post("/merchant_webapi/api/transaction", async (req, res) => {
    const b = (req.body ?? {}) as Record<string, string>;
    const sign = (data: Record<string, string>, fields: readonly string[]) => ({
      ...data,
      vnp_SecureHash: simPipe(
        fields.map((f) => data[f]),
        opts.hashSecret,
      ),
    });
    const base = {
      vnp_ResponseId: String(randomInt(1e9, 9e9)),
      vnp_Command: b.vnp_Command ?? "",
      vnp_TmnCode: opts.tmnCode,
    };
    if (b.vnp_Command === "querydr") {
      const expected = simPipe(
        [
          b.vnp_RequestId,
          b.vnp_Version,
          "querydr",
          b.vnp_TmnCode,
          b.vnp_TxnRef,
          b.vnp_TransactionDate,
          b.vnp_CreateDate,
          b.vnp_IpAddr,
          b.vnp_OrderInfo,
        ],
        opts.hashSecret,
      );
      if (expected !== b.vnp_SecureHash)
        return res.json(
          sign(
            { ...base, vnp_ResponseCode: "97", vnp_Message: "Invalid checksum" },
            QUERY_RESPONSE_FIELD_ORDER,
          ),
        );
      const txn = state.txns.get(b.vnp_TxnRef ?? "");
      if (!txn)
        return res.json(
          sign(
            {
              ...base,
              vnp_ResponseCode: "91",
              vnp_Message: "Transaction not found",
              vnp_TxnRef: b.vnp_TxnRef ?? "",
            },
            QUERY_RESPONSE_FIELD_ORDER,
          ),
        );
      const r = resultParams(txn);
      return res.json(
        sign(
          {
            ...base,
            vnp_ResponseCode: "00",
            vnp_Message: "QueryDR Success",
            vnp_TxnRef: txn.txnRef,
            vnp_Amount: r.vnp_Amount ?? txn.amount, // wrongAmount: VNPay's record disagrees too
            vnp_BankCode: "NCB",
            vnp_PayDate: txn.payDate ?? "",
            vnp_TransactionNo: r.vnp_TransactionNo ?? "",
            // After a refund VNPay reports the refund's type (02 full, 03 partial).
            vnp_TransactionType: txn.refunds.at(-1)?.type ?? "01",
            vnp_TransactionStatus: txn.result ? (r.vnp_TransactionStatus ?? "") : "01",
            vnp_OrderInfo: txn.params.vnp_OrderInfo ?? "",
            vnp_PromotionCode: "",
            vnp_PromotionAmount: "",
          },
          QUERY_RESPONSE_FIELD_ORDER,
        ),
      );
    }
    if (b.vnp_Command === "refund") {
      const expected = simPipe(
        [
          b.vnp_RequestId,
          b.vnp_Version,
          "refund",
          b.vnp_TmnCode,
          b.vnp_TransactionType,
          b.vnp_TxnRef,
          b.vnp_Amount,
          b.vnp_TransactionNo,
          b.vnp_TransactionDate,
          b.vnp_CreateBy,
          b.vnp_CreateDate,
          b.vnp_IpAddr,
          b.vnp_OrderInfo,
        ],
        opts.hashSecret,
      );
      const txn = state.txns.get(b.vnp_TxnRef ?? "");
      const refunded = txn?.refunds.reduce((s, r) => s + Number(r.amount), 0) ?? 0;
      let code = "00";
      if (expected !== b.vnp_SecureHash) code = "97";
      else if (!txn || txn.result !== "success") code = "91";
      else if (txn.refunds.some((r) => r.requestId === b.vnp_RequestId)) code = "94";
      else if (Number(b.vnp_Amount) + refunded > Number(txn.amount)) code = "02";
      else if (state.faults.refundResponseCode) code = state.faults.refundResponseCode;
      if (code === "00" && txn)
        txn.refunds.push({
          requestId: b.vnp_RequestId ?? "",
          amount: b.vnp_Amount ?? "0",
          type: b.vnp_TransactionType ?? "",
        });
      if (state.faults.refundHangMs) await new Promise((r) => setTimeout(r, state.faults.refundHangMs));
      return res.json(
        sign(
          {
            ...base,
            vnp_ResponseCode: code,
            vnp_Message: code === "00" ? "Refund success" : "Refund failed",
            vnp_TxnRef: b.vnp_TxnRef ?? "",
            vnp_Amount: b.vnp_Amount ?? "",
            vnp_BankCode: "NCB",
            vnp_PayDate: vnTime(),
            vnp_TransactionNo: txn?.transactionNo ?? "",
            vnp_TransactionType: b.vnp_TransactionType ?? "",
            vnp_TransactionStatus: code === "00" ? "05" : "",
            vnp_OrderInfo: b.vnp_OrderInfo ?? "",
          },
          REFUND_RESPONSE_FIELD_ORDER,
        ),
      );
    }
    res.status(400).json({ error: "unknown command" });
  });

  app.get("/__sim/transactions", (_req, res) => res.json([...state.txns.values()]));
  app.post("/__sim/faults", (req, res) => {
    state.faults = (req.body ?? {}) as VnpayFaults;
    res.json(state.faults);
  });
  /** Forgets transactions and faults, and cancels pending IPN retries. */
  app.post("/__sim/reset", (_req, res) => {
    for (const t of state.ipnTimers) clearTimeout(t);
    state.ipnTimers.clear();
    state.txns.clear();
    state.faults = {};
    res.json({ ok: true });
  });
  /** Replays the IPN of a transaction now (duplicate deliveries, replays). */
  app.post("/__sim/transactions/:txnRef/ipn", async (req, res) => {
    const txn = state.txns.get(req.params.txnRef);
    if (!txn) return res.status(404).json({ error: "not found" });
    await sendIpn(txn, maxAttempts);
    res.json(txn.ipnAttempts.at(-1));
  });
  return { app, state };
}

export async function startVnpaySimulator(
  opts: VnpaySimOptions,
  port = 0,
): Promise<RunningSim & { state: ReturnType<typeof createVnpaySimulator>["state"] }> {
  const { app, state } = createVnpaySimulator(opts);
  const running = await listen(app, port);
  return {
    ...running,
    state,
    close: async () => {
      for (const t of state.ipnTimers) clearTimeout(t);
      await running.close();
    },
  };
}
