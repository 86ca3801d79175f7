import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import "./platform/request-context.js";
import type { AppContext } from "./platform/context.js";
import { AppError } from "./platform/errors.js";
import { tileOrigin } from "./config.js";
import { buildOpenApi, docsPage } from "./platform/openapi.js";
import { basePathOf } from "./platform/http.js";
import { pingRedis } from "./platform/redis.js";
import { citizenRouter } from "./citizens/citizen.routes.js";
import { procedureRouter } from "./procedures/procedure.routes.js";
import { procedureStaffRouter } from "./procedures/procedure-staff.routes.js";
import { webhookRouter, zaloWebhook } from "./bot/webhook.routes.js";
import { conversationStaffRouter } from "./bot/conversation-staff.routes.js";
import { paymentCitizenRouter, vnpayRouter } from "./payments/payment.routes.js";
import { paymentStaffRouter } from "./payments/payment-staff.routes.js";
import { dossierCitizenRouter } from "./dossiers/dossier.routes.js";
import { dossierStaffRouter } from "./dossiers/staff-dossier.routes.js";
import { onestopWebhookRouter } from "./dossiers/onestop-webhook.routes.js";
import { calendarAdminRouter } from "./dossiers/calendar-admin.routes.js";
import { placesRouter } from "./places/places.routes.js";
import {
  alertCitizenRouter,
  alertFeedRouter,
  alertStaffRouter,
  alertWebhookRouter,
} from "./alerts/alert.routes.js";
import { incidentCitizenRouter } from "./incidents/incident.routes.js";
import { iocWebhookRouter } from "./incidents/ioc-webhook.routes.js";
import { open311Router } from "./open311/open311.routes.js";
import { open311KeysRouter } from "./open311/open311-keys.routes.js";
import { incidentStaffRouter } from "./incidents/staff-incident.routes.js";
import { staffRouter } from "./staff/staff.routes.js";
import { oaConnectionRouter } from "./notifications/oa-connection.routes.js";
import { mountQueueDashboard } from "./staff/queue-dashboard.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const MINIAPP_DIST = path.resolve(here, "../../miniapp/www");
export const CONSOLE_DIST = path.resolve(here, "../console/dist");

/** Bodies we must verify byte for byte (webhook signatures) keep their raw bytes. */
function keepRawBody(req: Request, _res: Response, buf: Buffer) {
  if (req.originalUrl.startsWith("/webhooks/")) req.rawBody = Buffer.from(buf);
}

