import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { makeRouter, route } from "../platform/http.js";
import { requireStaff } from "../staff/require-staff.js";
import { recordAudit } from "../staff/record-audit.js";
import { statutoryHolidays } from "../calendar/working-days.js";
import { invalidateCalendar } from "./calendar-store.js";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng YYYY-MM-DD.")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "Ngày không tồn tại.");

const dateParams = z.object({ date: isoDate });
const adjustmentBody = z.object({
  kind: z.enum(["day_off", "working_day"], { message: "Loại ngày phải là ngày nghỉ hoặc ngày làm việc." }),
  reason: z.string().trim().min(1, "Vui lòng ghi lý do.").max(200, "Lý do tối đa 200 ký tự."),
  source: z.string().trim().max(200, "Căn cứ tối đa 200 ký tự.").nullish(),
  provisional: z.boolean().default(false),
});
const listQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const yearParams = z.object({
  year: z.coerce.number().int().min(2000, "Năm không hợp lệ.").max(2100, "Năm không hợp lệ."),
});
const yearBody = z.object({
  official: z.boolean({ message: "Chọn lịch chính thức hoặc chưa chính thức." }),
  source: z.string().trim().max(300, "Căn cứ tối đa 300 ký tự.").nullish(),
});

const view = (a: {
  date: Date;
  kind: string;
  reason: string;
  source: string | null;
  provisional: boolean;
  updatedAt: Date;
}) => ({
  date: a.date.toISOString().slice(0, 10),
  kind: a.kind,
  reason: a.reason,
  source: a.source,
  provisional: a.provisional,
  updatedAt: a.updatedAt.toISOString(),
});

/**
 * The official working-day adjustments (holidays, swapped and make-up days) are data an admin
 * keeps up to date from the government's notices; appointment dates use them from the next filing.
 */
export function calendarAdminRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const anyStaff = requireStaff(ctx, ["clerk", "admin"]);
  const admin = requireStaff(ctx, ["admin"]);

  route(r, {
    method: "get",
    path: "/calendar",
    summary: "Official working-day adjustments (of one year, or all)",
    tag: "Calendar",
    auth: "staff",
    middleware: [anyStaff],
    query: listQuery,
    handler: async ({ query }) => {
      const where = query.year
        ? {
            date: {
              gte: new Date(Date.UTC(query.year, 0, 1)),
              lt: new Date(Date.UTC(query.year + 1, 0, 1)),
            },
          }
        : {};
      const [rows, years] = await Promise.all([
        ctx.db.calendarAdjustment.findMany({ where, orderBy: { date: "asc" } }),
        ctx.db.calendarYear.findMany({ orderBy: { year: "asc" } }),
      ]);
      return {
        adjustments: rows.map(view),
        years: years.map((y) => ({ year: y.year, official: y.official, source: y.source })),
        // For one year: the statutory days off computed from the law (lunar ones included).
        // They count only while the year has no official schedule; then they are provisional.
        ...(query.year
          ? {
              statutory: statutoryHolidays(query.year).map((h) => ({
                ...h,
                inUse: !years.some((y) => y.year === query.year && y.official),
              })),
            }
          : {}),
      };
    },
  });

  route(r, {
    method: "put",
    path: "/calendar/:date",
    summary: "Set a day off or a worked weekend day (admin; audited)",
    tag: "Calendar",
    auth: "staff",
    middleware: [admin],
    params: dateParams,
    body: adjustmentBody,
    handler: async ({ params, body, req }) => {
      const date = new Date(`${params.date}T00:00:00Z`);
      const data = {
        kind: body.kind,
        reason: body.reason,
        source: body.source ?? null,
        provisional: body.provisional,
      };
      const row = await ctx.db.$transaction(async (tx) => {
        const before = await tx.calendarAdjustment.findUnique({ where: { date } });
        const saved = await tx.calendarAdjustment.upsert({
          where: { date },
          create: { date, ...data },
          update: data,
        });
        await recordAudit(
          { db: tx },
          {
            staffId: req.staff!.id,
            action: "calendar.set",
            target: params.date,
            detail: { ...data, before: before ? view(before) : null },
            ...(req.ip ? { ip: req.ip } : {}),
          },
        );
        return saved;
      });
      invalidateCalendar();
      return view(row);
    },
  });

  route(r, {
    method: "put",
    path: "/calendar/years/:year",
    summary: "Mark a year's schedule official (its rows are then the whole truth) or not (admin; audited)",
    tag: "Calendar",
    auth: "staff",
    middleware: [admin],
    params: yearParams,
    body: yearBody,
    handler: async ({ params, body, req }) => {
      const data = { official: body.official, source: body.source ?? null };
      const row = await ctx.db.$transaction(async (tx) => {
        const before = await tx.calendarYear.findUnique({ where: { year: params.year } });
        const saved = await tx.calendarYear.upsert({
          where: { year: params.year },
          create: { year: params.year, ...data },
          update: data,
        });
        await recordAudit(
          { db: tx },
          {
            staffId: req.staff!.id,
            action: "calendar.year",
            target: String(params.year),
            detail: { ...data, before: before ? { official: before.official, source: before.source } : null },
            ...(req.ip ? { ip: req.ip } : {}),
          },
        );
        return saved;
      });
      invalidateCalendar();
      return { year: row.year, official: row.official, source: row.source };
    },
  });

  route(r, {
    method: "delete",
    path: "/calendar/:date",
    summary: "Remove an adjustment (admin; audited)",
    tag: "Calendar",
    auth: "staff",
    middleware: [admin],
    params: dateParams,
    errors: [404],
    handler: async ({ params, req }) => {
      const date = new Date(`${params.date}T00:00:00Z`);
      await ctx.db.$transaction(async (tx) => {
        const before = await tx.calendarAdjustment.findUnique({ where: { date } });
        if (!before) throw notFound("calendar adjustment");
        await tx.calendarAdjustment.delete({ where: { date } });
        await recordAudit(
          { db: tx },
          {
            staffId: req.staff!.id,
            action: "calendar.delete",
            target: params.date,
            detail: { before: view(before) },
            ...(req.ip ? { ip: req.ip } : {}),
          },
        );
      });
      invalidateCalendar();
    },
  });
  return r;
}
