import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Express, NextFunction, Request, Response } from "express";
import type { AppContext } from "../platform/context.js";
import { requireStaff } from "./require-staff.js";

export const QUEUE_DASHBOARD_PATH = "/admin/queues";

/** bull-board at /admin/queues, for admins only; a browser without a session goes to login. */
export function mountQueueDashboard(app: Express, ctx: AppContext): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [...ctx.queues.values()].map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
  });
  const guard = requireStaff(ctx, ["admin"]);
  app.use(
    QUEUE_DASHBOARD_PATH,
    (req: Request, res: Response, next: NextFunction) =>
      guard(req, res, (err?: unknown) => {
        const code = (err as { code?: string } | undefined)?.code;
        if (code === "UNAUTHENTICATED" && req.accepts(["json", "html"]) === "html") {
          res.redirect(`/console/login?next=${encodeURIComponent(QUEUE_DASHBOARD_PATH)}`);
          return;
        }
        next(err);
      }),
    // bull-board's own pages use inline scripts and styles.
    (_req: Request, res: Response, next: NextFunction) => {
      res.removeHeader("content-security-policy");
      next();
    },
    adapter.getRouter(),
  );
}
