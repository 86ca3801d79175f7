import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { AppError, notFound } from "../platform/errors.js";
import { asyncHandler, makeRouter, route, routeRegistry } from "../platform/http.js";
import { requireCitizen } from "../citizens/citizen-auth.js";
import { createPayment } from "./create-payment.js";
import { PAYABLE_STATUSES, isPaid } from "./payment-status.js";
import { EXEMPT_GROUPS, EXEMPT_GROUP_KEYS, feeLinesFor, totalOf } from "./fee-lines.js";
import { handleVnpayIpn } from "./handle-vnpay-ipn.js";
import { paymentReceiptPdf } from "./payment-receipt-pdf.js";
import { returnPage } from "./return-page.js";
import { requestBaseUrl } from "../notifications/public-links.js";

export const paymentView = z.object({
  txnRef: z.string(),
  dossierCode: z.string(),
  amountVnd: z.number().int(),
  status: z.enum(["pending", "paid", "failed", "expired", "refunded", "partially_refunded"]),
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  receiptNo: z.string().nullable(),
  vnpTransactionNo: z.string().nullable(),
  refundedVnd: z.number().int(),
});

/** Citizen side, under /api/v1. */
export function paymentCitizenRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  const auth = requireCitizen(ctx);
  const base = (req: { protocol: string; get(h: string): string | undefined }) =>
    requestBaseUrl(ctx.config, req);

  route(r, {
    method: "post",
    path: "/dossiers/:code/payments",
    summary: "Start paying what is owed on my dossier (VNPay)",
    tag: "Payments",
    auth: "citizen",
    middleware: [auth],
    params: z.object({ code: z.string().max(40) }),
    body: z.object({ locale: z.enum(["vn", "en"]).default("vn") }),
    response: z.object({ payUrl: z.string(), payment: paymentView }),
    errors: [404, 409],
    status: 201,
    handler: async ({ params, body, req }) => {
      const { payment, payUrl } = await createPayment(ctx, {
        citizenId: req.citizen!.id,
        dossierCode: params.code,
        ipAddr: (req.ip ?? "127.0.0.1").replace(/^::ffff:/, ""),
        locale: body.locale,
        returnUrl: `${base(req)}/payments/vnpay/return`,
      });
      return { payUrl, payment: toView(payment, params.code) };
    },
  });

  route(r, {
    method: "get",
    path: "/payments/:txnRef",
    summary: "A payment of mine, as our records hold it",
    tag: "Payments",
    auth: "citizen",
    middleware: [auth],
    params: z.object({ txnRef: z.string().max(64) }),
    response: paymentView,
    errors: [404],
    handler: async ({ params, req }) => {
      const p = await ctx.db.payment.findUnique({
        where: { txnRef: params.txnRef },
        include: { dossier: true },
      });
      if (!p || p.citizenId !== req.citizen!.id) throw notFound("payment");
      return toView(p, p.dossier.code);
    },
  });

  route(r, {
    method: "get",
    path: "/procedures/:code/fee-quote",
    summary: "The fees a dossier of this procedure will carry (before submission)",
    tag: "Payments",
    params: z.object({ code: z.string().regex(/^\d\.\d{6}$/) }),
    query: z.object({
      copies: z.coerce.number().int().min(1).max(100).default(1),
      exemptGroup: z.enum(EXEMPT_GROUP_KEYS).optional(),
    }),
    response: z.object({
      lines: z.array(
        z.object({
          label: z.string(),
          amountVnd: z.number().int(),
          quantity: z.number().int(),
          exempt: z.boolean(),
        }),
      ),
      totalVnd: z.number().int(),
      exemptGroups: z.record(z.string(), z.string()),
    }),
    errors: [404],
    handler: async ({ params, query }) => {
      const p = await ctx.db.procedure.findUnique({ where: { nationalCode: params.code } });
      if (!p || !p.active) throw notFound("procedure");
      const lines = feeLinesFor(p.feeSchedule, {
        copies: query.copies,
        exemptGroup: query.exemptGroup ?? null,
      });
      return { lines, totalVnd: totalOf(lines), exemptGroups: EXEMPT_GROUPS };
    },
  });

  route(r, {
    method: "get",
    path: "/payments",
    summary: "What I owe on my dossiers, and my payments",
    tag: "Payments",
    auth: "citizen",
    middleware: [auth],
    response: z.object({
      due: z.array(
        z.object({
          dossierCode: z.string(),
          procedureName: z.string(),
          amountVnd: z.number().int(),
          lines: z.array(
            z.object({ label: z.string(), amountVnd: z.number().int(), quantity: z.number().int() }),
          ),
        }),
      ),
      payments: z.array(paymentView.extend({ procedureName: z.string() })),
    }),
    handler: async ({ req }) => {
      const dossiers = await ctx.db.dossier.findMany({
        where: { citizenId: req.citizen!.id },
        include: { procedure: true, feeLines: { where: { exempt: false } }, payments: true },
        orderBy: { createdAt: "desc" },
        take: 100,
      });
      const due = dossiers
        .filter((d) => PAYABLE_STATUSES.has(d.status))
        .map((d) => {
          const total = d.feeLines.reduce((s, l) => s + l.amountVnd * l.quantity, 0);
          const paid = d.payments.filter((p) => isPaid(p.status)).reduce((s, p) => s + p.amountVnd, 0);
          return {
            dossierCode: d.code,
            procedureName: d.procedure.name,
            amountVnd: Math.max(0, total - paid),
            lines: d.feeLines.map((l) => ({ label: l.label, amountVnd: l.amountVnd, quantity: l.quantity })),
          };
        })
        .filter((d) => d.amountVnd > 0);
      const payments = dossiers
        .flatMap((d) => d.payments.map((p) => ({ ...toView(p, d.code), procedureName: d.procedure.name })))
        .filter((p) => p.status !== "pending" || new Date(p.expiresAt) > new Date())
        .sort((a, b) => (b.paidAt ?? b.expiresAt).localeCompare(a.paidAt ?? a.expiresAt));
      return { due, payments };
    },
  });

  routeRegistry.push({
    method: "get",
    path: "/api/v1/payments/{txnRef}/receipt.pdf",
    summary: "The electronic receipt (PDF) of a paid payment of mine",
    tag: "Payments",
    auth: "citizen",
    errors: [404],
    status: 200,
  });
  r.get(
    "/payments/:txnRef/receipt.pdf",
    auth,
    asyncHandler(async (req, res) => {
      const pdf = await paymentReceiptPdf(ctx, {
        txnRef: String(req.params.txnRef),
        citizenId: req.citizen!.id,
      });
      res
        .type("application/pdf")
        .setHeader("content-disposition", `inline; filename="bien-lai-${req.params.txnRef}.pdf"`);
      res.send(pdf);
    }),
  );
  return r;
}

