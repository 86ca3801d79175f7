// Zalo simulator (integrations.md §1–2), one port for every Zalo host (openapi, graph,
// oauth, business): the clients in server/src/integrations/zalo/ point all their base URLs
// here. It is not a mock: it keeps its own users, tokens and messages, and refuses what
// Zalo would refuse. Zalo answers errors with HTTP 200 and a non-zero `error`; so do we.
//
// Protocol (what our clients call):
//   GET  /v2.0/me?fields=id,name          header access_token (user token) → {id, name} | {error:452}
//   GET  /v2.0/me/info                    headers access_token, code, secret_key → {data:{number}} or
//                                         {data:{latitude, longitude}}; -124 wrong secret; -501 bad code
//   POST /v4/oa/access_token              form refresh_token, app_id, grant_type=refresh_token; header
//                                         secret_key → {access_token, refresh_token, expires_in:"90000"}.
//                                         A used or unknown refresh token → HTTP 400 {error:-14014}
//                                         (Zalo's own status for this is unconfirmed; our client reads the
//                                         body, never the status, so either works).
//   GET  /v4/oa/permission                app_id, redirect_uri, code_challenge (S256), state → the OA
//                                         admin's consent page; "Cho phép" redirects to redirect_uri
//                                         ?code=…&oa_id=…&state=… ("Từ chối": ?error=access_denied&state=…)
//   POST /v4/oa/access_token              form code, app_id, grant_type=authorization_code, code_verifier;
//                                         header secret_key → a new pair; the code works once within
//                                         10 minutes and only with the verifier of its challenge, else
//                                         HTTP 400 {error:-14019}. The previous refresh token dies.
//   POST /v3.0/oa/message/cs              header access_token (OA) → {error:0, data:{message_id, user_id}}
//   POST /v3.0/oa/message/template        {user_id, template_id, template_data}
//   POST /message/template                ZNS {phone:"84…", template_id, template_data, tracking_id}
//   POST /v2.0/oa/upload/image            multipart field `file` → {error:0, data:{attachment_id}}
//   GET  /media/:name                     a JPEG, standing in for Zalo's photo CDN (image events' url)
//
// Control API (/__sim): see the router at the bottom; every body is JSON.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import express, { type Express, type Request, type Response } from "express";
import sharp from "sharp";
import { z } from "zod";
import { SimClock, escapeHtml, listen, type RunningSim } from "../sim-kit.js";
import { buildZaloEvent, emitEventInput, zaloLikeId } from "./zalo-events.js";
import { zaloEventSignature } from "./zalo-signature.js";

export interface ZaloSimOptions {
  appId: string;
  appSecret: string;
  /** Signs webhook events (sources disagree whether it is the OA secret or the app secret). */
  oaSecretKey: string;
  oaId?: string;
  /** App-wide send limit per minute (reported about 4,000), answered with -32 beyond it. */
  ratePerMinute?: number;
  /** Free consultation window after the user's last interaction (reported 48 h). */
  interactionWindowMs?: number;
  /** getPhoneNumber/getLocation tokens live about 2 minutes (integrations.md §2). */
  oneTimeTokenTtlMs?: number;
  initialAccessToken?: string;
  initialRefreshToken?: string;
  /** Life of an OA access token, on the simulator's clock (reported about 25 h; `expires_in`). */
  accessTokenTtlSeconds?: number;
}

export interface SimUser {
  id: string;
  /** The id the same person has under our app (`user_id_by_app` in events). */
  idByApp: string;
  name: string;
  accessToken: string;
  phone?: string;
  location?: { latitude: number; longitude: number };
  follows: boolean;
  lastInteractAt?: number;
}

export interface SimMessage {
  id: string;
  at: string;
  endpoint: "cs" | "template" | "zns";
  userId?: string;
  phone?: string;
  payload: unknown;
  /** The `error` we answered (0 = sent), HTTP 500, or "timeout" when we never answered. */
  outcome: number | "timeout";
}

/**
 * An injected answer for the next send. "timeout": never answered, never delivered.
 * "deliver_then_timeout": delivered to the phone as usual, then never answered (the caller
 * cannot tell the two apart).
 */
export type ZaloFault = -32 | -216 | -230 | -213 | -201 | 500 | "timeout" | "deliver_then_timeout";

interface OneTimeToken {
  userId: string;
  kind: "phone" | "location";
  lat?: number;
  lon?: number;
  issuedAt: number;
  used: boolean;
}

