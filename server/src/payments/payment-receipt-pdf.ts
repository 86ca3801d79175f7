import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { formatVnd, vndInWords } from "./vnd-in-words.js";

const require = createRequire(import.meta.url);
// pdfkit's built-in fonts have no Vietnamese glyphs; DejaVu Sans ships in an npm package.
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

/** "13:52 ngày 23/11/2026" in Asia/Ho_Chi_Minh. */
const vnDateTime = (d: Date) => {
  const [date, time] = new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16).split("T") as [
    string,
    string,
  ];
  return `${time} ngày ${date.split("-").reverse().join("/")}`;
};

/** VNPay's yyyyMMddHHmmss (GMT+7) as "13:52 ngày 23/11/2026". */
const vnpPayDateText = (s: string) =>
  /^\d{14}$/.test(s)
    ? `${s.slice(8, 10)}:${s.slice(10, 12)} ngày ${s.slice(6, 8)}/${s.slice(4, 6)}/${s.slice(0, 4)}`
    : s;

/** The electronic receipt (biên lai điện tử) of a paid payment, for its owner only. */
export async function paymentReceiptPdf(
  ctx: AppContext,
  input: { txnRef: string; citizenId: string },
): Promise<Buffer> {
  const p = await ctx.db.payment.findUnique({
    where: { txnRef: input.txnRef },
    include: { dossier: { include: { agency: true, procedure: true } }, citizen: true, refunds: true },
  });
  if (!p || p.citizenId !== input.citizenId || !p.paidAt || !p.receiptNo) throw notFound("receipt");
  const doc = new PDFDocument({ size: "A5", margin: 36, info: { Title: `Biên lai ${p.receiptNo}` } });
  doc.registerFont("body", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  doc.font("bold").fontSize(10).text(p.dossier.agency.name.toUpperCase(), { align: "center" });
  doc.moveDown(0.8).fontSize(14).text("BIÊN LAI THU PHÍ, LỆ PHÍ", { align: "center" });
  doc.font("body").fontSize(9).text("(Biên lai điện tử)", { align: "center" });
  doc.text(`Số: ${p.receiptNo}`, { align: "center" });
  doc.moveDown();
  const row = (label: string, value: string) => {
    doc.font("bold").fontSize(10).text(`${label}: `, { continued: true });
    doc.font("body").text(value);
  };
  row("Người nộp", p.dossier.applicantName);
  row("Thủ tục", p.dossier.procedure.name);
  row("Mã hồ sơ", p.dossier.code);
  row("Số tiền", formatVnd(p.amountVnd));
  row("Bằng chữ", vndInWords(p.amountVnd));
  row("Hình thức", `Thanh toán trực tuyến qua VNPay (${p.vnpBankCode ?? ""})`);
  row("Mã giao dịch VNPay", p.vnpTransactionNo ?? "");
  // VNPay's time of payment (vnp_PayDate, already GMT+7), not when we heard of it: after a
  // late IPN or reconciliation the two can be far apart.
  row("Thời gian thanh toán", p.vnpPayDate ? vnpPayDateText(p.vnpPayDate) : vnDateTime(p.paidAt));
  row("Mã tham chiếu", p.txnRef);
  const refunds = p.refunds.filter((r) => r.status === "succeeded");
  if (refunds.length) {
    doc.moveDown(0.5);
    for (const r of refunds)
      row(
        "Đã hoàn trả",
        `${formatVnd(r.amountVnd)} ngày ${vnDateTime(r.createdAt).split(" ngày ")[1]} — ${r.reason}`,
      );
  }
  doc
    .moveDown(1.5)
    .font("body")
    .fontSize(8)
    .fillColor("#555")
    .text(
      "Biên lai được lập tự động bởi Cổng hành chính công Lào Cai. Khoản thu được chuyển vào tài khoản của cơ quan thu.",
    );
  doc.end();
  return done;
}
