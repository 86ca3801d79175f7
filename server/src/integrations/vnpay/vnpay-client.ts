import { randomBytes } from "node:crypto";
import { createHmac } from "node:crypto";
import { IntegrationHttp, UpstreamError } from "../http.js";
import { buildPaymentUrl, sameDigest, verifyParams } from "./vnpay-signature.js";

/** yyyyMMddHHmmss in Asia/Ho_Chi_Minh (GMT+7, no DST), as VNPay requires. */
export function vnpTimestamp(d: Date): string {
  return new Date(d.getTime() + 7 * 3600_000).toISOString().replace(/\D/g, "").slice(0, 14);
}

/** querydr/refund checksum: HMAC-SHA512 over fields joined by '|' in VNPay's fixed order. */
export function pipeChecksum(fields: (string | number | undefined)[], secret: string): string {
  return createHmac("sha512", secret)
    .update(fields.map((f) => (f === undefined ? "" : String(f))).join("|"), "utf8")
    .digest("hex");
}

const QUERY_RESPONSE_FIELDS = [
  "vnp_ResponseId",
  "vnp_Command",
  "vnp_ResponseCode",
  "vnp_Message",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_BankCode",
  "vnp_PayDate",
  "vnp_TransactionNo",
  "vnp_TransactionType",
  "vnp_TransactionStatus",
  "vnp_OrderInfo",
  "vnp_PromotionCode",
  "vnp_PromotionAmount",
] as const;
const REFUND_RESPONSE_FIELDS = QUERY_RESPONSE_FIELDS.slice(0, 13);

export interface VnpayOptions {
  payUrl: string;
  apiUrl: string;
  tmnCode: string;
  hashSecret: string;
  timeoutMs?: number;
}

export type VnpayResponse = Record<string, string>;

/**
 * VNPay 2.1.0 (integrations.md §3). Amounts are integer VND here and ×100 on the wire.
 * Unlike the `vnpay` npm package, an unsigned or wrongly signed API response is an error,
 * never "verified".
 */
export class VnpayClient {
  constructor(
    private readonly http: IntegrationHttp,
    readonly opts: VnpayOptions,
  ) {}

  paymentUrl(p: {
    txnRef: string;
    amountVnd: number;
    orderInfo: string;
    createDate: string;
    expireDate: string;
    returnUrl: string;
    ipAddr: string;
    locale: "vn" | "en";
  }): string {
    if (!Number.isInteger(p.amountVnd) || p.amountVnd <= 0)
      throw new Error("amount must be a positive integer VND");
    if (!/^[\x20-\x7E]+$/.test(p.orderInfo)) throw new Error("vnp_OrderInfo must be ASCII");
    return buildPaymentUrl(
      this.opts.payUrl,
      {
        vnp_Version: "2.1.0",
        vnp_Command: "pay",
        vnp_TmnCode: this.opts.tmnCode,
        vnp_Amount: String(p.amountVnd * 100),
        vnp_CurrCode: "VND",
        vnp_TxnRef: p.txnRef,
        vnp_OrderInfo: p.orderInfo,
        vnp_OrderType: "other",
        vnp_Locale: p.locale,
        vnp_ReturnUrl: p.returnUrl,
        vnp_IpAddr: p.ipAddr,
        vnp_CreateDate: p.createDate,
        vnp_ExpireDate: p.expireDate,
      },
      this.opts.hashSecret,
    );
  }

  verifyCallback(params: Record<string, string>): boolean {
    return verifyParams(params, this.opts.hashSecret);
  }

  private async post(operation: string, body: Record<string, string>, responseFields: readonly string[]) {
    const res = await this.http.call({
      operation,
      method: "POST",
      url: this.opts.apiUrl,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
    });
    if (res.status >= 500)
      throw new UpstreamError("vnpay", `${operation} HTTP ${res.status}`, res.status, true);
    const data = (res.json ?? {}) as VnpayResponse;
    const expected = pipeChecksum(
      responseFields.map((f) => data[f]),
      this.opts.hashSecret,
    );
    if (!data.vnp_SecureHash || !sameDigest(data.vnp_SecureHash, expected)) {
      throw new UpstreamError("vnpay", `${operation}: response checksum invalid`, res.status, false);
    }
    return data;
  }

  /** querydr: the transaction's result as VNPay knows it. */
  async queryTransaction(p: { txnRef: string; transactionDate: string; ipAddr: string; orderInfo: string }) {
    const requestId = randomBytes(16).toString("hex");
    const createDate = vnpTimestamp(new Date());
    const fields = [
      requestId,
      "2.1.0",
      "querydr",
      this.opts.tmnCode,
      p.txnRef,
      p.transactionDate,
      createDate,
      p.ipAddr,
      p.orderInfo,
    ];
    return this.post(
      "querydr",
      {
        vnp_RequestId: requestId,
        vnp_Version: "2.1.0",
        vnp_Command: "querydr",
        vnp_TmnCode: this.opts.tmnCode,
        vnp_TxnRef: p.txnRef,
        vnp_OrderInfo: p.orderInfo,
        vnp_TransactionDate: p.transactionDate,
        vnp_CreateDate: createDate,
        vnp_IpAddr: p.ipAddr,
        vnp_SecureHash: pipeChecksum(fields, this.opts.hashSecret),
      },
      QUERY_RESPONSE_FIELDS,
    );
  }

  /** Full (02) or partial (03) refund. */
  async refund(p: {
    requestId: string;
    txnRef: string;
    amountVnd: number;
    full: boolean;
    transactionNo: string;
    transactionDate: string;
    createBy: string;
    ipAddr: string;
    orderInfo: string;
  }) {
    const createDate = vnpTimestamp(new Date());
    const type = p.full ? "02" : "03";
    const amount = String(p.amountVnd * 100);
    const fields = [
      p.requestId,
      "2.1.0",
      "refund",
      this.opts.tmnCode,
      type,
      p.txnRef,
      amount,
      p.transactionNo,
      p.transactionDate,
      p.createBy,
      createDate,
      p.ipAddr,
      p.orderInfo,
    ];
    return this.post(
      "refund",
      {
        vnp_RequestId: p.requestId,
        vnp_Version: "2.1.0",
        vnp_Command: "refund",
        vnp_TmnCode: this.opts.tmnCode,
        vnp_TransactionType: type,
        vnp_TxnRef: p.txnRef,
        vnp_Amount: amount,
        vnp_OrderInfo: p.orderInfo,
        vnp_TransactionNo: p.transactionNo,
        vnp_TransactionDate: p.transactionDate,
        vnp_CreateBy: p.createBy,
        vnp_CreateDate: createDate,
        vnp_IpAddr: p.ipAddr,
        vnp_SecureHash: pipeChecksum(fields, this.opts.hashSecret),
      },
      REFUND_RESPONSE_FIELDS,
    );
  }
}

export const REFUND_RESPONSE_FIELD_ORDER = REFUND_RESPONSE_FIELDS;
export const QUERY_RESPONSE_FIELD_ORDER = QUERY_RESPONSE_FIELDS;
