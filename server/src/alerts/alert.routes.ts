import express, { type Request, type Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { asyncHandler, makeRouter, route, routeRegistry } from "../platform/http.js";
import { requireCitizen } from "../citizens/citizen-auth.js";
import { requireStaff } from "../staff/require-staff.js";
import {
  alertAreaView,
  cancelBody,
  citizenAlertView,
  composeBody,
  deliveryStats,
  idParams,
  langQuery,
  publishResponse,
  qrBody,
  qrParams,
  qrSiteView,
  safetyBoardRow,
  safetyBody,
  safetyResponse,
  staffAlertSummary,
  subscribeBody,
  subscriptionView,
} from "./alert.schema.js";
import {
  activeAlertsFor,
  alertForCitizen,
  areasView,
  deliveryStatsFor,
  listStaffAlerts,
  staffAlert,
  toStaffSummary,
} from "./alert-views.js";
import { capAtomFeed, capDocument } from "./cap-feed.js";
import { cancelAlert, publishComposedAlert } from "./compose-alert.js";
import { loadCommunes } from "./commune-geo.js";
import { HAZARD_CODES, HAZARDS, RISK_LEVELS, levelRange } from "./hazards.js";
import { ingestCap, type IngestResult } from "./ingest-cap.js";
import { recordSafetyReply, safetyBoard } from "./safety.js";
import { listSubscriptions, subscribe, subscribeByQr, unsubscribe } from "./subscriptions.js";
import { TOURIST_SITES, touristSite } from "./tourist-sites.js";
import { miniappLink, requestBaseUrl } from "../notifications/public-links.js";
import { signedWebhook } from "../integrations/signed-webhook.js";
import { locationFromToken } from "../citizens/exchange-zalo-tokens.js";
import QRCode from "qrcode";

const published = (r: IngestResult) => ({
  alertId: r.alertId,
  identifier: r.identifier,
  created: r.created,
  communes: r.units.length,
});

/** CAP 1.2 from the IOC: signed over the raw body (x-ioc-signature), XML never trusted before the checks. */
export function alertWebhookRouter(ctx: AppContext): Router {
  const r = makeRouter("/webhooks");
  routeRegistry.push({
    method: "post",
    path: "/webhooks/ioc/cap",
    summary: "CAP 1.2 alert from the IOC (raw XML body, x-ioc-signature: sha256=…)",
    tag: "Alerts",
    auth: "none",
    errors: [400, 401, 413],
    status: 202,
  });
  r.post(
    "/ioc/cap",
    express.raw({ type: () => true, limit: "1mb" }),
    signedWebhook(ctx, {
      system: "ioc",
      url: "/webhooks/ioc/cap",
      signatureHeader: "x-ioc-signature",
      secret: ctx.config.IOC_WEBHOOK_SECRET,
      operationPrefix: "cap",
      handle: async (raw) => {
        const result = await ingestCap(ctx, { xml: raw.toString("utf8"), source: "ioc_webhook" });
        return {
          status: result.created ? 202 : 200,
          operation: result.created ? "cap.accepted" : "cap.duplicate",
          body: published(result),
        };
      },
    }),
  );
  return r;
}

/** Operators: compose, update, cancel (IOC role only), follow deliveries and the safety board. */
export function alertStaffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const view = requireStaff(ctx, ["admin", "ioc_operator"]);
  const publish = requireStaff(ctx, ["ioc_operator"]);
  const staffId = (req: Request) => req.staff!.id;

  route(r, {
    method: "get",
    path: "/alerts/meta",
    summary: "Hazards, risk levels (colours) and tourist QR sites for the alert console",
    tag: "Alerts",
    auth: "staff",
    middleware: [view],
    handler: async () => ({
      hazards: HAZARD_CODES.map((code) => ({
        code,
        name: HAZARDS[code].vi,
        minLevel: levelRange(code).min,
        maxLevel: levelRange(code).max,
      })),
      levels: Object.entries(RISK_LEVELS).map(([level, l]) => ({
        level: Number(level),
        colour: l.colour,
        name: l.vi,
        meaning: l.meaningVi,
      })),
      touristSites: TOURIST_SITES,
    }),
  });

  route(r, {
    method: "get",
    path: "/alerts/qr-sheet",
    summary: "Printable QR codes of the tourist sites (SVG), each opening the mini app's alert sign-up",
    tag: "Alerts",
    auth: "staff",
    middleware: [view],
    handler: async () => ({
      sites: await Promise.all(
        TOURIST_SITES.map(async (site) => {
          const link = miniappLink(ctx.config, `/alerts/qr/${site.code}`);
          return {
            code: site.code,
            name: site.name,
            days: site.days,
            link,
            svg: await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
          };
        }),
      ),
    }),
  });

  route(r, {
    method: "get",
    path: "/alerts",
    summary: "Latest alerts",
    tag: "Alerts",
    auth: "staff",
    middleware: [view],
    response: z.object({ alerts: z.array(staffAlertSummary) }),
    handler: async () => ({ alerts: await listStaffAlerts(ctx) }),
  });

  route(r, {
    method: "post",
    path: "/alerts",
    summary: "Publish an alert composed in the console (built as CAP 1.2, same validation as the IOC's)",
    tag: "Alerts",
    auth: "staff",
    body: composeBody,
    response: publishResponse,
    status: 201,
    errors: [400, 403],
    middleware: [publish],
    handler: async ({ body, req }) =>
      published(await publishComposedAlert(ctx, { body, staffId: staffId(req) })),
  });

  route(r, {
    method: "post",
    path: "/alerts/:id/update",
    summary: "Publish a CAP Update of an alert (it replaces the alert for everyone it reached)",
    tag: "Alerts",
    auth: "staff",
    params: idParams,
    body: composeBody,
    response: publishResponse,
    status: 201,
    errors: [400, 403, 404],
    middleware: [publish],
    handler: async ({ body, params, req }) =>
      published(await publishComposedAlert(ctx, { body, staffId: staffId(req), updatesAlertId: params.id })),
  });

  route(r, {
    method: "post",
    path: "/alerts/:id/cancel",
    summary: "Cancel an alert (CAP Cancel referencing it; sent to everyone it reached)",
    tag: "Alerts",
    auth: "staff",
    params: idParams,
    body: cancelBody,
    response: publishResponse,
    status: 201,
    errors: [400, 403, 404],
    middleware: [publish],
    handler: async ({ body, params, req }) =>
      published(await cancelAlert(ctx, { alertId: params.id, staffId: staffId(req), note: body.note })),
  });

  route(r, {
    method: "get",
    path: "/alerts/:id",
    summary: "One alert: areas, live delivery counts and the per-commune safety board",
    tag: "Alerts",
    auth: "staff",
    params: idParams,
    errors: [404],
    middleware: [view],
    response: z.object({
      alert: staffAlertSummary.extend({
        infos: z.array(
          z.object({
            language: z.string(),
            headline: z.string().nullable(),
            description: z.string().nullable(),
            instruction: z.string().nullable(),
          }),
        ),
        areas: z.array(alertAreaView),
      }),
      deliveries: deliveryStats,
      safety: z.array(safetyBoardRow),
    }),
    handler: async ({ params }) => {
      const { alert, communes } = await staffAlert(ctx, params.id);
      const [deliveries, safety] = await Promise.all([
        deliveryStatsFor(ctx, alert.id),
        safetyBoard(ctx, alert.id),
      ]);
      const infos = (
        alert.infos as {
          language: string;
          headline: string | null;
          description: string | null;
          instruction: string | null;
        }[]
      ).map((i) => ({
        language: i.language,
        headline: i.headline,
        description: i.description,
        instruction: i.instruction,
      }));
      return {
        alert: { ...toStaffSummary(alert, communes), infos, areas: areasView(alert) },
        deliveries,
        safety,
      };
    },
  });
  return r;
}

