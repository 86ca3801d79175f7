import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { asyncHandler, makeRouter, parseOrThrow, route, routeRegistry } from "../platform/http.js";
import { requireStaff } from "../staff/require-staff.js";
import { reconciliationReport, toCsv } from "./reconciliation-report.js";
import { refundPayment, resolveUnknownRefund } from "./refund-payment.js";
import { addFinancialObligation } from "./add-financial-obligation.js";

const dayQuery = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng YYYY-MM-DD.") });

export function paymentStaffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const staff = requireStaff(ctx, ["admin", "clerk"]);

  route(r, {
    method: "post",
    path: "/payments/:txnRef/refund",
    summary: "Refund a payment in full or in part (VNPay refund API)",
    tag: "Payments",
    auth: "staff",
    middleware: [staff],
    params: z.object({ txnRef: z.string().max(64) }),
    body: z.object({
      amountVnd: z.number().int().positive(),
      reason: z.string().trim().min(5, "Vui lòng ghi rõ lý do hoàn tiền.").max(500),
    }),
    // "unknown": VNPay gave no answer we can trust; the amount stays reserved and
    // reconciliation (or an admin) settles it. Never retried blindly.
    response: z.object({ status: z.enum(["succeeded", "unknown"]), refundedVnd: z.number().int() }),
    errors: [404, 409],
    handler: ({ params, body, req }) =>
      refundPayment(ctx, {
        txnRef: params.txnRef,
        ...body,
        staff: req.staff!,
        ...(req.ip ? { ip: req.ip } : {}),
      }),
  });

  route(r, {
    method: "post",
    path: "/refunds/:id/resolve",
    summary: "Settle a refund VNPay never answered, after checking VNPay's merchant portal (admin)",
    tag: "Payments",
    auth: "staff",
    middleware: [requireStaff(ctx, ["admin"])],
    params: z.object({ id: z.string().max(64) }),
    body: z.object({
      outcome: z.enum(["succeeded", "failed"]),
      note: z.string().trim().min(5, "Vui lòng ghi rõ đã kiểm tra ở đâu, kết quả thế nào.").max(500),
    }),
    response: z.object({ status: z.enum(["succeeded", "failed"]) }),
    errors: [404, 409],
    handler: ({ params, body, req }) =>
      resolveUnknownRefund(ctx, { refundId: params.id, ...body, staff: req.staff! }),
  });

  route(r, {
    method: "post",
    path: "/dossiers/:code/obligations",
    summary: "Ask the citizen to pay a fee found during handling (one-stop status 6)",
    tag: "Payments",
    auth: "staff",
    middleware: [staff],
    params: z.object({ code: z.string().max(40) }),
    body: z.object({
      lines: z
        .array(
          z.object({
            label: z.string().trim().min(2).max(200),
            amountVnd: z.number().int().positive().max(1_000_000_000),
            quantity: z.number().int().min(1).max(1000).default(1),
          }),
        )
        .min(1)
        .max(20),
      note: z.string().trim().min(3, "Vui lòng ghi rõ khoản phải nộp.").max(500),
    }),
    response: z.object({
      dossierCode: z.string(),
      status: z.literal("financial_obligation"),
      addedVnd: z.number().int(),
    }),
    errors: [404, 409],
    handler: ({ params, body, req }) =>
      addFinancialObligation(ctx, { dossierCode: params.code, staff: req.staff!, ...body }),
  });

  route(r, {
    method: "get",
    path: "/payments/reconciliation",
    summary: "A day's reconciliation: paid, failed, pending, mismatches",
    tag: "Payments",
    auth: "staff",
    middleware: [staff],
    query: dayQuery,
    handler: ({ query, req }) =>
      reconciliationReport(
        ctx,
        query.day,
        req.staff!.role === "admin" ? undefined : (req.staff!.agencyId ?? "none"),
      ),
  });

  routeRegistry.push({
    method: "get",
    path: "/api/staff/payments/reconciliation.csv",
    summary: "The same report as CSV",
    tag: "Payments",
    auth: "staff",
    errors: [400],
    status: 200,
  });
  r.get(
    "/payments/reconciliation.csv",
    staff,
    asyncHandler(async (req, res) => {
      const q = parseOrThrow(dayQuery, req.query);
      const report = await reconciliationReport(
        ctx,
        q.day,
        req.staff!.role === "admin" ? undefined : (req.staff!.agencyId ?? "none"),
      );
      res
        .type("text/csv; charset=utf-8")
        .setHeader("content-disposition", `attachment; filename="doi-soat-${q.day}.csv"`);
      res.send(`\ufeff${toCsv(report.rows)}`);
    }),
  );
  return r;
}
