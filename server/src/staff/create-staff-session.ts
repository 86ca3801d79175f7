import { randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { sha256 } from "../citizens/citizen-auth.js";

/**
 * A new staff session: the random token goes to the browser (httpOnly cookie) and only its
 * sha256 is stored, so a database leak does not hand out live sessions. The CSRF token is
 * given to the console in the response body and checked on every write.
 */
export async function createStaffSession(ctx: AppContext, staffId: string) {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const now = Date.now();
  const expiresAt = new Date(now + ctx.config.SESSION_TTL_HOURS * 3600_000);
  await ctx.db.$transaction([
    // Housekeeping on the way in: this user's dead sessions go.
    ctx.db.staffSession.deleteMany({ where: { staffId, expiresAt: { lt: new Date(now) } } }),
    ctx.db.staffSession.create({ data: { tokenHash: sha256(token), csrfToken, staffId, expiresAt } }),
  ]);
  return { token, csrfToken, expiresAt };
}
