import type { RequestHandler, Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { asyncHandler, makeRouter, route, routeRegistry } from "../platform/http.js";
import type { Prisma } from "../platform/db.js";
import { requireCitizen } from "../citizens/citizen-auth.js";
import { locationFromToken } from "../citizens/exchange-zalo-tokens.js";
import { singleFile } from "../dossiers/upload-file.js";
import { INCIDENT_CATEGORIES } from "./categories.js";
import { createIncident } from "./create-incident.js";
import { findNearbyIncidents } from "./find-nearby-incidents.js";
import { isOpen, OPEN_STATUSES } from "./incident-status.js";
import {
  createIncidentBody,
  locateResponse,
  locationTokenBody,
  incidentAnyView,
  incidentOwnView,
  incidentPublicView,
  listQuery,
  mapPoint,
  MAX_MAP_POINTS,
  nearbyQuery,
  publicFilters,
  publicIdParams,
  rateBody,
  reopenBody,
} from "./incident.schema.js";
import {
  INCIDENT_INCLUDE,
  toIncidentOwnView,
  toIncidentPublicDetail,
  toIncidentPublicView,
  type FullIncident,
} from "./incident.mapper.js";
import { storeIncidentPhoto } from "./store-incident-photo.js";
import { communeAt } from "./route-incident.js";
import { issueLocationTicket, redeemLocationTicket } from "./location-ticket.js";
import { addSupporter, confirmFix, rateIncident, reopenIncident } from "./reporter-actions.js";

/** A signed-in citizen when a bearer token is sent; anonymous readers otherwise. */
function optionalCitizen(ctx: AppContext): RequestHandler {
  const auth = requireCitizen(ctx);
  return (req, res, next) => (req.header("authorization") ? auth(req, res, next) : next());
}

const langOf = (l: string | undefined) => (l === "en" || l === "zh" ? l : "vi");

/** What the public may list: never hidden reports (asking for them finds nothing). */
function publicWhere(q: z.infer<typeof publicFilters>): Prisma.IncidentWhereInput {
  if (q.status === "hidden") return { id: "-" };
  const where: Prisma.IncidentWhereInput = {
    ...(q.category ? { category: q.category } : {}),
    ...(q.commune ? { unitCode: q.commune } : {}),
  };
  if (q.status === "open") where.status = { in: OPEN_STATUSES };
  else if (q.status === "closed") where.status = { notIn: [...OPEN_STATUSES, "hidden"] };
  else if (q.status) where.status = q.status;
  else where.status = { not: "hidden" };
  return where;
}

export function incidentCitizenRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  const auth = requireCitizen(ctx);
  const optional = optionalCitizen(ctx);

  const load = async (publicId: string): Promise<FullIncident> => {
    const i = await ctx.db.incident.findUnique({ where: { publicId }, include: INCIDENT_INCLUDE });
    if (!i) throw notFound("incident");
    return i;
  };
  const roleOf = async (i: FullIncident, citizenId: string | undefined) => {
    if (!citizenId) return null;
    if (i.reporterId === citizenId) return "reporter" as const;
    const s = await ctx.db.incidentSupporter.findUnique({
      where: { incidentId_citizenId: { incidentId: i.id, citizenId } },
    });
    return s ? ("supporter" as const) : null;
  };

  route(r, {
    method: "get",
    path: "/incident-categories",
    summary: "What can be reported, who handles it and how fast",
    tag: "Incidents",
    response: z.object({
      categories: z.array(
        z.object({
          key: z.string(),
          names: z.object({ vi: z.string(), en: z.string(), zh: z.string() }),
          slaHours: z.number(),
          icon: z.string(),
        }),
      ),
    }),
    handler: async ({ res }) => {
      res.setHeader("cache-control", "public, max-age=3600");
      return {
        categories: INCIDENT_CATEGORIES.map((c) => ({
          key: c.key,
          names: c.names,
          slaHours: c.slaHours,
          icon: c.icon,
        })),
      };
    },
  });

  routeRegistry.push({
    method: "post",
    path: "/api/v1/incidents/photos",
    summary: "Upload one photo for a report (multipart `file`; EXIF removed)",
    tag: "Incidents",
    auth: "citizen",
    errors: [413, 415, 429],
    status: 201,
  });
  r.post(
    "/incidents/photos",
    auth,
    singleFile,
    asyncHandler(async (req, res) => {
      const f = await storeIncidentPhoto(ctx, req.citizen!.id, req.file);
      res.status(201).json({ id: f.id, sizeBytes: f.sizeBytes, url: `/api/v1/uploads/${f.id}` });
    }),
  );

  route(r, {
    method: "post",
    path: "/incidents/locate",
    summary:
      "Where the phone is: redeems a getLocation token once, answers the place and a ticket to report with",
    tag: "Incidents",
    auth: "citizen",
    middleware: [auth],
    body: locationTokenBody,
    response: locateResponse,
    errors: [400, 502],
    handler: async ({ body, req }) => {
      const at = await locationFromToken(ctx, body);
      // Outside the province is said now, before the citizen writes the report.
      const commune = await communeAt(ctx, at.lat, at.lon);
      return { ...at, commune, ...issueLocationTicket(ctx.config.ZALO_APP_SECRET, req.citizen!.id, at) };
    },
  });

  route(r, {
    method: "post",
    path: "/incidents",
    summary: "Report an incident (photos uploaded first)",
    tag: "Incidents",
    auth: "citizen",
    middleware: [auth],
    body: createIncidentBody,
    status: 201,
    errors: [400, 429],
    response: z.object({ id: z.string(), publicId: z.string(), status: z.string() }),
    handler: async ({ body, req }) => {
      let where = body.location;
      if (!where && body.locationTicket)
        where = redeemLocationTicket(ctx.config.ZALO_APP_SECRET, req.citizen!.id, body.locationTicket);
      if (!where && body.locationToken) where = await locationFromToken(ctx, body.locationToken);
      const created = await createIncident(ctx, {
        reporterId: req.citizen!.id,
        category: body.category,
        description: body.description,
        lat: where!.lat,
        lon: where!.lon,
        fileIds: body.fileIds,
        anonymous: body.anonymous,
        source: "miniapp",
      });
      return created;
    },
  });

  route(r, {
    method: "get",
    path: "/incidents/mine",
    summary: "Reports I made or support, with their timelines",
    tag: "Incidents",
    auth: "citizen",
    middleware: [auth],
    response: z.object({ incidents: z.array(incidentOwnView) }),
    handler: async ({ req }) => {
      const me = req.citizen!.id;
      const rows = await ctx.db.incident.findMany({
        where: {
          OR: [{ reporterId: me }, { supporters: { some: { citizenId: me } }, status: { not: "hidden" } }],
        },
        include: INCIDENT_INCLUDE,
        orderBy: { createdAt: "desc" },
        take: 100,
      });
      const lang = langOf(req.citizen!.language);
      return {
        incidents: rows.map((i) =>
          toIncidentOwnView(i, i.reporterId === me ? "reporter" : "supporter", lang),
        ),
      };
    },
  });

  route(r, {
    method: "get",
    path: "/incidents/nearby",
    summary: "Open reports of a category near a point (duplicate check before reporting)",
    tag: "Incidents",
    query: nearbyQuery,
    handler: async ({ query }) => {
      const rows = await findNearbyIncidents(ctx.pg, query);
      return {
        incidents: rows.map((n) => ({
          publicId: n.publicId,
          category: n.category,
          status: n.status,
          description: n.description,
          lat: n.lat,
          lon: n.lon,
          distanceM: Math.round(n.distanceM),
          supporters: n.supporters,
          createdAt: n.createdAt.toISOString(),
        })),
      };
    },
  });

  route(r, {
    method: "get",
    path: "/incidents",
    summary: "Public reports (no reporter identity), filtered by category, status and commune",
    tag: "Incidents",
    query: listQuery,
    response: z.object({ incidents: z.array(incidentPublicView), next: z.string().nullable() }),
    handler: async ({ query }) => {
      // Newest first, a page at a time: `after` is the last report of the page before.
      const rows = await ctx.db.incident.findMany({
        where: publicWhere(query),
        include: INCIDENT_INCLUDE,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: query.limit + 1,
        ...(query.after ? { cursor: { publicId: query.after }, skip: 1 } : {}),
      });
      const page = rows.slice(0, query.limit);
      return {
        incidents: page.map((i) => toIncidentPublicView(i)),
        next: rows.length > query.limit ? page.at(-1)!.publicId : null,
      };
    },
  });

  route(r, {
    method: "get",
    path: "/incidents/points",
    summary: `Every public report the filters select as a map point (newest ${MAX_MAP_POINTS})`,
    tag: "Incidents",
    query: publicFilters,
    response: z.object({ points: z.array(mapPoint), truncated: z.boolean() }),
    handler: async ({ query, res }) => {
      const rows = await ctx.db.incident.findMany({
        where: publicWhere(query),
        select: { publicId: true, category: true, lat: true, lon: true, status: true },
        orderBy: { createdAt: "desc" },
        take: MAX_MAP_POINTS + 1,
      });
      res.setHeader("cache-control", "public, max-age=30");
      return {
        points: rows.slice(0, MAX_MAP_POINTS).map(({ status, ...p }) => ({ ...p, open: isOpen(status) })),
        truncated: rows.length > MAX_MAP_POINTS,
      };
    },
  });

  route(r, {
    method: "get",
    path: "/incidents/:publicId",
    summary: "One report: public view, or the full timeline for its reporter and supporters",
    tag: "Incidents",
    auth: "none",
    middleware: [optional],
    params: publicIdParams,
    response: incidentAnyView,
    errors: [404],
    handler: async ({ params, req }) => {
      const i = await load(params.publicId);
      const role = await roleOf(i, req.citizen?.id);
      const lang = langOf(req.citizen?.language);
      if (role === "reporter") return toIncidentOwnView(i, role, lang);
      // Hidden is hidden for everyone but its reporter, supporters included.
      if (i.status === "hidden") throw notFound("incident");
      if (role) return toIncidentOwnView(i, role, lang);
      return toIncidentPublicDetail(i, lang);
    },
  });

  routeRegistry.push({
    method: "get",
    path: "/api/v1/incidents/{publicId}/photos/{photoId}",
    summary: "A photo of a public report (hidden photos are not served)",
    tag: "Incidents",
    auth: "none",
    errors: [404],
    status: 200,
  });
  r.get(
    "/incidents/:publicId/photos/:photoId",
    asyncHandler(async (req, res) => {
      const m = await ctx.db.incidentMedia.findFirst({
        where: {
          id: String(req.params.photoId),
          hidden: false,
          incident: { publicId: String(req.params.publicId), status: { not: "hidden" } },
        },
      });
      if (!m) throw notFound("photo");
      // A moderator may hide it any minute: nothing may keep serving it from a cache.
      res.type(m.mimeType).setHeader("cache-control", "private, no-cache");
      res.send(await ctx.files.get(m.storageKey));
    }),
  );

  const act = (
    path: string,
    summary: string,
    body: z.ZodType | undefined,
    fn: (incident: FullIncident, citizenId: string, body: never) => Promise<unknown>,
  ) =>
    route(r, {
      method: "post",
      path: `/incidents/:publicId/${path}`,
      summary,
      tag: "Incidents",
      auth: "citizen",
      middleware: [auth],
      params: publicIdParams,
      ...(body ? { body } : {}),
      errors: [404, 409],
      handler: async ({ params, req, body: b }) => {
        const i = await load(params.publicId);
        if (i.status === "hidden" && i.reporterId !== req.citizen!.id) throw notFound("incident");
        await fn(i, req.citizen!.id, b as never);
        const fresh = await load(params.publicId);
        const role = (await roleOf(fresh, req.citizen!.id)) ?? "supporter";
        return toIncidentOwnView(fresh, role, langOf(req.citizen!.language));
      },
    });
  act("supporters", "This affects me too: follow the report instead of a duplicate", undefined, (i, c) =>
    addSupporter(ctx, i, c),
  );
  act("confirm-fix", "The reporter confirms the fix", undefined, (i, c) => confirmFix(ctx, i, c));
  act("reopen", "The reporter says it is not fixed", reopenBody, (i, c, b: z.infer<typeof reopenBody>) =>
    reopenIncident(ctx, i, c, b.reason),
  );
  act("rating", "The reporter rates the response", rateBody, (i, c, b: z.infer<typeof rateBody>) =>
    rateIncident(ctx, i, c, b),
  );
  return r;
}
