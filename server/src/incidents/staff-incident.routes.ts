import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import type { Prisma } from "../platform/db.js";
import { AppError, conflict, notFound } from "../platform/errors.js";
import { asyncHandler, makeRouter, route, routeRegistry } from "../platform/http.js";
import type { StaffPrincipal } from "../platform/request-context.js";
import { requireStaff } from "../staff/require-staff.js";
import { CATEGORY_KEYS, categoryName, INCIDENT_CATEGORIES } from "./categories.js";
import { INCIDENT_STATUSES, isOpen, OPEN_STATUSES, STATUS_TEXT } from "./incident-status.js";
import { publicIdParams } from "./incident.schema.js";
import { transitionIncident } from "./transition-incident.js";
import { moderateIncident } from "./moderate-incident.js";

// Operators' side: the queue with a map, assignment, status changes with notes and response
// templates, moderation (a report or one photo), CSV export. IOC operators and admins see
// everything; a clerk sees the reports routed to their own agency.

/** Answers operators reuse; the text is what the reporter reads. */
export const RESPONSE_TEMPLATES = [
  {
    key: "received",
    status: "confirmed",
    text: "Cảm ơn bạn đã phản ánh. Chúng tôi đã tiếp nhận và chuyển tới đơn vị phụ trách.",
  },
  {
    key: "inspect",
    status: "investigating",
    text: "Cán bộ sẽ kiểm tra hiện trường trong thời gian sớm nhất.",
  },
  { key: "working", status: "in_progress", text: "Đơn vị phụ trách đang xử lý sự cố." },
  { key: "scheduled", status: "action_scheduled", text: "Việc khắc phục đã được lên lịch." },
  {
    key: "fixed",
    status: "fixed",
    text: "Sự cố đã được khắc phục. Cảm ơn bạn đã đồng hành cùng chính quyền.",
  },
  {
    key: "duplicate",
    status: "closed_duplicate",
    text: "Sự cố này đã được phản ánh trước đó và đang được xử lý.",
  },
  {
    key: "not_ours",
    status: "closed_not_responsible",
    text: "Nội dung không thuộc thẩm quyền; đã hướng dẫn chuyển tới cơ quan có thẩm quyền.",
  },
] as const;

/** Who moderates (hides and shows reports and photos) and assigns. */
export const MODERATOR_ROLES = ["ioc_operator", "admin"] as const;

const scope = (s: StaffPrincipal): Prisma.IncidentWhereInput =>
  s.role === "clerk" ? { agencyId: s.agencyId ?? "none" } : {};

const STAFF_INCLUDE = {
  unit: true,
  agency: true,
  assignee: true,
  media: { orderBy: { createdAt: "asc" } },
  events: { orderBy: { createdAt: "asc" } },
  reporter: true,
  _count: { select: { supporters: true } },
} as const;

const queueQuery = z.object({
  status: z.union([z.enum(INCIDENT_STATUSES), z.enum(["open", "closed"])]).optional(),
  category: z.enum(CATEGORY_KEYS).optional(),
  commune: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  overdue: z.enum(["true", "false"]).optional(),
  /** "Chờ kiểm duyệt": public reports with photos no moderator has looked at yet. */
  review: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(300),
});

/** The operators' queue filter, scoped to what this staff member may see (also the dashboard's counts). */
export function incidentQueueWhere(
  q: Partial<z.infer<typeof queueQuery>>,
  s: StaffPrincipal,
): Prisma.IncidentWhereInput {
  const where: Prisma.IncidentWhereInput = { ...scope(s) };
  if (q.category) where.category = q.category;
  if (q.commune) where.unitCode = q.commune;
  if (q.status === "open") where.status = { in: OPEN_STATUSES };
  else if (q.status === "closed") where.status = { notIn: [...OPEN_STATUSES, "hidden"] };
  else if (q.status) where.status = q.status;
  if (q.overdue === "true") {
    where.status = { in: OPEN_STATUSES };
    where.dueAt = { lt: new Date() };
  }
  if (q.review === "true") {
    // Whatever its state: a closed report's photos are as public as an open one's.
    where.status = { not: "hidden" };
    where.moderatedAt = null;
    where.media = { some: {} };
  }
  return where;
}

type StaffRow = Prisma.IncidentGetPayload<{ include: typeof STAFF_INCLUDE }>;

