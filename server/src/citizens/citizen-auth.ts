import { createHash, randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { UpstreamError } from "../integrations/http.js";
import type { Language } from "../platform/db.js";

/** zmp-sdk's stand-in user on localhost (platform-notes.md). */
export const DEV_STANDIN_ZALO_ID = "3368637342326461234";

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * Signs a citizen in from the mini app's Zalo access token: the server asks Zalo's Graph
 * API who it belongs to (never trusting an id sent by the client). In development mode,
 * explicitly enabled and refused in production, the localhost stand-in (empty token) is
 * accepted as the SDK's stand-in user.
 */
export async function signInWithZalo(
  ctx: AppContext,
  input: { accessToken: string; displayName?: string | undefined },
) {
  let zaloUserId: string;
  let name: string | null = input.displayName ?? null;
  let devMode = false;
  if (input.accessToken === "") {
    if (!ctx.config.ZALO_DEV_LOGIN || ctx.config.NODE_ENV === "production") {
      throw new AppError("UNAUTHENTICATED", {
        message: "empty Zalo access token",
        userMessage: "Không xác thực được tài khoản Zalo. Vui lòng mở ứng dụng từ Zalo.",
      });
    }
    zaloUserId = DEV_STANDIN_ZALO_ID;
    devMode = true;
  } else {
    try {
      const profile = await ctx.integrations.zaloGraph.me(input.accessToken);
      zaloUserId = profile.id;
      name = profile.name ?? name;
    } catch (err) {
      if (err instanceof UpstreamError && !err.retryable) {
        throw new AppError("UNAUTHENTICATED", {
          message: "Zalo refused the access token",
          userMessage: "Phiên đăng nhập Zalo đã hết hạn. Vui lòng mở lại ứng dụng.",
        });
      }
      throw new AppError("UPSTREAM_FAILED", { message: "Zalo Graph API unavailable", cause: err });
    }
  }
  const citizen = await ctx.db.citizen.upsert({
    where: { zaloUserId },
    create: { zaloUserId, displayName: name?.slice(0, 100) ?? null },
    update: { ...(name ? { displayName: name.slice(0, 100) } : {}), deletedAt: null },
  });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_TTL_HOURS * 3600_000);
  await ctx.db.citizenSession.create({
    data: { tokenHash: sha256(token), citizenId: citizen.id, expiresAt, devMode },
  });
  return { token, expiresAt, citizen };
}

export function requireCitizen(ctx: AppContext): RequestHandler {
  return (req, _res, next) => {
    const header = req.header("authorization") ?? "";
    const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!m?.[1]) {
      next(new AppError("UNAUTHENTICATED", { message: "missing bearer token" }));
      return;
    }
    // One statement on the pg pool: this runs before every citizen request.
    ctx.pg
      .query<{ id: string; zaloUserId: string; language: Language; devMode: boolean }>(
        `SELECT c.id, c."zaloUserId", c.language, s."devMode"
         FROM "CitizenSession" s JOIN "Citizen" c ON c.id = s."citizenId"
         WHERE s."tokenHash" = $1 AND s."expiresAt" > now() AND c."deletedAt" IS NULL`,
        [sha256(m[1])],
      )
      .then(({ rows: [s] }) => {
        if (!s) {
          next(new AppError("UNAUTHENTICATED", { message: "session expired or unknown" }));
          return;
        }
        req.citizen = { id: s.id, zaloUserId: s.zaloUserId, language: s.language, devMode: s.devMode };
        next();
      }, next);
  };
}