/** VNPay's side: the IPN (server to server) and the browser return, under /payments/vnpay. */
export function vnpayRouter(ctx: AppContext): Router {
  const r = makeRouter("/payments");
  routeRegistry.push(
    {
      method: "get",
      path: "/payments/vnpay/ipn",
      summary: "VNPay IPN (signed query string)",
      tag: "Payments",
      auth: "none",
      errors: [],
      status: 200,
    },
    {
      method: "get",
      path: "/payments/vnpay/return",
      summary: "VNPay browser return (shows our state; changes nothing)",
      tag: "Payments",
      auth: "none",
      errors: [],
      status: 200,
    },
  );
  r.get(
    "/vnpay/ipn",
    asyncHandler(async (req, res) => {
      const raw = req.originalUrl.split("?")[1] ?? "";
      res.json(await handleVnpayIpn(ctx, raw));
    }),
  );
  r.get(
    "/vnpay/return",
    asyncHandler(async (req, res) => {
      res.type("html").send(await returnPage(ctx, req.originalUrl.split("?")[1] ?? ""));
    }),
  );
  return r;
}

function toView(
  p: {
    txnRef: string;
    amountVnd: number;
    status: z.infer<typeof paymentView>["status"];
    expiresAt: Date;
    paidAt: Date | null;
    receiptNo: string | null;
    vnpTransactionNo: string | null;
    refundedVnd: number;
  },
  dossierCode: string,
) {
  return {
    txnRef: p.txnRef,
    dossierCode,
    amountVnd: p.amountVnd,
    status: p.status,
    expiresAt: p.expiresAt.toISOString(),
    paidAt: p.paidAt?.toISOString() ?? null,
    receiptNo: p.receiptNo,
    vnpTransactionNo: p.vnpTransactionNo,
    refundedVnd: p.refundedVnd,
  };
}

export { AppError };
