import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Express, NextFunction, Request, Response } from "express";
import type { AppContext } from "../platform/context.js";
import { requireStaff } from "./require-staff.js";

export const QUEUE_DASHBOARD_PATH = "/admin/queues";

const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join(";");

const wantsHtml = (req: Request) => req.method === "GET" && req.accepts(["json", "html"]) === "html";

const FORBIDDEN_PAGE = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Không có quyền</title>
<body style="font:16px system-ui,sans-serif;padding:32px;color:#14181f">
<h1 style="font-size:22px">Bạn không có quyền xem trang này</h1>
<p>Bảng hàng đợi chỉ dành cho quản trị viên.</p><p><a href="/console/">Quay lại bảng điều hành</a></p>`;

/**
 * bull-board at /admin/queues, for admins only. A browser without a session is sent to the
 * console's login and back; bull-board's own buttons (retry, clean, pause) cannot send our
 * CSRF header, so its writes are held to same-origin instead, and audited like any other.
 */
export function mountQueueDashboard(app: Express, ctx: AppContext): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [...ctx.queues.values()].map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "Hàng đợi" } },
  });
  const guard = requireStaff(ctx, ["admin"], { csrf: "same-origin" });
  app.use(
    QUEUE_DASHBOARD_PATH,
    (req: Request, res: Response, next: NextFunction) =>
      guard(req, res, (err?: unknown) => {
        const code = (err as { code?: string } | undefined)?.code;
        if (code === "UNAUTHENTICATED" && wantsHtml(req)) {
          const back = (req.baseUrl + req.path).replace(/\/$/, "");
          res.redirect(`/console/login?next=${encodeURIComponent(back)}`);
          return;
        }
        if (code === "FORBIDDEN" && wantsHtml(req)) {
          res.status(403).type("html").send(FORBIDDEN_PAGE);
          return;
        }
        next(err);
      }),
    // bull-board's page asks Google for its font: refused here, so no request leaves the IOC
    // network (the system font is used instead). Its inline scripts and styles stay allowed.
    (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader("content-security-policy", DASHBOARD_CSP);
      next();
    },
    adapter.getRouter(),
  );
}