export interface ZaloSimState {
  users: Map<string, SimUser>;
  oneTimeTokens: Map<string, OneTimeToken>;
  token: {
    access: string;
    /** When the access token stops working (simulator clock, ms): then -216. */
    accessExpiresAt: number;
    refresh: string;
    usedRefresh: Set<string>;
    refreshes: number;
    /**
     * Injected answers for the next refreshes: failing before anything rotates, slow, or
     * rotating the pair and then never answering (the caller's new pair is lost with the answer).
     */
    faults: ("server_error" | "slow" | "rotate_then_timeout")[];
    /** Authorization codes handed out by the permission page, by code. */
    codes: Map<string, { challenge: string; redirectUri: string; issuedAt: number; used: boolean }>;
  };
  messages: SimMessage[];
  sendTimes: number[];
  faults: ZaloFault[];
  ratePerMinute: number;
  clock: SimClock;
}

const HOUR = 3600_000;
const newToken = (prefix: string) => `${prefix}-${randomBytes(12).toString("hex")}`;

// Messages Zalo returns with these codes (wording from observed responses; the codes are
// what clients act on).
const ERROR_TEXT: Record<number, string> = {
  [-32]: "Exceeded rate limit",
  [-201]: "Parameters are invalid",
  [-213]: "User has not followed OA",
  [-216]: "Access token is invalid",
  [-230]: "User has not interacted with the OA in the last 48 hours",
};

const faultSchema = z.union([
  z.literal(-32),
  z.literal(-216),
  z.literal(-230),
  z.literal(-213),
  z.literal(-201),
  z.literal(500),
  z.literal("timeout"),
  z.literal("deliver_then_timeout"),
]);
const faultsBody = z
  .object({
    rateLimit: z.number().int().positive().optional(),
    refresh: z
      .object({
        count: z.number().int().min(1).max(100).default(1),
        fault: z.enum(["server_error", "slow", "rotate_then_timeout"]),
      })
      .optional(),
    failNext: z
      .object({ count: z.number().int().min(1).max(10_000).default(1), error: faultSchema })
      .optional(),
  })
  .strict();
const userBody = z
  .object({
    id: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(200).optional(),
    phone: z
      .string()
      .regex(/^84\d{8,10}$/, "phone in 84-format")
      .optional(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
    follows: z.boolean().optional(),
  })
  .strict();
const emitBody = z
  .object({
    targetUrl: z.string().url(),
    event: emitEventInput.optional(),
    breakWith: z.enum(["wrong_secret", "tamper", "no_signature", "stale"]).optional(),
    /** The exact bytes of an earlier emit (its `rawBody`): Zalo re-sending that event unchanged. */
    resend: z.string().min(2).optional(),
  })
  .strict()
  .refine((b) => (b.event === undefined) !== (b.resend === undefined), "give either event or resend");

function parseOr400<T>(schema: z.ZodType<T>, body: unknown, res: Response): T | undefined {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    res.status(400).json({ error: "invalid control request", issues: r.error.issues });
    return undefined;
  }
  return r.data;
}

