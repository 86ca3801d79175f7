import type { Db } from "../../platform/db.js";
import { IntegrationHttp, UpstreamError, UpstreamNoAnswerError, type CallLogEntry } from "../http.js";

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
    /** -216 although the token was refreshed for this very call: another refresh will not help. */
    afterRefresh = false,
  ) {
    // Rate limits and server-side trouble are worth retrying; the rest are permanent.
    super(
      "zalo_oa",
      message,
      200,
      oaCode === OA_ERRORS.RATE_LIMITED || (oaCode === OA_ERRORS.TOKEN_INVALID && !afterRefresh),
    );
  }
}

/**
 * A message went to Zalo and no answer came back (a timeout, a dropped connection): Zalo may
 * have delivered it. Zalo takes no idempotency key and our integrations.md lists no API that
 * shows an OA's sent messages, so it cannot be checked; sending it again could make a second
 * copy on the citizen's phone. The sender records it as `uncertain` instead.
 */
export class OaDeliveryUnknownError extends UpstreamError {
  constructor(operation: string) {
    super("zalo_oa", `${operation}: no answer from Zalo, delivery unknown`, undefined, false);
    this.name = "OaDeliveryUnknownError";
  }
}

/** The stored refresh token was refused: the OA must be authorised again by an admin. */
export class OaTokenLostError extends UpstreamError {
  constructor(
    detail: string,
    /** Already recorded on the token row (a refresh refused before). */
    readonly known = false,
  ) {
    super("zalo_oauth", `OA refresh token refused (${detail}): re-authorise the OA`, 400, false);
    this.name = "OaTokenLostError";
  }
}

/** Zalo refused an authorization code (used, expired, or not matching the verifier). */
export class OaConnectError extends UpstreamError {
  constructor(detail: string, status?: number) {
    super("zalo_oauth", `OA authorization code refused (${detail})`, status, false);
    this.name = "OaConnectError";
  }
}

/** What the console shows about the OA's connection. */
export interface OaConnectionStatus {
  state: "connected" | "lost" | "missing";
  accessExpiresAt: string | null;
  refreshedAt: string | null;
  connectedAt: string | null;
  connectedBy: string | null;
  lostAt: string | null;
}

export interface OaSendResult {
  messageId: string;
}

/** A button on a consultation message: open a link, or send `payload` back as the user's text. */
export interface OaButton {
  title: string;
  type: "oa.open.url" | "oa.query.show" | "oa.query.hide";
  payload: string | { url: string };
}

/** One row of a list message (the first row is shown large, with its image). */
export interface OaListElement {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  /** Tapping the row: open a link or send text back. */
  action?: { type: "oa.open.url"; url: string } | { type: "oa.query.show"; payload: string };
}

interface TokenRow {
  accessToken: string;
  refreshToken: string;
  version: number;
  accessExpiresAt: Date;
  lostAt: Date | null;
}

/** `expires_in` comes as a string of seconds (about 25 h); a missing one counts as 25 h. */
function expiryOf(expiresIn: unknown): Date {
  const n = Number(expiresIn);
  return new Date(Date.now() + (Number.isFinite(n) && n > 0 ? n : 90_000) * 1000);
}

/** Refresh this long before the access token expires (it lives about 25 h). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Zalo OA Open API client: consultation messages (text, buttons, list, image after upload),
 * approved template messages by user id and ZNS by phone, with the OA access token kept in
 * the database and refreshed before expiry.
 *
 * The refresh token is single-use (every refresh returns a new pair). Refreshing is
 * serialised with a row lock on the one OaToken row (taken with SKIP LOCKED: the others wait
 * without a connection and read the row again) and the new pair is written in the
 * transaction that holds that lock, right after Zalo answers: a second worker sees the
 * version moved and uses the new token instead of spending the old refresh token again; a
 * refresh that fails before Zalo answers rolls back and leaves the stored pair as it was.
 * (The gaps no client can close: Zalo rotating the pair but its answer never reaching us
 * (a timeout), or the process dying between Zalo answering and the commit. The next refresh
 * then reports OaTokenLostError loudly, once, instead of looping.)
 */
export class ZaloOaClient {
  constructor(
    private readonly http: IntegrationHttp,
    private readonly db: Db,
    private readonly opts: {
      apiUrl: string;
      oauthUrl: string;
      appId: string;
      appSecret: string;
      /** ZNS host (business.openapi.zalo.me); defaults to apiUrl. */
      businessUrl?: string;
      /** How long to wait for Zalo's answer to one request (default 10 s). */
      timeoutMs?: number;
    },
  ) {}

