import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import type { DossierStatus, Prisma } from "../platform/db.js";
import { AppError, notFound } from "../platform/errors.js";
import { asyncHandler, makeRouter, route, routeRegistry } from "../platform/http.js";
import type { StaffPrincipal } from "../platform/request-context.js";
import { requireStaff } from "../staff/require-staff.js";
import { addDays, vnDate } from "../calendar/working-days.js";
import { CLOCK_RUNNING, STATUS_TEXT } from "./dossier-status.js";
import { DOSSIER_INCLUDE, isOverdue, toStaffDossierView } from "./dossier.mapper.js";
import { actionBody, codeParams, staffListQuery } from "./dossier.schema.js";
import { transitionDossier } from "./transition-dossier.js";
import { fileView, singleFile, storeUpload } from "./upload-file.js";

const FULL = DOSSIER_INCLUDE;
/** A clerk sees their own agency only; an admin sees all. */
const scope = (s: StaffPrincipal) => (s.role === "admin" ? {} : { agencyId: s.agencyId ?? "none" });
// Overdue and "due" count only dossiers whose clock runs (not those awaiting the citizen).
const RUNNING = [...CLOCK_RUNNING];

/**
 * The clerk's queue filter, scoped to their agency (also the dashboard's counts). Every
 * filter given narrows the list (AND): status, procedure, overdue, due and the search.
 */
export function dossierQueueWhere(
  query: Partial<z.infer<typeof staffListQuery>>,
  s: StaffPrincipal,
): Prisma.DossierWhereInput {
  const now = new Date();
  const endOfToday = new Date(`${vnDate(now)}T23:59:59+07:00`);
  const endOfWeek = new Date(`${addDays(vnDate(now), 7)}T23:59:59+07:00`);
  const and: Prisma.DossierWhereInput[] = [];
  if (query.status) and.push({ status: query.status });
  if (query.procedure) and.push({ procedure: { nationalCode: query.procedure } });
  if (query.overdue === "true") and.push({ status: { in: RUNNING }, appointmentAt: { lt: now } });
  if (query.due === "today")
    and.push({ status: { in: RUNNING }, appointmentAt: { gte: now, lte: endOfToday } });
  if (query.due === "week")
    and.push({ status: { in: RUNNING }, appointmentAt: { gte: now, lte: endOfWeek } });
  if (query.q)
    and.push({
      OR: [
        { code: { contains: query.q, mode: "insensitive" } },
        { applicantName: { contains: query.q, mode: "insensitive" } },
      ],
    });
  return { ...scope(s), AND: and };
}

const ACTIONS: Record<string, { to: DossierStatus; needs?: "reason" | "note" | "result"; message?: string }> =
  {
    receive: { to: "received" },
    refuse: { to: "not_received", needs: "reason", message: "Vui lòng ghi lý do không tiếp nhận." },
    "request-supplement": {
      to: "supplement_requested",
      needs: "note",
      message: "Vui lòng ghi rõ giấy tờ cần bổ sung.",
    },
    "start-processing": { to: "processing" },
    "mark-processed": { to: "processed", needs: "result", message: "Vui lòng tải lên văn bản kết quả." },
    "return-result": { to: "result_returned" },
  };