/** Citizens: places followed, tourist QR, active alerts for my places, safety answers. */
export function alertCitizenRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  const auth = requireCitizen(ctx);

  route(r, {
    method: "get",
    path: "/alerts/subscriptions",
    summary: "The places I follow for disaster alerts",
    tag: "Alerts",
    auth: "citizen",
    middleware: [auth],
    response: z.object({ subscriptions: z.array(subscriptionView) }),
    handler: async ({ req }) => ({ subscriptions: await listSubscriptions(ctx, req.citizen!.id) }),
  });

  route(r, {
    method: "post",
    path: "/alerts/subscriptions",
    summary: "Follow a commune (home, work, family)",
    tag: "Alerts",
    auth: "citizen",
    body: subscribeBody,
    response: subscriptionView,
    status: 201,
    errors: [400],
    middleware: [auth],
    handler: async ({ body, req }) =>
      subscribe(ctx, {
        citizenId: req.citizen!.id,
        unitCode: body.unitCode,
        label: body.label,
        source: "miniapp",
        ...(body.language ? { language: body.language } : {}),
      }),
  });

  route(r, {
    method: "delete",
    path: "/alerts/subscriptions/:id",
    summary: "Stop following a place",
    tag: "Alerts",
    auth: "citizen",
    params: idParams,
    errors: [404],
    middleware: [auth],
    handler: async ({ params, req }) => {
      await unsubscribe(ctx, req.citizen!.id, params.id);
    },
  });

  route(r, {
    method: "get",
    path: "/alerts/qr/:siteCode",
    summary: "A tourist site's QR code: where it subscribes and for how long",
    tag: "Alerts",
    params: qrParams,
    response: qrSiteView,
    errors: [404],
    handler: async ({ params }) => {
      const site = touristSite(params.siteCode);
      if (!site) throw notFound("tourist site");
      const c = (await loadCommunes(ctx)).find((x) => x.code === site.unitCode);
      return {
        ...site,
        communeName: c ? `${c.type === "phuong" ? "Phường" : "Xã"} ${c.name}` : site.unitCode,
      };
    },
  });

  route(r, {
    method: "post",
    path: "/alerts/qr/:siteCode",
    summary: "Subscribe by a tourist site's QR code, in the chosen language, for the stay",
    tag: "Alerts",
    auth: "citizen",
    params: qrParams,
    body: qrBody,
    response: subscriptionView,
    status: 201,
    errors: [400, 404],
    middleware: [auth],
    handler: async ({ params, body, req }) =>
      subscribeByQr(ctx, { citizenId: req.citizen!.id, siteCode: params.siteCode, language: body.language }),
  });

  route(r, {
    method: "get",
    path: "/alerts/active",
    summary: "Active alerts for the places I follow, in my language",
    tag: "Alerts",
    auth: "citizen",
    query: langQuery,
    middleware: [auth],
    response: z.object({ language: z.enum(["vi", "en", "zh"]), alerts: z.array(citizenAlertView) }),
    handler: async ({ query, req }) => activeAlertsFor(ctx, req.citizen!.id, query.lang),
  });

  route(r, {
    method: "get",
    path: "/alerts/:id",
    summary: "One alert (deep link from the message)",
    tag: "Alerts",
    auth: "citizen",
    params: idParams,
    query: langQuery,
    errors: [404],
    middleware: [auth],
    response: citizenAlertView,
    handler: async ({ params, query, req }) => alertForCitizen(ctx, req.citizen!.id, params.id, query.lang),
  });

  route(r, {
    method: "post",
    path: "/alerts/:id/safety",
    summary: '"Tôi an toàn" / "Tôi cần giúp đỡ" (help becomes a high-priority incident)',
    tag: "Alerts",
    auth: "citizen",
    params: idParams,
    body: safetyBody,
    response: safetyResponse,
    errors: [400, 404],
    middleware: [auth],
    handler: async ({ params, body, req }) => {
      let point =
        body.lat !== undefined && body.lon !== undefined ? { lat: body.lat, lon: body.lon } : undefined;
      if (!point && body.locationToken && !body.safe) {
        // A call for help is never lost to Zalo refusing or timing out: it goes at the commune's centre.
        point = await locationFromToken(ctx, body.locationToken).catch((err: unknown) => {
          ctx.logger.warn({ err: (err as Error).message }, "help request: location token not redeemed");
          return undefined;
        });
      }
      return recordSafetyReply(ctx, {
        alertId: params.id,
        citizenId: req.citizen!.id,
        safe: body.safe,
        ...(point ? { lat: point.lat, lon: point.lon } : {}),
      });
    },
  });
  return r;
}