function toStaffView(i: StaffRow) {
  return {
    publicId: i.publicId,
    category: i.category,
    categoryName: categoryName(i.category),
    status: i.status,
    statusText: STATUS_TEXT[i.status].vi,
    open: isOpen(i.status),
    overdue: isOpen(i.status) && !!i.dueAt && i.dueAt < new Date(),
    priority: i.priority,
    source: i.source,
    // Operators read the masked text: the IOC screen is on a wall.
    description: i.descriptionPublic,
    lat: i.lat,
    lon: i.lon,
    address: i.address,
    commune: i.unit ? { code: i.unit.code, name: i.unit.fullName } : null,
    agency: i.agency ? { id: i.agency.id, name: i.agency.name } : null,
    assignee: i.assignee ? { id: i.assignee.id, fullName: i.assignee.fullName } : null,
    reporter: i.reporter && !i.anonymous ? (i.reporter.displayName ?? "Công dân") : "Ẩn danh",
    supporters: i._count.supporters,
    iocRef: i.iocRef,
    rating: i.ratingScore,
    moderatedAt: i.moderatedAt?.toISOString() ?? null,
    photos: i.media.map((m) => ({
      id: m.id,
      hidden: m.hidden,
      url: `/api/staff/incidents/${i.publicId}/photos/${m.id}`,
    })),
    events: i.events.map((e) => ({
      status: e.toStatus,
      statusText: STATUS_TEXT[e.toStatus].vi,
      actorType: e.actorType,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
    createdAt: i.createdAt.toISOString(),
    dueAt: i.dueAt?.toISOString() ?? null,
  };
}

/** A CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it. */
export const csvCell = (v: unknown) => {
  let s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
};

export function incidentStaffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const staff = requireStaff(ctx, ["ioc_operator", "admin", "clerk"]);
  // Operators assign and moderate; a clerk works the reports of their own agency.
  const operator = requireStaff(ctx, [...MODERATOR_ROLES]);

  const load = async (s: StaffPrincipal, publicId: string) => {
    const i = await ctx.db.incident.findFirst({ where: { publicId, ...scope(s) }, include: STAFF_INCLUDE });
    if (!i) throw notFound("incident");
    return i;
  };

  route(r, {
    method: "get",
    path: "/incident-options",
    summary: "Categories, statuses, response templates, agencies and operators for the console",
    tag: "Incidents (staff)",
    auth: "staff",
    middleware: [staff],
    handler: async () => {
      const [agencies, people] = await Promise.all([
        ctx.db.agency.findMany({ orderBy: { code: "asc" }, select: { id: true, code: true, name: true } }),
        ctx.db.staffUser.findMany({
          where: { active: true, role: { in: ["ioc_operator", "clerk"] } },
          select: { id: true, fullName: true, agencyId: true },
        }),
      ]);
      return {
        categories: INCIDENT_CATEGORIES.map((c) => ({ key: c.key, name: c.names.vi, icon: c.icon })),
        statuses: INCIDENT_STATUSES.map((s) => ({ key: s, text: STATUS_TEXT[s].vi })),
        templates: RESPONSE_TEMPLATES,
        agencies,
        people,
      };
    },
  });

  route(r, {
    method: "get",
    path: "/incidents",
    summary: "The incident queue (filters: status, category, commune, overdue)",
    tag: "Incidents (staff)",
    auth: "staff",
    middleware: [staff],
    query: queueQuery,
    handler: async ({ query, req }) => {
      const rows = await ctx.db.incident.findMany({
        where: incidentQueueWhere(query, req.staff!),
        include: STAFF_INCLUDE,
        orderBy: [{ priority: "desc" }, { createdAt: "desc" }],
        take: query.limit,
      });
      return { incidents: rows.map(toStaffView) };
    },
  });

  routeRegistry.push({
    method: "get",
    path: "/api/staff/incidents.csv",
    summary: "CSV export of the queue (same filters)",
    tag: "Incidents (staff)",
    auth: "staff",
    errors: [],
    status: 200,
  });
  r.get(
    "/incidents.csv",
    staff,
    asyncHandler(async (req, res) => {
      const q = queueQuery.parse(req.query);
      const rows = await ctx.db.incident.findMany({
        where: incidentQueueWhere(q, req.staff!),
        include: STAFF_INCLUDE,
        orderBy: { createdAt: "desc" },
        take: 10_000,
      });
      const head = [
        "ma",
        "thoi_gian",
        "loai",
        "trang_thai",
        "xa_phuong",
        "don_vi",
        "nguoi_xu_ly",
        "han_xu_ly",
        "qua_han",
        "so_nguoi_ung_ho",
        "vi_do",
        "kinh_do",
        "mo_ta",
      ];
      const lines = rows
        .map(toStaffView)
        .map((v) =>
          [
            v.publicId,
            v.createdAt,
            v.categoryName,
            v.statusText,
            v.commune?.name,
            v.agency?.name,
            v.assignee?.fullName,
            v.dueAt,
            v.overdue ? "có" : "không",
            v.supporters,
            v.lat,
            v.lon,
            v.description,
          ]
            .map(csvCell)
            .join(","),
        );
      res
        .type("text/csv; charset=utf-8")
        .setHeader("content-disposition", 'attachment; filename="phan-anh.csv"')
        // BOM: Excel opens UTF-8 Vietnamese correctly only with it.
        .send(`\uFEFF${[head.join(","), ...lines].join("\r\n")}\r\n`);
    }),
  );

  route(r, {
    method: "get",
    path: "/incidents/:publicId",
    summary: "One report with every photo (hidden ones marked) and its timeline",
    tag: "Incidents (staff)",
    auth: "staff",
    middleware: [staff],
    params: publicIdParams,
    errors: [404],
    handler: async ({ params, req }) => toStaffView(await load(req.staff!, params.publicId)),
  });

  route(r, {
    method: "post",
    path: "/incidents/:publicId/status",
    summary: "Change the status with a note (told to the reporter and supporters)",
    tag: "Incidents (staff)",
    auth: "staff",
    middleware: [staff],
    params: publicIdParams,
    body: z.object({
      status: z.enum(INCIDENT_STATUSES),
      note: z.string().trim().max(2000).optional(),
    }),
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      const i = await load(req.staff!, params.publicId);
      if (body.status === "hidden")
        throw new AppError("VALIDATION_FAILED", {
          fields: [{ field: "status", message: "Dùng chức năng kiểm duyệt để ẩn phản ánh." }],
        });
      if (i.status === "hidden")
        throw conflict(
          "hidden by moderation",
          "Phản ánh đang bị ẩn. Người kiểm duyệt cần hiển thị lại trước khi đổi trạng thái.",
        );
      await transitionIncident(ctx, {
        incidentId: i.id,
        to: body.status,
        actor: "staff",
        actorId: req.staff!.id,
        note: body.note ?? null,
      });
      return toStaffView(await load(req.staff!, params.publicId));
    },
  });

  route(r, {
    method: "post",
    path: "/incidents/:publicId/assign",
    summary: "Assign to an agency and/or a person",
    tag: "Incidents (staff)",
    auth: "staff",
    middleware: [operator],
    params: publicIdParams,
    body: z.object({
      agencyId: z.string().min(1).nullable().optional(),
      assigneeId: z.string().min(1).nullable().optional(),
    }),
    errors: [400, 404],
    handler: async ({ params, body, req }) => {
      const i = await load(req.staff!, params.publicId);
      if (body.agencyId && !(await ctx.db.agency.findUnique({ where: { id: body.agencyId } })))
        throw new AppError("VALIDATION_FAILED", {
          fields: [{ field: "agencyId", message: "Đơn vị không tồn tại." }],
        });
      if (
        body.assigneeId &&
        !(await ctx.db.staffUser.findFirst({ where: { id: body.assigneeId, active: true } }))
      )
        throw new AppError("VALIDATION_FAILED", {
          fields: [{ field: "assigneeId", message: "Cán bộ không tồn tại." }],
        });
      await ctx.db.incident.update({
        where: { id: i.id },
        data: {
          ...(body.agencyId !== undefined ? { agencyId: body.agencyId } : {}),
          ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
        },
      });
      return toStaffView(await load(req.staff!, params.publicId));
    },
  });

  route(r, {
    method: "post",
    path: "/incidents/:publicId/moderation",
    summary:
      "Hide a report from the public, show it again (in the state it had), or mark it reviewed (hidden as it is)",
    tag: "Incidents (staff)",
    auth: "staff",
    middleware: [operator],
    params: publicIdParams,
    body: z.object({ hidden: z.boolean(), reason: z.string().trim().max(500).optional() }),
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      const i = await load(req.staff!, params.publicId);
      await moderateIncident(ctx, {
        incidentId: i.id,
        hidden: body.hidden,
        reason: body.reason,
        staffId: req.staff!.id,
      });
      return toStaffView(await load(req.staff!, params.publicId));
    },
  });

  route(r, {
    method: "post",
    path: "/incidents/:publicId/photos/:photoId/moderation",
    summary: "Hide one photo from the public (or show it again)",
    tag: "Incidents (staff)",
    auth: "staff",
    middleware: [operator],
    params: publicIdParams.extend({ photoId: z.string().min(1).max(64) }),
    body: z.object({ hidden: z.boolean() }),
    errors: [404],
    handler: async ({ params, body, req }) => {
      const i = await load(req.staff!, params.publicId);
      const m = i.media.find((x) => x.id === params.photoId);
      if (!m) throw notFound("photo");
      await ctx.db.$transaction([
        ctx.db.incidentMedia.update({ where: { id: m.id }, data: { hidden: body.hidden } }),
        ctx.db.incident.update({ where: { id: i.id }, data: { moderatedAt: new Date() } }),
      ]);
      return toStaffView(await load(req.staff!, params.publicId));
    },
  });

  routeRegistry.push({
    method: "get",
    path: "/api/staff/incidents/{publicId}/photos/{photoId}",
    summary: "A photo, hidden ones included (moderation)",
    tag: "Incidents (staff)",
    auth: "staff",
    errors: [404],
    status: 200,
  });
  r.get(
    "/incidents/:publicId/photos/:photoId",
    staff,
    asyncHandler(async (req, res) => {
      const i = await load(req.staff!, String(req.params.publicId));
      const m = i.media.find((x) => x.id === String(req.params.photoId));
      if (!m) throw notFound("photo");
      res.type(m.mimeType).setHeader("cache-control", "private, no-store");
      res.send(await ctx.files.get(m.storageKey));
    }),
  );
  return r;
}
