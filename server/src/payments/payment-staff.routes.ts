import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { asyncHandler, makeRouter, parseOrThrow, route, routeRegistry } from "../platform/http.js";
import { requireStaff } from "../staff/require-staff.js";
import { reconciliationReport, toCsv } from "./reconciliation-report.js";
import { refundPayment } from "./refund-payment.js";

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
    response: z.object({ refundedVnd: z.number().int() }),
    errors: [404, 409, 502],
    handler: ({ params, body, req }) =>
      refundPayment(ctx, {
        txnRef: params.txnRef,
        ...body,
        staff: req.staff!,
        ...(req.ip ? { ip: req.ip } : {}),
      }),
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