/** Public CAP 1.2 feed: Atom index and one CAP document per alert. */
export function alertFeedRouter(ctx: AppContext): Router {
  const r = makeRouter("/alerts");
  const base = (req: Request) => requestBaseUrl(ctx.config, req);
  routeRegistry.push(
    {
      method: "get",
      path: "/alerts/cap",
      summary: "Atom index of public CAP 1.2 alerts",
      tag: "Alerts",
      auth: "none",
      errors: [],
      status: 200,
    },
    {
      method: "get",
      path: "/alerts/cap/{id}.xml",
      summary: "One alert as a CAP 1.2 document (one info per language)",
      tag: "Alerts",
      auth: "none",
      errors: [404],
      status: 200,
    },
  );
  r.get(
    "/cap",
    asyncHandler(async (req, res) => {
      res.setHeader("cache-control", "public, max-age=60");
      res.type("application/atom+xml; charset=utf-8").send(await capAtomFeed(ctx, base(req)));
    }),
  );
  r.get(
    "/cap/:file",
    asyncHandler(async (req, res) => {
      const m = /^([A-Za-z0-9_-]{1,64})\.xml$/.exec(String(req.params.file));
      if (!m?.[1]) throw notFound("alert");
      res.setHeader("cache-control", "public, max-age=60");
      res.type("application/cap+xml; charset=utf-8").send(await capDocument(ctx, m[1]));
    }),
  );
  return r;
}
