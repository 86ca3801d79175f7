import { createHash, randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { sha256 } from "../citizens/citizen-auth.js";
import { recordAudit } from "../staff/record-audit.js";
import { OaConnectError, type OaConnectionStatus } from "../integrations/zalo/oa-client.js";

/** An admin has this long between "Kết nối lại" and coming back from Zalo's consent page. */
const REQUEST_TTL_MS = 10 * 60_000;

/**
 * Connecting the Official Account (OAuth v4 with PKCE), from the console. Needed once at
 * installation and again whenever Zalo refuses the stored refresh token (it is single-use
 * and lives about three months): until then no message, alert included, can be sent.
 */
export async function startOaConnection(
  ctx: AppContext,
  staffId: string,
  redirectUri: string,
): Promise<{ url: string }> {
  const verifier = randomBytes(48).toString("base64url"); // 64 characters (PKCE allows 43–128)
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const state = randomBytes(24).toString("base64url");
  await ctx.db.oaAuthRequest.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 86_400_000) } } });
  await ctx.db.oaAuthRequest.create({ data: { stateHash: sha256(state), codeVerifier: verifier, staffId } });
  return { url: ctx.integrations.zaloOa.permissionUrl({ redirectUri, codeChallenge: challenge, state }) };
}

/**
 * Zalo sent the admin back. The `state` must be one we handed out in the last 10 minutes
 * and not used yet (the staff cookie is SameSite=Strict and does not come back with a
 * redirect from Zalo's site, so the state is what proves who started it).
 */
export async function finishOaConnection(
  ctx: AppContext,
  q: {
    state: string;
    code?: string | undefined;
    error?: string | undefined;
    /** The OA the admin granted: a code for another OA (a second account) is not ours. */
    oaId?: string | undefined;
    ip?: string | undefined;
  },
): Promise<OaConnectionStatus> {
  const stateHash = sha256(q.state);
  const req = await ctx.db.oaAuthRequest.findUnique({ where: { stateHash } });
  if (!req || Date.now() - req.createdAt.getTime() > REQUEST_TTL_MS)
    throw new AppError("BAD_REQUEST", { message: "unknown or expired OA connection request" });
  const claimed = await ctx.db.oaAuthRequest.updateMany({
    where: { stateHash, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (claimed.count !== 1)
    throw new AppError("BAD_REQUEST", { message: "OA connection request already used" });
  const audit = (outcome: string) =>
    recordAudit(ctx, {
      staffId: req.staffId,
      action: "oa.connect",
      target: "zalo_oa",
      detail: { outcome },
      ...(q.ip ? { ip: q.ip } : {}),
    });
  if (!q.code) {
    await audit(q.error ?? "no_code");
    throw new OaConnectError(q.error ?? "no code");
  }
  if (q.oaId !== undefined && q.oaId !== ctx.config.ZALO_OA_ID) {
    await audit("wrong_oa");
    throw new OaConnectError(`granted for OA ${q.oaId}, expected ${ctx.config.ZALO_OA_ID}`);
  }
  try {
    const status = await ctx.integrations.zaloOa.connect(q.code, req.codeVerifier, req.staffId);
    await audit("connected");
    ctx.logger.info({ staffId: req.staffId }, "Zalo OA connected");
    return status;
  } catch (e) {
    await audit(e instanceof OaConnectError ? "code_refused" : "zalo_unavailable");
    throw e;
  }
}