export function dossierStaffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const staff = requireStaff(ctx, ["clerk", "admin"]);

  const load = async (s: StaffPrincipal, code: string) => {
    const d = await ctx.db.dossier.findFirst({ where: { code, ...scope(s) }, include: FULL });
    if (!d) throw notFound("dossier"); // another agency's dossier does not exist for this clerk
    return d;
  };

  route(r, {
    method: "get",
    path: "/dossiers",
    summary: "The queue of my agency, with SLA indicators",
    tag: "Dossiers",
    auth: "staff",
    middleware: [staff],
    query: staffListQuery,
    handler: async ({ query, req }) => {
      const where = dossierQueueWhere(query, req.staff!);
      const now = new Date();
      const endOfToday = new Date(`${vnDate(now)}T23:59:59+07:00`);
      const [rows, total] = await Promise.all([
        ctx.db.dossier.findMany({
          where,
          include: { procedure: true },
          orderBy: [{ appointmentAt: "asc" }],
          take: query.limit,
          skip: query.offset,
        }),
        ctx.db.dossier.count({ where }),
      ]);
      return {
        total,
        dossiers: rows.map((d) => ({
          code: d.code,
          procedureName: d.procedure.name,
          applicantName: d.applicantName,
          status: d.status,
          statusText: STATUS_TEXT[d.status].vi,
          receivedAt: d.receivedAt.toISOString(),
          dueAt: d.appointmentAt?.toISOString() ?? null,
          overdue: isOverdue(d, now),
          dueToday: Boolean(
            d.appointmentAt &&
            d.appointmentAt <= endOfToday &&
            !isOverdue(d, now) &&
            CLOCK_RUNNING.includes(d.status),
          ),
        })),
      };
    },
  });

  route(r, {
    method: "get",
    path: "/dossier-procedures",
    summary: "The procedures of my agency's dossiers (for the queue's filter)",
    tag: "Dossiers",
    auth: "staff",
    middleware: [staff],
    handler: async ({ req }) => {
      const groups = await ctx.db.dossier.groupBy({
        by: ["procedureId"],
        where: scope(req.staff!),
        _count: { _all: true },
      });
      const procedures = await ctx.db.procedure.findMany({
        where: { id: { in: groups.map((g) => g.procedureId) } },
        orderBy: { name: "asc" },
      });
      return {
        procedures: procedures.map((p) => ({
          code: p.nationalCode,
          name: p.name,
          count: groups.find((g) => g.procedureId === p.id)?._count._all ?? 0,
        })),
      };
    },
  });

  route(r, {
    method: "get",
    path: "/dossiers/:code",
    summary: "One dossier of my agency",
    tag: "Dossiers",
    auth: "staff",
    middleware: [staff],
    params: codeParams,
    errors: [404],
    handler: async ({ params, req }) => toStaffDossierView(await load(req.staff!, params.code)),
  });

  routeRegistry.push({
    method: "get",
    path: "/api/staff/dossiers/{code}/files/{fileId}",
    summary: "A document of the dossier, shown inline",
    tag: "Dossiers",
    auth: "staff",
    errors: [404],
    status: 200,
  });
  r.get(
    "/dossiers/:code/files/:fileId",
    staff,
    asyncHandler(async (req, res) => {
      const d = await load(req.staff!, String(req.params.code));
      const f = d.files.find((x) => x.id === req.params.fileId);
      if (!f) throw notFound("file");
      res
        .type(f.mimeType)
        .setHeader("content-disposition", `inline; filename="${encodeURIComponent(f.fileName)}"`);
      res.setHeader("cache-control", "private, no-store");
      res.send(await ctx.files.get(f.storageKey));
    }),
  );

  routeRegistry.push({
    method: "post",
    path: "/api/staff/dossiers/{code}/result-file",
    summary: "Upload the result document (multipart `file`)",
    tag: "Dossiers",
    auth: "staff",
    errors: [404, 413, 415],
    status: 201,
  });
  r.post(
    "/dossiers/:code/result-file",
    staff,
    singleFile,
    asyncHandler(async (req, res) => {
      const d = await load(req.staff!, String(req.params.code));
      const f = await storeUpload(ctx, {
        dossierId: d.id,
        kind: "result",
        ...(req.file ? { file: req.file } : {}),
      });
      res.status(201).json(fileView(f));
    }),
  );

  route(r, {
    method: "post",
    path: "/dossiers/:code/:action",
    summary: "Receive, refuse, request a supplement, start processing, mark processed or return the result",
    tag: "Dossiers",
    auth: "staff",
    middleware: [staff],
    params: codeParams.extend({ action: z.enum(Object.keys(ACTIONS) as [string, ...string[]]) }),
    body: actionBody,
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      const a = ACTIONS[params.action]!;
      const d = await load(req.staff!, params.code);
      const text =
        a.needs === "reason" ? body.reason : a.needs === "note" ? (body.note ?? body.reason) : undefined;
      if ((a.needs === "reason" || a.needs === "note") && !text) {
        throw new AppError("VALIDATION_FAILED", { fields: [{ field: a.needs, message: a.message! }] });
      }
      if (
        a.needs === "result" &&
        !d.files.some((f) => f.kind === "result" && (!body.resultFileId || f.id === body.resultFileId))
      ) {
        throw new AppError("VALIDATION_FAILED", { fields: [{ field: "resultFileId", message: a.message! }] });
      }
      const resultFile = d.files.find(
        (f) => f.kind === "result" && (!body.resultFileId || f.id === body.resultFileId),
      );
      await transitionDossier(ctx, {
        code: d.code,
        to: a.to,
        actor: "staff",
        actorId: req.staff!.id,
        reason: text ?? body.note ?? null,
        ...(req.staff!.role === "admin" ? {} : { agencyId: req.staff!.agencyId }),
        extra: {
          ...(a.to === "supplement_requested" ? { supplementNote: text ?? null } : {}),
          ...(a.to === "not_received" ? { refusalReason: text ?? null } : {}),
          ...(a.to === "processed" ? { resultFileId: resultFile?.id ?? null } : {}),
        },
      });
      return toStaffDossierView(await load(req.staff!, d.code));
    },
  });

  route(r, {
    method: "get",
    path: "/ratings/summary",
    summary: "Satisfaction ratings per agency and procedure",
    tag: "Dossiers",
    auth: "staff",
    middleware: [staff],
    handler: async ({ req }) => {
      const rows = await ctx.db.dossier.groupBy({
        by: ["agencyId", "procedureId"],
        where: { ratingScore: { not: null }, ...scope(req.staff!) },
        _avg: { ratingScore: true },
        _count: { ratingScore: true },
      });
      const [agencies, procedures] = await Promise.all([
        ctx.db.agency.findMany({ where: { id: { in: rows.map((r) => r.agencyId) } } }),
        ctx.db.procedure.findMany({ where: { id: { in: rows.map((r) => r.procedureId) } } }),
      ]);
      return {
        ratings: rows.map((r) => ({
          agency: agencies.find((a) => a.id === r.agencyId)?.name ?? "",
          procedure: procedures.find((p) => p.id === r.procedureId)?.name ?? "",
          average: Number((r._avg.ratingScore ?? 0).toFixed(2)),
          count: r._count.ratingScore,
        })),
      };
    },
  });
  return r;
}