  private async tokenRow(): Promise<TokenRow> {
    const row = await this.db.oaToken.findUnique({ where: { id: "oa" } });
    if (!row) throw new UpstreamError("zalo_oa", "no OA token stored: seed one", undefined, false);
    return row;
  }

  /** A usable access token, refreshed first when it expires within the margin. */
  async accessToken(): Promise<{ token: string; version: number }> {
    const row = await this.tokenRow();
    if (row.accessExpiresAt.getTime() > Date.now() + REFRESH_MARGIN_MS) {
      return { token: row.accessToken, version: row.version };
    }
    return this.refresh(row.version);
  }

  /**
   * Refreshes unless another worker already did since we read `seenVersion` (then its new
   * token is returned). Under a row lock, with a compare-and-swap on the version as well.
   * When Zalo refuses the refresh token, the row is marked lost (the console says so and
   * asks an admin to reconnect) and later refreshes fail at once instead of asking again.
   */
  async refresh(seenVersion: number): Promise<{ token: string; version: number }> {
    try {
      return await this.refreshLocked(seenVersion);
    } catch (e) {
      if (e instanceof OaTokenLostError && !e.known) {
        await this.db.oaToken.updateMany({
          where: { id: "oa", version: seenVersion },
          data: { lostAt: new Date(), lostReason: e.message.slice(0, 300) },
        });
      }
      throw e;
    }
  }

  /**
   * One refresh at a time across every worker, without making the others hold database
   * connections while they wait: whoever takes the row lock (FOR UPDATE SKIP LOCKED) refreshes;
   * the others release their connection at once, sleep and read the row again until the
   * version moves (the winner's new pair) or the lock is free. The winner's transaction needs
   * no other connection before it commits (the call-log entry is written after), so a pool
   * busy with other jobs cannot make it time out and throw away the pair Zalo just rotated.
   */
  private async refreshLocked(seenVersion: number): Promise<{ token: string; version: number }> {
    const deadline = Date.now() + 3 * (this.opts.timeoutMs ?? 10_000) + 5000;
    for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
      const mine = await this.tryRefresh(seenVersion);
      if (mine) return mine;
      const row = await this.tokenRow();
      if (row.version !== seenVersion) return { token: row.accessToken, version: row.version };
      if (row.lostAt) throw new OaTokenLostError("refused earlier", true);
      if (Date.now() > deadline)
        throw new UpstreamError("zalo_oauth", "another worker's refresh is taking too long", undefined, true);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** The refresh itself, if the row lock is free (null when another worker holds it). */
  private async tryRefresh(seenVersion: number): Promise<{ token: string; version: number } | null> {
    let logEntry: CallLogEntry | undefined;
    try {
      return await this.db.$transaction(
        async (tx) => {
          const rows = await tx.$queryRaw<TokenRow[]>`
            SELECT "accessToken", "refreshToken", version, "accessExpiresAt", "lostAt"
            FROM "OaToken" WHERE id = 'oa' FOR UPDATE SKIP LOCKED`;
          const row = rows[0];
          if (!row) return null; // locked by another refresher (a missing row: tokenRow() says so)
          if (row.version !== seenVersion) return { token: row.accessToken, version: row.version };
          if (row.lostAt) throw new OaTokenLostError("refused earlier", true);
          const ex = await this.http.exchange({
            operation: "oauth.refresh",
            method: "POST",
            url: `${this.opts.oauthUrl}/v4/oa/access_token`,
            headers: { secret_key: this.opts.appSecret, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              refresh_token: row.refreshToken,
              app_id: this.opts.appId,
              grant_type: "refresh_token",
            }),
            ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
          });
          logEntry = ex.entry;
          // No answer: Zalo may have rotated the pair anyway (then the stored one is dead and
          // the next refresh reports OaTokenLostError: loud, once, not a loop).
          if ("error" in ex) throw ex.error;
          const res = ex.result;
          const body = (res.json ?? {}) as {
            access_token?: string;
            refresh_token?: string;
            expires_in?: string | number;
            error?: number;
          };
          if (!body.access_token || !body.refresh_token) {
            // Zalo refused the token itself (used, expired, revoked): retrying cannot help.
            if (typeof body.error === "number" && body.error !== 0 && res.status < 500) {
              throw new OaTokenLostError(String(body.error));
            }
            throw new UpstreamError("zalo_oauth", `refresh failed: HTTP ${res.status}`, res.status, true);
          }
          const expiresAt = expiryOf(body.expires_in);
          const updated = await tx.$executeRaw`
            UPDATE "OaToken"
            SET "accessToken" = ${body.access_token}, "refreshToken" = ${body.refresh_token},
                "accessExpiresAt" = ${expiresAt}, version = version + 1, "updatedAt" = now()
            WHERE id = 'oa' AND version = ${seenVersion}`;
          if (updated !== 1) throw new Error("OaToken version moved under its own row lock");
          return { token: body.access_token, version: seenVersion + 1 };
        },
        { timeout: 2 * (this.opts.timeoutMs ?? 10_000) + 10_000, maxWait: 20_000 },
      );
    } finally {
      if (logEntry) await this.http.log(logEntry);
    }
  }

