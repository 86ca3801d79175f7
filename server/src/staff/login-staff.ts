import { randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { sha256 } from "../citizens/citizen-auth.js";
import { dummyHash, verifyPassword } from "./passwords.js";
import { recordAudit } from "./record-audit.js";

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/**
 * Password login with lockout: 5 consecutive failures lock the account for 15 minutes,
 * during which even the right password is refused. Unknown usernames and wrong passwords
 * answer alike and take alike (a dummy hash is verified).
 */
export async function loginStaff(
  ctx: AppContext,
  input: { username: string; password: string; ip?: string },
) {
  const user = await ctx.db.staffUser.findUnique({
    where: { username: input.username },
    include: { agency: true },
  });
  if (!user || !user.active) {
    await verifyPassword(await dummyHash(), input.password);
    await recordAudit(ctx, {
      staffId: null,
      action: "login_failed",
      target: input.username.slice(0, 64),
      ...ipOf(input),
    });
    throw new AppError("INVALID_CREDENTIALS");
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAudit(ctx, { staffId: user.id, action: "login_refused_locked", ...ipOf(input) });
    throw lockedError(user.lockedUntil);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    // Atomic increment: parallel guesses cannot slip past the limit.
    const updated = await ctx.db.staffUser.update({
      where: { id: user.id },
      data: { failedLogins: { increment: 1 } },
    });
    if (updated.failedLogins >= MAX_FAILED_LOGINS) {
      const until = new Date(Date.now() + LOCK_MINUTES * 60_000);
      await ctx.db.staffUser.update({
        where: { id: user.id },
        data: { lockedUntil: until, failedLogins: 0 },
      });
      await recordAudit(ctx, {
        staffId: user.id,
        action: "account_locked",
        detail: { until: until.toISOString() },
        ...ipOf(input),
      });
      throw lockedError(until);
    }
    await recordAudit(ctx, {
      staffId: user.id,
      action: "login_failed",
      detail: { failures: updated.failedLogins },
      ...ipOf(input),
    });
    throw new AppError("INVALID_CREDENTIALS");
  }
  await ctx.db.staffUser.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_TTL_HOURS * 3600_000);
  await ctx.db.staffSession.create({
    data: { tokenHash: sha256(token), csrfToken, staffId: user.id, expiresAt },
  });
  await recordAudit(ctx, { staffId: user.id, action: "login", ...ipOf(input) });
  return { token, csrfToken, expiresAt, user };
}

const ipOf = (input: { ip?: string }) => (input.ip ? { ip: input.ip } : {});

function lockedError(until: Date) {
  const hhmm = new Date(until.getTime() + 7 * 3600_000).toISOString().slice(11, 16);
  return new AppError("ACCOUNT_LOCKED", {
    message: "account locked",
    userMessage: `Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${hhmm}.`,
  });
}
