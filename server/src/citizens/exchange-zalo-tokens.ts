import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { UpstreamError } from "../integrations/http.js";

/** zmp-sdk getPhoneNumber/getLocation give a one-time token; only the server may redeem it. */
async function redeem<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UpstreamError && !err.retryable) {
      throw new AppError("BAD_REQUEST", {
        message: "Zalo refused the token",
        userMessage: "Mã xác nhận của Zalo đã hết hạn. Vui lòng thử lại.",
      });
    }
    throw new AppError("UPSTREAM_FAILED", { message: "Zalo Graph API unavailable", cause: err });
  }
}

/**
 * Stores the citizen's phone number for a stated purpose (messages by phone when they are
 * outside the OA window), with the consent recorded in the same transaction.
 */
export async function savePhoneFromToken(
  ctx: AppContext,
  citizenId: string,
  input: { accessToken: string; token: string; consentTextVersion: string },
) {
  const phone = await redeem(() => ctx.integrations.zaloGraph.phoneFromToken(input.accessToken, input.token));
  await ctx.db.$transaction([
    ctx.db.citizen.update({ where: { id: citizenId }, data: { phone } }),
    ctx.db.consentRecord.create({
      data: {
        citizenId,
        purpose: "phone_notifications",
        granted: true,
        textVersion: input.consentTextVersion,
      },
    }),
  ]);
  return { phoneMasked: `${phone.slice(0, 4)}****${phone.slice(-2)}` };
}

/** Where the phone is, for one use (a report, a subscription); not stored here. */
export async function locationFromToken(ctx: AppContext, input: { accessToken: string; token: string }) {
  return redeem(() => ctx.integrations.zaloGraph.locationFromToken(input.accessToken, input.token));
}

/** Withdrawing consent removes the number (Law 91/2025: withdrawal of consent). */
export async function removePhone(ctx: AppContext, citizenId: string) {
  await ctx.db.$transaction([
    ctx.db.citizen.update({ where: { id: citizenId }, data: { phone: null } }),
    ctx.db.consentRecord.create({
      data: { citizenId, purpose: "phone_notifications", granted: false, textVersion: "withdrawal" },
    }),
  ]);
}