  /**
   * Where to send an OA admin to (re)connect the OA (OAuth v4 with PKCE): Zalo shows its
   * consent page and sends the admin back to `redirectUri` with `code` and `state`.
   */
  permissionUrl(p: { redirectUri: string; codeChallenge: string; state: string }): string {
    const u = new URL(`${this.opts.oauthUrl}/v4/oa/permission`);
    u.searchParams.set("app_id", this.opts.appId);
    u.searchParams.set("redirect_uri", p.redirectUri);
    u.searchParams.set("code_challenge", p.codeChallenge);
    u.searchParams.set("state", p.state);
    return u.toString();
  }

  /**
   * Trades an authorization code for a new pair and stores it in place of whatever was
   * there (a lost pair included), bumping the version so a refresher holding the old one
   * gives way. The code is single-use, so the pair is written in the transaction that holds
   * the row lock, as in a refresh.
   */
  async connect(code: string, codeVerifier: string, staffId: string): Promise<OaConnectionStatus> {
    const res = await this.http.call({
      operation: "oauth.code",
      method: "POST",
      url: `${this.opts.oauthUrl}/v4/oa/access_token`,
      headers: { secret_key: this.opts.appSecret, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        code,
        app_id: this.opts.appId,
        grant_type: "authorization_code",
        code_verifier: codeVerifier,
      }),
    });
    const body = (res.json ?? {}) as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: unknown;
      error?: number;
    };
    if (!body.access_token || !body.refresh_token) {
      throw new OaConnectError(String(body.error ?? `HTTP ${res.status}`), res.status);
    }
    const expiresAt = expiryOf(body.expires_in);
    await this.db.$executeRaw`
      INSERT INTO "OaToken" (id, "accessToken", "refreshToken", "accessExpiresAt", version, "updatedAt",
                             "connectedAt", "connectedBy", "lostAt", "lostReason")
      VALUES ('oa', ${body.access_token}, ${body.refresh_token}, ${expiresAt}, 1, now(), now(), ${staffId}, NULL, NULL)
      ON CONFLICT (id) DO UPDATE SET
        "accessToken" = EXCLUDED."accessToken", "refreshToken" = EXCLUDED."refreshToken",
        "accessExpiresAt" = EXCLUDED."accessExpiresAt", version = "OaToken".version + 1, "updatedAt" = now(),
        "connectedAt" = now(), "connectedBy" = EXCLUDED."connectedBy", "lostAt" = NULL, "lostReason" = NULL`;
    return this.status();
  }

  /** The OA's connection as the console shows it (never the tokens themselves). */
  async status(): Promise<OaConnectionStatus> {
    const row = await this.db.oaToken.findUnique({ where: { id: "oa" } });
    const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
    return {
      state: !row ? "missing" : row.lostAt ? "lost" : "connected",
      accessExpiresAt: iso(row?.accessExpiresAt),
      refreshedAt: iso(row?.updatedAt),
      connectedAt: iso(row?.connectedAt),
      connectedBy: row?.connectedBy ?? null,
      lostAt: iso(row?.lostAt),
    };
  }

  /**
   * One call with the OA token: refreshed before expiry; -216 → one refresh, one retry.
   * `delivers`: the call puts a message on a phone, so a request that got no answer may have
   * done so (OaDeliveryUnknownError).
   */
  private async call(
    operation: string,
    url: string,
    body: string | FormData,
    contentType?: string,
    delivers = true,
  ): Promise<{ data?: Record<string, unknown> }> {
    let { token, version } = await this.accessToken();
    for (let attempt = 0; ; attempt++) {
      const res = await this.http
        .call({
          operation,
          method: "POST",
          url,
          headers: { access_token: token, ...(contentType ? { "content-type": contentType } : {}) },
          body,
          ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
        })
        .catch((e: unknown) => {
          if (delivers && e instanceof UpstreamNoAnswerError && e.mayHaveArrived)
            throw new OaDeliveryUnknownError(operation);
          throw e;
        });
      if (res.status === 429 || res.status >= 500) {
        throw new UpstreamError("zalo_oa", `${operation} HTTP ${res.status}`, res.status, true);
      }
      const answer = (res.json ?? {}) as { error?: number; message?: string; data?: Record<string, unknown> };
      if (!answer.error) return answer;
      if (answer.error === OA_ERRORS.TOKEN_INVALID && attempt === 0) {
        ({ token, version } = await this.refresh(version));
        continue;
      }
      // A -216 right after a refresh is not retried by the job either: each retry would
      // refresh (rotate the pair) again, up to 8 times a message, for every message queued.
      throw new OaSendError(
        answer.error,
        `${operation}: ${answer.error} ${answer.message ?? ""}`,
        attempt > 0,
      );
    }
  }

  private async send(operation: string, path: string, payload: unknown): Promise<OaSendResult> {
    const answer = await this.call(
      operation,
      `${this.opts.apiUrl}${path}`,
      JSON.stringify(payload),
      "application/json",
    );
    return { messageId: String(answer.data?.message_id ?? answer.data?.msg_id ?? "") };
  }

  /** Consultation text message (≤ 2,000 characters). */
  sendText(userId: string, text: string): Promise<OaSendResult> {
    return this.send("oa.message.cs", "/v3.0/oa/message/cs", {
      recipient: { user_id: userId },
      message: { text: text.slice(0, 2000) },
    });
  }

  /** Consultation message with buttons (at most 5, Zalo's limit). */
  sendButtons(userId: string, text: string, buttons: OaButton[]): Promise<OaSendResult> {
    return this.send("oa.message.cs", "/v3.0/oa/message/cs", {
      recipient: { user_id: userId },
      message: {
        text: text.slice(0, 2000),
        attachment: { type: "template", payload: { buttons: buttons.slice(0, 5) } },
      },
    });
  }

  /** List message: up to 5 rows, each opening a link or sending text back. */
  sendList(userId: string, elements: OaListElement[], buttons: OaButton[] = []): Promise<OaSendResult> {
    return this.send("oa.message.cs", "/v3.0/oa/message/cs", {
      recipient: { user_id: userId },
      message: {
        attachment: {
          type: "template",
          payload: {
            template_type: "list",
            elements: elements.slice(0, 5).map((e) => ({
              title: e.title.slice(0, 100),
              ...(e.subtitle ? { subtitle: e.subtitle.slice(0, 500) } : {}),
              ...(e.imageUrl ? { image_url: e.imageUrl } : {}),
              ...(e.action ? { default_action: e.action } : {}),
            })),
            ...(buttons.length ? { buttons: buttons.slice(0, 5) } : {}),
          },
        },
      },
    });
  }

  /** Uploads an image (multipart field `file`); returns the attachment id to send. */
  async uploadImage(bytes: Buffer, fileName: string, mimeType: string): Promise<string> {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type: mimeType }), fileName);
    const answer = await this.call(
      "oa.upload.image",
      `${this.opts.apiUrl}/v2.0/oa/upload/image`,
      form,
      undefined,
      false,
    );
    const id = answer.data?.attachment_id;
    if (typeof id !== "string" || !id)
      throw new OaSendError(OA_ERRORS.INVALID_PARAM, "upload: no attachment_id");
    return id;
  }

  /** Image message: upload first, then send the attachment (with an optional caption). */
  async sendImage(
    userId: string,
    image: { bytes: Buffer; fileName: string; mimeType: string },
    caption?: string,
  ) {
    const attachmentId = await this.uploadImage(image.bytes, image.fileName, image.mimeType);
    return this.send("oa.message.cs", "/v3.0/oa/message/cs", {
      recipient: { user_id: userId },
      message: {
        ...(caption ? { text: caption.slice(0, 2000) } : {}),
        attachment: {
          type: "template",
          payload: {
            template_type: "media",
            elements: [{ media_type: "image", attachment_id: attachmentId }],
          },
        },
      },
    });
  }

  /**
   * Approved template message by user id (reported to replace UID transaction messages in
   * 2026, not confirmed): for a follower outside the consultation window, no phone needed.
   */
  sendTemplate(input: {
    userId: string;
    templateId: string;
    templateData: Record<string, string>;
  }): Promise<OaSendResult> {
    return this.send("oa.message.template", "/v3.0/oa/message/template", {
      user_id: input.userId,
      template_id: input.templateId,
      template_data: input.templateData,
    });
  }

  /** ZNS template message by phone (84-format): reaches a citizen outside the OA window. */
  sendZns(input: {
    phone: string;
    templateId: string;
    templateData: Record<string, string>;
    trackingId: string;
  }): Promise<OaSendResult> {
    return this.call(
      "zns.message.template",
      `${this.opts.businessUrl ?? this.opts.apiUrl}/message/template`,
      JSON.stringify({
        phone: input.phone,
        template_id: input.templateId,
        template_data: input.templateData,
        tracking_id: input.trackingId,
      }),
      "application/json",
    ).then((a) => ({ messageId: String(a.data?.msg_id ?? "") }));
  }
}
