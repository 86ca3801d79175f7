import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { createStaffSession } from "./create-staff-session.js";
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
  // Domain queries scope a clerk by agency; a clerk bound to none must not get a session at all.
  if (user.role === "clerk" && !user.agencyId) {
    await recordAudit(ctx, { staffId: user.id, action: "login_refused_no_agency", ...ipOf(input) });
    throw new AppError("FORBIDDEN", {
      message: "clerk account is not bound to an agency",
      userMessage: "Tài khoản chưa được gán cơ quan. Vui lòng liên hệ quản trị viên.",
    });
  }
  const { token, csrfToken, expiresAt } = await createStaffSession(ctx, user.id);
  await recordAudit(ctx, { staffId: user.id, action: "login", ...ipOf(input) });
  return { token, csrfToken, expiresAt, user };
}

const ipOf = (input: { ip?: string }) => (input.ip ? { ip: input.ip } : {});

function lockedError(until: Date) {
  // Lào Cai time is UTC+7 all year (no daylight saving), so no time-zone database is needed.
  const hhmm = new Date(until.getTime() + 7 * 3600_000).toISOString().slice(11, 16);
  return new AppError("ACCOUNT_LOCKED", {
    message: "account locked",
    userMessage: `Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${hhmm}.`,
  });
}
