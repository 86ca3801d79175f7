import type { Db } from "../../platform/db.js";
import { IntegrationHttp, UpstreamError } from "../http.js";

// Zalo OA error codes seen in practice (integrations.md §1). Errors arrive with HTTP 200.
export const OA_ERRORS = {
  TOKEN_INVALID: -216,
  NOT_FOLLOWING: -213,
  OUTSIDE_WINDOW: -230,
  RATE_LIMITED: -32,
  INVALID_PARAM: -201,
  PROMOTION_AT_NIGHT: -234,
} as const;

export class OaSendError extends UpstreamError {
  constructor(
    readonly oaCode: number,
    message: string,
  ) {
    // Rate limits and server-side trouble are worth retrying; the rest are permanent.
    super("zalo_oa", message, 200, oaCode === OA_ERRORS.RATE_LIMITED || oaCode === OA_ERRORS.TOKEN_INVALID);
  }
}

export interface OaSendResult {
  messageId: string;
}

/**
 * Zalo OA Open API client: consultation messages, with the OA access token kept in the
 * database and refreshed before expiry. The refresh token is single-use, so refreshing is
 * serialised with a row lock and the new pair is stored in the same transaction.
 */
export class ZaloOaClient {
  constructor(
    private readonly http: IntegrationHttp,
    private readonly db: Db,
    private readonly opts: { apiUrl: string; oauthUrl: string; appId: string; appSecret: string },
  ) {}

  async accessToken(forceRefresh = false): Promise<string> {
    const row = await this.db.oaToken.findUnique({ where: { id: "oa" } });
    if (!row) throw new UpstreamError("zalo_oa", "no OA token stored: seed one", undefined, false);
    const soon = Date.now() + 5 * 60_000;
    if (!forceRefresh && row.accessExpiresAt.getTime() > soon) return row.accessToken;
    return this.refresh(row.version);
  }

  /** Refreshes unless another worker already did (version changed), under a row lock. */
  async refresh(seenVersion: number): Promise<string> {
    return this.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<
          { accessToken: string; refreshToken: string; version: number; accessExpiresAt: Date }[]
        >`
          SELECT "accessToken", "refreshToken", version, "accessExpiresAt" FROM "OaToken" WHERE id = 'oa' FOR UPDATE`;
        const row = rows[0];
        if (!row) throw new UpstreamError("zalo_oa", "no OA token stored", undefined, false);
        if (row.version !== seenVersion) return row.accessToken; // someone refreshed meanwhile
        const res = await this.http.call({
          operation: "oauth.refresh",
          method: "POST",
          url: `${this.opts.oauthUrl}/v4/oa/access_token`,
          headers: { secret_key: this.opts.appSecret, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            refresh_token: row.refreshToken,
            app_id: this.opts.appId,
            grant_type: "refresh_token",
          }),
        });
        const body = (res.json ?? {}) as {
          access_token?: string;
          refresh_token?: string;
          expires_in?: string | number;
          error?: number;
        };
        if (!body.access_token || !body.refresh_token) {
          throw new UpstreamError(
            "zalo_oauth",
            `refresh refused: ${body.error ?? res.status}`,
            res.status,
            false,
          );
        }
        const expiresIn = Number(body.expires_in ?? 90000);
        await tx.oaToken.update({
          where: { id: "oa" },
          data: {
            accessToken: body.access_token,
            refreshToken: body.refresh_token,
            accessExpiresAt: new Date(Date.now() + expiresIn * 1000),
            version: { increment: 1 },
          },
        });
        return body.access_token;
      },
      { timeout: 20_000 },
    );
  }

  private async post(
    operation: string,
    path: string,
    payload: unknown,
    retried = false,
  ): Promise<OaSendResult> {
    const token = await this.accessToken();
    const res = await this.http.call({
      operation,
      method: "POST",
      url: `${this.opts.apiUrl}${path}`,
      headers: { access_token: token, "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    if (res.status === 429 || res.status >= 500) {
      throw new UpstreamError("zalo_oa", `${operation} HTTP ${res.status}`, res.status, true);
    }
    const body = (res.json ?? {}) as {
      error?: number;
      message?: string;
      data?: { message_id?: string; msg_id?: string };
    };
    if (body.error && body.error !== 0) {
      if (body.error === OA_ERRORS.TOKEN_INVALID && !retried) {
        const row = await this.db.oaToken.findUnique({ where: { id: "oa" } });
        await this.refresh(row?.version ?? -1);
        return this.post(operation, path, payload, true); // one refresh, one retry
      }
      throw new OaSendError(body.error, `${operation}: ${body.error} ${body.message ?? ""}`);
    }
    return { messageId: String(body.data?.message_id ?? body.data?.msg_id ?? "") };
  }

  /** Consultation text message (≤ 2,000 characters). */
  sendText(userId: string, text: string): Promise<OaSendResult> {
    return this.post("oa.message.cs", "/v3.0/oa/message/cs", {
      recipient: { user_id: userId },
      message: { text: text.slice(0, 2000) },
    });
  }

  /** Consultation message with buttons (open a URL or send a payload back as text). */
  sendButtons(
    userId: string,
    text: string,
    buttons: { title: string; type: "oa.open.url" | "oa.query.show"; payload: string | { url: string } }[],
  ): Promise<OaSendResult> {
    return this.post("oa.message.cs", "/v3.0/oa/message/cs", {
      recipient: { user_id: userId },
      message: {
        text: text.slice(0, 2000),
        attachment: { type: "template", payload: { buttons: buttons.slice(0, 5) } },
      },
    });
  }
}
