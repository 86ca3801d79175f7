import type { AppContext } from "../platform/context.js";
import { formatVnd } from "./vnd-in-words.js";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page VNPay sends the citizen's browser back to. It never changes state (only the
 * signed IPN does): it shows what OUR records say, and while the IPN has not landed it
 * waits and re-reads. A tampered query string is said to be so.
 */
export async function returnPage(ctx: AppContext, rawQuery: string): Promise<string> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) params[k] = v;
  const signed = ctx.integrations.vnpay.verifyCallback(params);
  const txnRef = (params.vnp_TxnRef ?? "").slice(0, 64);
  const p =
    signed && txnRef
      ? await ctx.db.payment.findUnique({ where: { txnRef }, include: { dossier: true } })
      : null;
  let title: string;
  let body: string;
  let refresh = false;
  if (!signed || !p) {
    // Tampered or unknown: logged (without the query, which names the payer's order).
    ctx.logger.warn({ txnRef: txnRef || null, signed }, "VNPay return page: unverifiable parameters");
    title = "Không xác minh được kết quả thanh toán";
    body =
      "Thông tin trả về không hợp lệ. Nếu bạn đã thanh toán, kết quả sẽ được cập nhật trong mục Thanh toán của ứng dụng.";
  } else if (p.status === "paid" || p.status === "partially_refunded" || p.status === "refunded") {
    title = "Thanh toán thành công";
    body = `Đã nhận ${esc(formatVnd(p.amountVnd))} cho hồ sơ <strong>${esc(p.dossier.code)}</strong>. Biên lai số ${esc(p.receiptNo ?? "")}.`;
    if (p.refundedVnd > 0)
      body += ` Đã hoàn trả ${esc(formatVnd(p.refundedVnd))}${p.status === "refunded" ? " (toàn bộ)" : ""}.`;
  } else if (p.status === "pending") {
    title = "Đang chờ xác nhận từ VNPay…";
    body = "Giao dịch đang được xác nhận. Trang sẽ tự cập nhật, bạn không cần thanh toán lại.";
    refresh = true;
  } else {
    title = "Thanh toán không thành công";
    body = `Hồ sơ <strong>${esc(p.dossier.code)}</strong> chưa được thanh toán. Bạn có thể thử lại trong ứng dụng.`;
  }
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${refresh ? '<meta http-equiv="refresh" content="3">' : ""}<title>${esc(title)}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:480px;margin:auto;padding:20px;color:#14181f}h1{font-size:22px}
a.btn{display:inline-block;background:#0b4f9c;color:#fff;padding:12px 18px;border-radius:8px;text-decoration:none}</style></head>
<body><h1 data-testid="payment-result">${esc(title)}</h1><p>${body}</p>
<p><a class="btn" href="/miniapp/">Quay lại ứng dụng</a></p></body></html>`;
}
