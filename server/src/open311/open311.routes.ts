import type { Request, Response, Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { makeRouter, routeRegistry } from "../platform/http.js";
import type { Prisma } from "../platform/db.js";
import { sha256 } from "../citizens/citizen-auth.js";
import { categoryOf, INCIDENT_CATEGORIES } from "../incidents/categories.js";
import { createIncident, MAX_DESCRIPTION } from "../incidents/create-incident.js";
import { OPEN_STATUSES } from "../incidents/incident-status.js";
import { toServiceRequest, SERVICE_REQUEST_INCLUDE } from "./service-request.mapper.js";
import { Open311Error, sendError, sendList, sendObject, type Format } from "./open311-format.js";
import { placeByAddress } from "./place-by-address.js";

// Open311 GeoReport v2 (the frozen spec, summarised in docs/integrations §5): our incident
// categories are its services, our reports its service requests, our FixMyStreet states
// mapped to open/closed with the latest note as status_notes.

const MAX_REQUESTS = 1000;
const DEFAULT_DAYS = 90;

const formatOf = (req: Request): Format | null => {
  const f = String(req.params.format ?? "").toLowerCase();
  return f === "json" || f === "xml" ? f : null;
};

const serviceOf = (c: (typeof INCIDENT_CATEGORIES)[number]) => ({
  service_code: c.key,
  service_name: c.names.vi,
  description: `${c.names.vi} (${c.names.en}). Thời hạn xử lý dự kiến ${c.slaHours} giờ.`,
  metadata: false,
  type: "realtime",
  keywords: c.names.en.toLowerCase(),
  group: c.agency === "commune" ? "UBND xã, phường" : "Sở, ngành tỉnh",
});

const DAY_MS = 86_400_000;
// W3C date-time with a zone, as the spec asks (e.g. 2010-01-01T00:00:00Z): not whatever
// Date.parse happens to accept ("yesterday" is refused, "2026-02-30" is not 2 March).
const W3C_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A W3C date-time, or null when it is not one (or names a day that does not exist). */
export function parseW3cDateTime(s: string): Date | null {
  const m = W3C_DATETIME.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysInMonth || h! > 23 || mi! > 59 || sec! > 59) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

const dateParam = (name: string) =>
  z
    .string()
    .optional()
    .refine(
      (s) => s === undefined || parseW3cDateTime(s) !== null,
      `${name} must be a W3C date-time with a zone, e.g. 2026-01-01T00:00:00Z`,
    );

/** The spec's window: 90 days at most; one end given, the other is 90 days from it. */
function dateWindow(startDate: string | undefined, endDate: string | undefined) {
  const start = startDate ? parseW3cDateTime(startDate)! : undefined;
  const end = endDate ? parseW3cDateTime(endDate)! : undefined;
  if (start && end) {
    if (end < start) throw new Open311Error(400, "end_date is before start_date");
    if (end.getTime() - start.getTime() > DEFAULT_DAYS * DAY_MS)
      throw new Open311Error(400, `start_date and end_date may not span more than ${DEFAULT_DAYS} days`);
    return { gte: start, lte: end };
  }
  if (start) return { gte: start, lte: new Date(start.getTime() + DEFAULT_DAYS * DAY_MS) };
  const to = end ?? new Date();
  return { gte: new Date(to.getTime() - DEFAULT_DAYS * DAY_MS), lte: to };
}

const listFilters = z.object({
  service_request_id: z.string().max(20_000).optional(),
  service_code: z.string().max(1000).optional(),
  start_date: dateParam("start_date"),
  end_date: dateParam("end_date"),
  status: z
    .string()
    .optional()
    .refine(
      (s) => s === undefined || s.split(",").every((x) => x === "open" || x === "closed"),
      "status must be open or closed",
    ),
});

const num = (name: string) =>
  z
    .string()
    .trim()
    .min(1, `${name} is empty`)
    .refine((s) => Number.isFinite(Number(s)), `${name} is not a number`);

const postBody = z.object({
  api_key: z.string().optional(),
  service_code: z
    .string({ message: "service_code was not provided" })
    .min(1, "service_code was not provided"),
  lat: num("lat").optional(),
  long: num("long").optional(),
  address_string: z.string().max(500).optional(),
  address_id: z.string().max(100).optional(),
  media_url: z.string().max(2000).optional(),
  description: z
    .string({ message: "description was not provided" })
    .trim()
    .min(1, "description was not provided")
    .max(MAX_DESCRIPTION, `description is longer than ${MAX_DESCRIPTION} characters`),
});

export function open311Router(ctx: AppContext): Router {
  const r = makeRouter("/open311/v2");

  const jurisdiction = ctx.config.OPEN311_JURISDICTION_ID;
  const handle =
    (fn: (req: Request, res: Response, format: Format) => Promise<void>) =>
    async (req: Request, res: Response) => {
      const format = formatOf(req);
      if (!format) return sendError(res, "json", 404, "format must be json or xml");
      try {
        // The spec: jurisdiction_id is optional where one endpoint serves one jurisdiction;
        // given, it must be ours.
        const given = (req.method === "POST" ? (req.body as Record<string, unknown>) : req.query)
          ?.jurisdiction_id;
        if (given !== undefined && given !== jurisdiction)
          throw new Open311Error(404, `jurisdiction_id ${String(given)} not found (this is ${jurisdiction})`);
        await fn(req, res, format);
      } catch (err) {
        if (err instanceof Open311Error) {
          if (err.status === 429) res.setHeader("retry-after", "3600");
          return sendError(res, format, err.status, err.description);
        }
        if (err instanceof z.ZodError)
          return sendError(
            res,
            format,
            400,
            err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
          );
        if (err instanceof AppError && err.status < 500) {
          const why = err.fields?.map((f) => `${f.field}: ${f.message}`).join("; ") || err.userMessage;
          if (err.status === 429) res.setHeader("retry-after", "3600");
          return sendError(res, format, err.status === 404 || err.status === 429 ? err.status : 400, why);
        }
        // The message and code only: a stack or a driver error's detail can quote the request.
        const e = err as { message?: unknown; code?: unknown };
        ctx.logger.error(
          { errorCode: typeof e.code === "string" ? e.code : undefined, message: String(e.message ?? err) },
          "open311 request failed",
        );
        sendError(res, format, 500, "internal error");
      }
    };

  const doc = (method: string, path: string, summary: string, errors: number[]) =>
    routeRegistry.push({
      method,
      path: `/open311/v2${path}`,
      summary,
      tag: "Open311",
      auth: "none",
      errors,
      status: 200,
    });
  doc("get", "/services.{format}", "Service list (our incident categories)", [404]);
  doc("get", "/services/{service_code}.{format}", "Service definition", [404]);
  doc(
    "post",
    "/requests.{format}",
    "Create a service request (form-encoded, api_key; lat+long, address_id = a commune's GSO code, or " +
      "address_string naming a commune; media_url is not fetched)",
    [400, 403, 429],
  );
  doc(
    "get",
    "/requests.{format}",
    "Service requests (filters: service_request_id, service_code, start_date, end_date, status)",
    [400],
  );
  doc("get", "/requests/{service_request_id}.{format}", "One service request", [404]);
  doc("get", "/tokens/{token}.{format}", "The service request id of a token", [404]);

  r.get(
    "/services.:format",
    handle(async (_req, res, f) =>
      sendList(res, f, "services", "service", INCIDENT_CATEGORIES.map(serviceOf)),
    ),
  );

  r.get(
    "/services/:code.:format",
    handle(async (req, res, f) => {
      const c = categoryOf(String(req.params.code));
      if (!c) throw new Open311Error(404, `service_code ${String(req.params.code)} not found`);
      // No extra attributes: the description, location and photo are all we ask.
      sendObject(res, f, "service_definition", { service_code: c.key, attributes: [] });
    }),
  );

  r.post(
    "/requests.:format",
    handle(async (req, res, f) => {
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const key = typeof raw.api_key === "string" ? raw.api_key : undefined;
      const keyId = key ? await validKey(ctx, key) : null;
      if (!keyId) throw new Open311Error(403, "api_key was not provided or is invalid");
      const body = postBody.parse(raw);
      if (!categoryOf(body.service_code))
        throw new Open311Error(400, `service_code ${body.service_code} not found`);
      let at: { lat: number; lon: number; commune?: string };
      if (body.lat !== undefined && body.long !== undefined)
        at = { lat: Number(body.lat), lon: Number(body.long) };
      else if (body.lat !== undefined || body.long !== undefined)
        throw new Open311Error(400, "lat and long go together");
      else if (body.address_id?.trim() || body.address_string?.trim())
        at = await placeByAddress(ctx, {
          address_id: body.address_id?.trim() || undefined,
          address_string: body.address_string,
        });
      else throw new Open311Error(400, "a location is required: lat and long, address_string or address_id");
      const created = await createIncident(ctx, {
        reporterId: null,
        category: body.service_code,
        description: body.description,
        lat: at.lat,
        lon: at.lon,
        anonymous: true,
        source: "open311",
        open311KeyId: keyId,
        ...(body.address_string?.trim() ? { address: body.address_string } : {}),
      });
      const notice = [`Thời hạn xử lý dự kiến ${categoryOf(body.service_code)!.slaHours} giờ.`];
      if (at.commune) notice.push(`Vị trí: trung tâm ${at.commune}.`);
      // We never fetch URLs a client sends (no requests from our servers to the internet on
      // a stranger's say-so); photos come through the mini app, where they are checked.
      if (body.media_url) notice.push("media_url was not fetched: photos are not accepted over Open311.");
      sendList(res, f, "service_requests", "request", [
        {
          service_request_id: created.publicId,
          token: created.id,
          service_notice: notice.join(" "),
          account_id: null,
        },
      ]);
    }),
  );

  r.get(
    "/requests.:format",
    handle(async (req, res, f) => {
      const q = listFilters.parse(req.query);
      const base = ctx.config.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get("host")}`;
      const where: Prisma.IncidentWhereInput = { status: { not: "hidden" } };
      if (q.service_request_id) {
        // The spec: with ids given, the other filters are ignored.
        where.publicId = {
          in: q.service_request_id
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
            .slice(0, MAX_REQUESTS),
        };
      } else {
        if (q.service_code) where.category = { in: q.service_code.split(",") };
        where.createdAt = dateWindow(q.start_date, q.end_date);
        const statuses = q.status?.split(",") ?? [];
        if (statuses.length === 1 && statuses[0] === "open") where.status = { in: OPEN_STATUSES };
        if (statuses.length === 1 && statuses[0] === "closed")
          where.status = { notIn: [...OPEN_STATUSES, "hidden"] };
      }
      const rows = await ctx.db.incident.findMany({
        where,
        include: SERVICE_REQUEST_INCLUDE,
        orderBy: { createdAt: "desc" },
        take: MAX_REQUESTS,
      });
      sendList(
        res,
        f,
        "service_requests",
        "request",
        rows.map((i) => toServiceRequest(i, base)),
      );
    }),
  );

  r.get(
    "/requests/:id.:format",
    handle(async (req, res, f) => {
      const base = ctx.config.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get("host")}`;
      const i = await ctx.db.incident.findUnique({
        where: { publicId: String(req.params.id) },
        include: SERVICE_REQUEST_INCLUDE,
      });
      if (!i || i.status === "hidden")
        throw new Open311Error(404, `service_request_id ${String(req.params.id)} not found`);
      sendList(res, f, "service_requests", "request", [toServiceRequest(i, base)]);
    }),
  );

  r.get(
    "/tokens/:token.:format",
    handle(async (req, res, f) => {
      const token = String(req.params.token);
      const i = /^[0-9a-f-]{36}$/.test(token)
        ? await ctx.db.incident.findFirst({ where: { id: token, source: "open311" } })
        : null;
      if (!i) throw new Open311Error(404, `token ${token} not found`);
      sendList(res, f, "service_requests", "request", [{ service_request_id: i.publicId, token }]);
    }),
  );

  // Anything else under /open311/v2 (no extension, an unknown method or path) answers in the
  // spec's error form, not the portal's.
  r.use((req, res) => {
    const ext = /\.(json|xml)$/i.exec(req.path)?.[1]?.toLowerCase() as Format | undefined;
    sendError(
      res,
      ext ?? "json",
      404,
      ext
        ? `no such method: ${req.method} ${req.baseUrl}${req.path}`
        : `${req.baseUrl}${req.path} has no format: add .json or .xml`,
    );
  });
  return r;
}

/** The key's id when it is a live api_key, else null. */
async function validKey(ctx: AppContext, key: string): Promise<string | null> {
  if (key.length > 200) return null;
  const k = await ctx.db.open311ApiKey.findUnique({ where: { keyHash: sha256(key) } });
  if (!k?.active) return null;
  // "Last used", to the minute: one write a minute per key at most, never in the way.
  const now = Date.now();
  if (!k.lastUsedAt || now - k.lastUsedAt.getTime() > 60_000) {
    void ctx.db.open311ApiKey
      .updateMany({ where: { id: k.id }, data: { lastUsedAt: new Date(now) } })
      .catch(() => undefined);
  }
  return k.id;
}