export function createZaloSimulator(opts: ZaloSimOptions): { app: Express; state: ZaloSimState } {
  const defaultRate = opts.ratePerMinute ?? 4000;
  const accessTtlMs = (opts.accessTokenTtlSeconds ?? 90_000) * 1000;
  const clock = new SimClock();
  const windowMs = opts.interactionWindowMs ?? 48 * HOUR;
  const oneTimeTtl = opts.oneTimeTokenTtlMs ?? 2 * 60_000;
  const oaId = opts.oaId ?? "laocai-oa";
  const state: ZaloSimState = {
    users: new Map(),
    oneTimeTokens: new Map(),
    token: {
      // The seed stores this pair in OaToken, so a fresh database and a fresh simulator agree.
      access: opts.initialAccessToken ?? "sim-access-token-0",
      accessExpiresAt: clock.now() + accessTtlMs,
      refresh: opts.initialRefreshToken ?? "sim-refresh-token-0",
      usedRefresh: new Set(),
      refreshes: 0,
      faults: [],
      codes: new Map(),
    },
    messages: [],
    sendTimes: [],
    faults: [],
    ratePerMinute: defaultRate,
    clock,
  };
  /** The OA access token a request carries is the current one and has not expired. */
  const validAccess = (t: string | undefined) =>
    t === state.token.access && state.clock.now() < state.token.accessExpiresAt;
  /** The last bodies emitted to our webhook, so a test can have "Zalo" re-send one unchanged. */
  const emitted: string[] = [];
  const app = express();
  app.use(express.json({ limit: "2mb" }));
  app.use(express.urlencoded({ extended: false }));

  const userByToken = (t: string | undefined) =>
    t ? [...state.users.values()].find((u) => u.accessToken === t) : undefined;
  const ensureUser = (id: string): SimUser => {
    let u = state.users.get(id);
    if (!u) {
      u = {
        id,
        idByApp: zaloLikeId(),
        name: `Người dùng ${id.slice(-4)}`,
        accessToken: newToken("user"),
        follows: true,
      };
      state.users.set(id, u);
    }
    return u;
  };

  // ── Graph API (user token → user; one-time token exchange) ──
  app.get("/v2.0/me", (req, res) => {
    const u = userByToken(req.header("access_token"));
    if (!u) return res.json({ error: 452, message: "Access token is invalid or has expired" });
    const fields = String(req.query.fields ?? "id,name").split(",");
    res.json({
      id: u.id,
      name: u.name,
      ...(fields.includes("picture")
        ? { picture: { data: { url: `https://s120-ava-talk.zadn.vn/sim/${u.id}.jpg` } } }
        : {}),
    });
  });
  app.get("/v2.0/me/info", (req, res) => {
    // The app secret proves the caller is our server: it never leaves it.
    if (req.header("secret_key") !== opts.appSecret)
      return res.json({ error: -124, message: "Invalid secret key" });
    const u = userByToken(req.header("access_token"));
    if (!u) return res.json({ error: 452, message: "Access token is invalid or has expired" });
    const t = state.oneTimeTokens.get(req.header("code") ?? "");
    // One user's token is useless with another's access token, and it works exactly once.
    if (!t || t.userId !== u.id || t.used || state.clock.now() - t.issuedAt > oneTimeTtl) {
      return res.json({ error: -501, message: "Invalid or expired code" });
    }
    t.used = true;
    if (t.kind === "phone")
      return res.json({ data: { number: u.phone ?? "84900000000" }, error: 0, message: "Success" });
    res.json({
      data: { latitude: String(t.lat), longitude: String(t.lon), provider: "gps" },
      error: 0,
      message: "Success",
    });
  });

  // ── OAuth: every refresh returns a new pair; a refresh token works once ──
  app.post("/v4/oa/access_token", async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fault = state.token.faults.shift();
    // Zalo's side failing before it rotated anything: the caller's pair is still the valid one.
    if (fault === "server_error") return res.status(500).type("text").send("Internal Server Error");
    // A slow answer widens the race between two refreshers (they must still refresh once).
    if (fault === "slow") await new Promise((r) => setTimeout(r, 300));
    if (req.header("secret_key") !== opts.appSecret || body.app_id !== opts.appId) {
      return res.status(400).json({
        error: -14002,
        error_name: "Invalid app",
        error_description: "app_id or secret_key is invalid",
      });
    }
    if (body.grant_type === "authorization_code") return exchangeCode(body, res);
    const rt = typeof body.refresh_token === "string" ? body.refresh_token : "";
    if (
      body.grant_type !== "refresh_token" ||
      rt !== state.token.refresh ||
      state.token.usedRefresh.has(rt)
    ) {
      return res.status(400).json({
        error: -14014,
        error_name: "Invalid refresh token",
        error_description: "refresh token is invalid, expired or already used",
      });
    }
    state.token.refreshes++;
    if (fault === "rotate_then_timeout") {
      rotatePair(); // the old refresh token is dead now; the answer never leaves
      return;
    }
    rotatePair(res);
  });

  /** Every grant kills the refresh token in use and answers a new pair. */
  const rotatePair = (res?: Response) => {
    state.token.usedRefresh.add(state.token.refresh);
    state.token.access = newToken("oa-access");
    state.token.accessExpiresAt = state.clock.now() + accessTtlMs;
    state.token.refresh = newToken("oa-refresh");
    // expires_in is a string in Zalo's answer (about 25 h).
    res?.json({
      access_token: state.token.access,
      refresh_token: state.token.refresh,
      expires_in: String(accessTtlMs / 1000),
    });
  };

  const CODE_TTL_MS = 10 * 60_000;
  const exchangeCode = (body: Record<string, unknown>, res: Response) => {
    const code = state.token.codes.get(typeof body.code === "string" ? body.code : "");
    const verifier = typeof body.code_verifier === "string" ? body.code_verifier : "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      !code ||
      code.used ||
      state.clock.now() - code.issuedAt > CODE_TTL_MS ||
      !verifier ||
      challenge !== code.challenge
    ) {
      return res.status(400).json({
        error: -14019,
        error_name: "Invalid authorization code",
        error_description: "code is invalid, expired, already used or does not match the code_verifier",
      });
    }
    code.used = true;
    rotatePair(res);
  };

  // ── The OA admin's consent page (the first step of OAuth v4 with PKCE) ──
  const permissionQuery = z.object({
    app_id: z.string(),
    redirect_uri: z.string().url(),
    code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    state: z.string().max(200).default(""),
  });
  app.get("/v4/oa/permission", (req, res) => {
    const q = permissionQuery.safeParse(req.query);
    if (!q.success || q.data.app_id !== opts.appId)
      return res.status(400).type("html").send("<h1>Yêu cầu cấp quyền không hợp lệ</h1>");
    const hidden = Object.entries(q.data)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
      .join("");
    res.type("html")
      .send(`<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Zalo — cấp quyền (mô phỏng)</title><body style="font-family:sans-serif;max-width:440px;margin:auto;padding:16px">
<h1 style="color:#0068ff">Zalo Official Account (mô phỏng)</h1>
<p>Ứng dụng <strong>${escapeHtml(opts.appId)}</strong> xin quyền quản lý Official Account <strong>${escapeHtml(oaId)}</strong>:
gửi tin nhắn, đọc thông tin người quan tâm.</p>
<form method="post" action="/v4/oa/permission">${hidden}
<button name="decision" value="allow" style="font-size:18px;padding:12px 20px">Cho phép</button>
<button name="decision" value="deny" style="font-size:18px;padding:12px 20px">Từ chối</button></form></body></html>`);
  });
  app.post("/v4/oa/permission", (req, res) => {
    const q = permissionQuery.safeParse(req.body);
    if (!q.success || q.data.app_id !== opts.appId)
      return res.status(400).type("html").send("<h1>Yêu cầu cấp quyền không hợp lệ</h1>");
    const back = new URL(q.data.redirect_uri);
    if ((req.body as Record<string, unknown>).decision !== "allow") {
      back.searchParams.set("error", "access_denied");
    } else {
      const code = newToken("oa-code");
      state.token.codes.set(code, {
        challenge: q.data.code_challenge,
        redirectUri: q.data.redirect_uri,
        issuedAt: state.clock.now(),
        used: false,
      });
      back.searchParams.set("code", code);
      back.searchParams.set("oa_id", oaId);
    }
    back.searchParams.set("state", q.data.state);
    res.redirect(302, back.toString());
  });

  // ── OA sends ──
  /**
   * What every send goes through, in Zalo's order: token, injected fault, rate limit.
   * Returns the error code to answer (0 = go on), or null when the response is already
   * handled (HTTP 500, or a hang that only the caller's timeout ends).
   */
  const gate = (req: Request, res: Response, endpoint: SimMessage["endpoint"], who: Who): number | null => {
    if (!validAccess(req.header("access_token"))) return -216;
    const fault = state.faults.shift();
    if (fault === "timeout") {
      record(endpoint, req.body, "timeout", who);
      return null; // never answer; close() drops the socket
    }
    if (fault === 500) {
      record(endpoint, req.body, 500, who);
      res.status(500).type("text").send("Internal Server Error");
      return null;
    }
    // Handled as usual below, but `reply` never answers.
    if (fault === "deliver_then_timeout") res.locals.hang = true;
    else if (fault !== undefined) return fault;
    const now = state.clock.now();
    state.sendTimes = state.sendTimes.filter((t) => now - t < 60_000);
    // Reported: Zalo exposes its quota in X-RateLimit-* headers.
    res.setHeader("X-RateLimit-Limit", String(state.ratePerMinute));
    if (state.sendTimes.length >= state.ratePerMinute) {
      res.setHeader("X-RateLimit-Remaining", "0");
      return -32;
    }
    state.sendTimes.push(now);
    res.setHeader("X-RateLimit-Remaining", String(state.ratePerMinute - state.sendTimes.length));
    return 0;
  };
  type Who = { userId?: string; phone?: string };
  const record = (
    endpoint: SimMessage["endpoint"],
    payload: unknown,
    outcome: SimMessage["outcome"],
    who: Who,
  ) => {
    const m: SimMessage = {
      id: randomUUID().replace(/-/g, ""),
      at: new Date(state.clock.now()).toISOString(),
      endpoint,
      payload,
      outcome,
      ...(who.userId ? { userId: who.userId } : {}),
      ...(who.phone ? { phone: who.phone } : {}),
    };
    state.messages.push(m);
    return m;
  };
  const refuse = (res: Response, code: number) =>
    res.json({ error: code, message: ERROR_TEXT[code] ?? "Error" });
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

  app.post("/v3.0/oa/message/cs", (req, res) => {
    const body = isObject(req.body) ? req.body : {};
    const recipient = isObject(body.recipient) ? body.recipient : {};
    const userId = typeof recipient.user_id === "string" ? recipient.user_id : "";
    let code = gate(req, res, "cs", { userId });
    if (code === null) return;
    const message = isObject(body.message) ? body.message : undefined;
    const text = message?.text;
    const validMessage =
      message !== undefined &&
      (typeof text === "string" || isObject(message.attachment)) &&
      (text === undefined || (typeof text === "string" && text.length > 0 && text.length <= 2000));
    if (code === 0 && (!userId || !validMessage)) code = -201;
    const u = state.users.get(userId);
    if (code === 0 && (!u || !u.follows)) code = -213;
    // Consultation messages are refused once the user's last interaction is older than the window.
    if (code === 0 && (u?.lastInteractAt === undefined || state.clock.now() - u.lastInteractAt > windowMs))
      code = -230;
    const m = record("cs", req.body, code, { userId });
    if (res.locals.hang) return;
    if (code !== 0) return refuse(res, code);
    res.json({ error: 0, message: "Success", data: { message_id: m.id, user_id: userId } });
  });

  // Template message by user id (reported to replace UID transaction messages in 2026):
  // approved templates, so no interaction window, but the user must follow the OA.
  app.post("/v3.0/oa/message/template", (req, res) => {
    const body = isObject(req.body) ? req.body : {};
    const userId = typeof body.user_id === "string" ? body.user_id : "";
    let code = gate(req, res, "template", { userId });
    if (code === null) return;
    if (code === 0 && (!userId || !body.template_id || !isObject(body.template_data))) code = -201;
    const u = state.users.get(userId);
    if (code === 0 && (!u || !u.follows)) code = -213;
    const m = record("template", req.body, code, { userId });
    if (res.locals.hang) return;
    if (code !== 0) return refuse(res, code);
    res.json({ error: 0, message: "Success", data: { msg_id: m.id, user_id: userId } });
  });

  // ZNS by phone number: reaches citizens who do not follow the OA; phone in 84-format.
  app.post("/message/template", (req, res) => {
    const body = isObject(req.body) ? req.body : {};
    const phone = typeof body.phone === "string" ? body.phone : "";
    let code = gate(req, res, "zns", { phone });
    if (code === null) return;
    if (code === 0 && (!/^84\d{8,10}$/.test(phone) || !body.template_id || !isObject(body.template_data)))
      code = -201;
    const m = record("zns", req.body, code, { phone });
    if (res.locals.hang) return;
    if (code !== 0) return refuse(res, code);
    res.json({
      error: 0,
      message: "Success",
      data: { msg_id: m.id, sent_time: String(state.clock.now()), quota: { dailyQuota: "500" } },
    });
  });

  app.post(
    "/v2.0/oa/upload/image",
    express.raw({ type: "multipart/form-data", limit: "5mb" }),
    (req, res) => {
      if (!validAccess(req.header("access_token"))) return refuse(res, -216);
      const raw = Buffer.isBuffer(req.body) ? req.body.toString("latin1") : "";
      // The image must come as the multipart field `file`.
      if (
        !String(req.header("content-type") ?? "").startsWith("multipart/form-data") ||
        !/name="file"/.test(raw)
      )
        return res.json({ error: -201, message: "file is required (multipart field `file`)" });
      res.json({ error: 0, message: "Success", data: { attachment_id: newToken("att") } });
    },
  );

  // ── Zalo's photo CDN: what `payload.url` of an image event points at ──
  // A real JPEG (made once), so the receiver's type check and re-encoding run for real.
  let photo: Promise<Buffer> | undefined;
  app.get("/media/:name", async (_req, res) => {
    photo ??= sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: 60 } } })
      .jpeg()
      .toBuffer();
    res.type("image/jpeg").send(await photo);
  });

  // ── Control API ──
  const sim = express.Router();
  /** Creates (or updates) a Zalo user; returns the user access token the mini app would hold. */
  sim.post("/users", (req, res) => {
    const b = parseOr400(userBody, req.body, res);
    if (!b) return;
    const u = ensureUser(b.id ?? zaloLikeId());
    if (b.name) u.name = b.name;
    if (b.phone) u.phone = b.phone;
    if (b.location) u.location = b.location;
    if (b.follows !== undefined) u.follows = b.follows;
    res.status(201).json({ id: u.id, accessToken: u.accessToken });
  });
  sim.get("/users/:id", (req, res) => {
    const u = state.users.get(req.params.id);
    if (!u) return res.status(404).json({ error: "no such user" });
    res.json({ ...u, lastInteractAt: u.lastInteractAt ? new Date(u.lastInteractAt).toISOString() : null });
  });
  sim.post("/users/:id/phone-token", (req, res) => {
    const t = newToken("phone");
    state.oneTimeTokens.set(t, {
      userId: ensureUser(req.params.id).id,
      kind: "phone",
      issuedAt: state.clock.now(),
      used: false,
    });
    res.json({ token: t });
  });
  sim.post("/users/:id/location-token", (req, res) => {
    const u = ensureUser(req.params.id);
    const b = parseOr400(
      z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).partial(),
      req.body,
      res,
    );
    if (!b) return;
    const lat = b.latitude ?? u.location?.latitude;
    const lon = b.longitude ?? u.location?.longitude;
    if (lat === undefined || lon === undefined)
      return res
        .status(400)
        .json({ error: "latitude and longitude are required (or set the user's location)" });
    const t = newToken("loc");
    state.oneTimeTokens.set(t, {
      userId: u.id,
      kind: "location",
      lat,
      lon,
      issuedAt: state.clock.now(),
      used: false,
    });
    res.json({ token: t });
  });
  /** The user messaged the OA just now (opens the consultation window) without a webhook. */
  sim.post("/users/:id/interact", (req, res) => {
    const u = ensureUser(req.params.id);
    u.lastInteractAt = state.clock.now();
    u.follows = true;
    res.json({ ok: true, lastInteractAt: new Date(u.lastInteractAt).toISOString() });
  });
  sim.get("/messages", (req, res) => {
    const who = typeof req.query.user_id === "string" ? req.query.user_id : undefined;
    res.json(state.messages.filter((m) => !who || m.userId === who || m.phone === who));
  });
  sim.get("/oa-token", (_req, res) =>
    res.json({
      accessToken: state.token.access,
      accessExpiresAt: new Date(state.token.accessExpiresAt).toISOString(),
      refreshToken: state.token.refresh,
      refreshes: state.token.refreshes,
    }),
  );
  /**
   * Installs a known valid pair (the seed's, a test's); earlier refresh tokens stay dead. An
   * installed access token lives `expiresInSeconds` (default the usual life) from now.
   */
  sim.post("/oa-token", (req, res) => {
    const b = parseOr400(
      z
        .object({
          accessToken: z.string().min(1),
          refreshToken: z.string().min(1),
          expiresInSeconds: z.number().int().positive(),
        })
        .partial()
        .strict(),
      req.body,
      res,
    );
    if (!b) return;
    if (b.accessToken) {
      state.token.access = b.accessToken;
      state.token.accessExpiresAt =
        state.clock.now() + (b.expiresInSeconds ? b.expiresInSeconds * 1000 : accessTtlMs);
    }
    if (b.refreshToken) {
      state.token.refresh = b.refreshToken;
      state.token.usedRefresh.delete(b.refreshToken);
    }
    res.json({ accessToken: state.token.access, refreshToken: state.token.refresh });
  });
  sim.post("/faults", (req, res) => {
    const b = parseOr400(faultsBody, req.body, res);
    if (!b) return;
    if (b.rateLimit) state.ratePerMinute = b.rateLimit;
    if (b.failNext) for (let i = 0; i < b.failNext.count; i++) state.faults.push(b.failNext.error);
    if (b.refresh) for (let i = 0; i < b.refresh.count; i++) state.token.faults.push(b.refresh.fault);
    res.json({ ok: true, rateLimit: state.ratePerMinute, queued: state.faults.length });
  });
  sim.post("/clock", (req, res) => {
    const b = parseOr400(z.object({ offsetMs: z.number().int() }).strict(), req.body, res);
    if (!b) return;
    state.clock.offsetMs = b.offsetMs;
    res.json({ now: new Date(state.clock.now()).toISOString(), offsetMs: state.clock.offsetMs });
  });
  /** Forgets messages, faults, tokens minted for exchange, the clock offset and the rate. Users and the OA pair stay. */
  sim.post("/reset", (_req, res) => {
    state.messages = [];
    state.faults = [];
    state.sendTimes = [];
    state.oneTimeTokens.clear();
    state.token.faults = [];
    state.ratePerMinute = defaultRate;
    state.clock.offsetMs = 0;
    res.json({ ok: true });
  });
  /**
   * Sends a user event to our webhook as Zalo would: the body serialised once, signed
   * over those exact bytes, and those bytes posted. `breakWith` makes the bad cases:
   * wrong_secret (signed with another key), tamper (bytes changed after signing, still
   * the same JSON), no_signature (header left out), stale (a three-day-old timestamp,
   * older than any replay window we accept, signed correctly). `resend` posts the bytes of
   * an earlier emit again, unchanged, as Zalo re-sends an event it got no 200 for.
   */
  sim.post("/emit", async (req, res) => {
    const b = parseOr400(emitBody, req.body, res);
    if (!b) return;
    let rawBody: string;
    let timestamp: string;
    let event: Record<string, unknown>;
    if (b.resend !== undefined) {
      // Zalo re-sends an event it got no 200 for: the same bytes, the same timestamp.
      if (!emitted.includes(b.resend)) return res.status(400).json({ error: "not a body emitted before" });
      rawBody = b.resend;
      event = JSON.parse(rawBody) as Record<string, unknown>;
      timestamp = String(event.timestamp);
    } else {
      const e = b.event!;
      const u = ensureUser(e.user_id ?? zaloLikeId());
      // The wire timestamp is wall-clock time, as the receiver checks it against its own
      // clock; the simulator's shifted clock only moves the interaction window.
      timestamp = String(Date.now() - (b.breakWith === "stale" ? 3 * 24 * HOUR : 0));
      event = buildZaloEvent(
        { ...e, user_id: u.id },
        { appId: opts.appId, oaId, timestamp, userIdByApp: u.idByApp },
      );
      // Reported: any user action towards the OA (a message, a follow) opens the window.
      if (
        e.event_name.startsWith("user_send_") ||
        e.event_name === "user_submit_info" ||
        e.event_name === "anonymous_send_text"
      )
        u.lastInteractAt = state.clock.now();
      if (e.event_name === "follow") {
        u.follows = true;
        u.lastInteractAt = state.clock.now();
      }
      if (e.event_name === "unfollow") u.follows = false;
      rawBody = JSON.stringify(event);
      emitted.push(rawBody);
      if (emitted.length > 1000) emitted.shift();
    }
    const signature = zaloEventSignature(
      opts.appId,
      rawBody,
      timestamp,
      b.breakWith === "wrong_secret" ? `${opts.oaSecretKey}-wrong` : opts.oaSecretKey,
    );
    const sent = b.breakWith === "tamper" ? rawBody.replace('"timestamp":', '"timestamp": ') : rawBody;
    try {
      const r = await fetch(b.targetUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(b.breakWith === "no_signature" ? {} : { "X-ZEvent-Signature": signature }),
        },
        body: sent,
        signal: AbortSignal.timeout(10_000),
      });
      res.json({ status: r.status, body: await r.text(), event, rawBody: sent, signature });
    } catch (e) {
      res.json({ status: 0, body: null, error: (e as Error).message, event, rawBody: sent, signature });
    }
  });
  app.use("/__sim", sim);
  return { app, state };
}

export async function startZaloSimulator(
  opts: ZaloSimOptions,
  port = 0,
): Promise<RunningSim & { state: ZaloSimState }> {
  const { app, state } = createZaloSimulator(opts);
  const running = await listen(app, port);
  return { ...running, state };
}
