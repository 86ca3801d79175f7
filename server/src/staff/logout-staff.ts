import type { AppContext } from "../platform/context.js";
import { recordAudit } from "./record-audit.js";

/** Ends one session (the one making the request); other devices stay signed in. */
export async function logoutStaff(
  ctx: AppContext,
  input: { sessionId: string; staffId: string; ip?: string },
) {
  await ctx.db.staffSession.deleteMany({ where: { id: input.sessionId } });
  await recordAudit(ctx, {
    staffId: input.staffId,
    action: "logout",
    ...(input.ip ? { ip: input.ip } : {}),
  });
}