export function createApp(ctx: AppContext) {
  const { config, logger } = ctx;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  app.use((req, res, next) => {
    const incoming = req.header("x-request-id");
    req.id = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", req.id);
    next();
  });
  // Zalo's webhook first: raw bytes, no per-request logger or browser headers (webhook.routes.ts).
  app.post("/webhooks/zalo", ...zaloWebhook(ctx, config.BODY_LIMIT));
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as Request).id,
      // Paths only: query strings can carry codes and tokens; bodies are never logged.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split("?")[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // Map tiles, only from the configured server (MAP_TILE_URL).
          "img-src": ["'self'", "data:", "blob:", ...(tileOrigin(config) ? [tileOrigin(config)!] : [])],
          "script-src": ["'self'", "'unsafe-inline'"],
          "connect-src": ["'self'", ...config.CORS_ORIGINS.split(",")],
          "frame-ancestors": ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // CORS for the mini app (Zalo serves it from its own origin in production).
  const origins = new Set(
    config.CORS_ORIGINS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  app.use((req, res, next) => {
    const origin = req.header("origin");
    if (origin && origins.has(origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("vary", "Origin");
      res.setHeader("access-control-allow-headers", "authorization,content-type,x-request-id");
      res.setHeader("access-control-allow-methods", "GET,POST,PUT,PATCH,DELETE,OPTIONS");
      res.setHeader("access-control-max-age", "600");
    }
    if (req.method === "OPTIONS") {
      res.status(204).end();
      return;
    }
    next();
  });

  app.use(express.json({ limit: config.BODY_LIMIT, verify: keepRawBody }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const [dbOk, redisOk] = await Promise.all([
      ctx.db.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      ),
      pingRedis(ctx.redis),
    ]);
    const ok = dbOk && redisOk;
    res
      .status(ok ? 200 : 503)
      .json({ status: ok ? "ready" : "not_ready", checks: { postgres: dbOk, redis: redisOk } });
  });

  const mounts: [string, Router][] = [
    ["/api/v1", citizenRouter(ctx)],
    ["/api/v1", procedureRouter(ctx)],
    ["/api/staff", procedureStaffRouter(ctx)],
    ["/api/staff", staffRouter(ctx)],
    ["/api/staff", oaConnectionRouter(ctx)],
    ["/webhooks", webhookRouter(ctx)],
    ["/api/staff", conversationStaffRouter(ctx)],
    ["/api/v1", paymentCitizenRouter(ctx)],
    ["/api/staff", paymentStaffRouter(ctx)],
    ["/payments", vnpayRouter(ctx)],
    ["/api/v1", dossierCitizenRouter(ctx)],
    ["/api/staff", dossierStaffRouter(ctx)],
    ["/webhooks", onestopWebhookRouter(ctx)],
    ["/api/staff", calendarAdminRouter(ctx)],
    ["/api/v1", placesRouter(ctx)],
    ["/webhooks", alertWebhookRouter(ctx)],
    ["/api/staff", alertStaffRouter(ctx)],
    ["/api/v1", alertCitizenRouter(ctx)],
    ["/alerts", alertFeedRouter(ctx)],
    ["/api/v1", incidentCitizenRouter(ctx)],
    ["/webhooks", iocWebhookRouter(ctx)],
    ["/open311/v2", open311Router(ctx)],
    ["/api/staff", open311KeysRouter(ctx)],
    ["/api/staff", incidentStaffRouter(ctx)],
  ];
  for (const [base, router] of mounts) {
    if (basePathOf(router) !== base)
      throw new Error(`router for ${base} must be made with makeRouter("${base}")`);
    app.use(base, router);
  }
  mountQueueDashboard(app, ctx);

  app.get("/api/openapi.json", (req, res) => {
    res.json(buildOpenApi(config.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get("host")}`));
  });
  app.get("/api/docs", (_req, res) => {
    res.type("html").send(docsPage());
  });

  // The built mini app and console, when present (npm start builds them).
  if (existsSync(MINIAPP_DIST)) {
    app.use("/miniapp", express.static(MINIAPP_DIST, { index: "index.html", maxAge: "1h" }));
  }
  if (existsSync(CONSOLE_DIST)) {
    app.use("/console", express.static(CONSOLE_DIST, { index: "index.html", maxAge: "1h" }));
    app.get(/^\/console(\/.*)?$/, (_req, res) => res.sendFile(path.join(CONSOLE_DIST, "index.html")));
  }
  app.get("/", (_req, res) => res.redirect("/miniapp/"));

  app.use((req, _res, next) =>
    next(new AppError("NOT_FOUND", { message: `no route ${req.method} ${req.path}` })),
  );
  app.use(errorHandler(ctx));
  return app;
}

function errorHandler(ctx: AppContext) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let appErr: AppError;
    const e = err as { type?: string; status?: number; message?: string };
    if (err instanceof AppError) appErr = err;
    else if (e?.type === "entity.parse.failed")
      appErr = new AppError("MALFORMED_JSON", { message: "request body is not valid JSON" });
    else if (e?.type === "entity.too.large")
      appErr = new AppError("PAYLOAD_TOO_LARGE", { message: "request body too large" });
    else if (e?.status === 413) appErr = new AppError("PAYLOAD_TOO_LARGE");
    else if (e?.status && e.status >= 400 && e.status < 500)
      appErr = new AppError("BAD_REQUEST", { message: e.message ?? "bad request" });
    else appErr = new AppError("INTERNAL", { message: "internal error", cause: err });
    if (appErr.status >= 500) {
      ctx.logger.error(
        { errorId: appErr.errorId, reqId: req.id, err: (err as Error)?.stack ?? String(err) },
        "request failed",
      );
    }
    if (res.headersSent) return;
    if (appErr.code === "RATE_LIMITED") res.setHeader("retry-after", "60");
    res.status(appErr.status).json(appErr.toJSON());
  };
}
