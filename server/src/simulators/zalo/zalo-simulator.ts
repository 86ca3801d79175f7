// Zalo simulator: the Graph API (user token → user; phone/location token exchange), the
// OAuth token endpoint (single-use refresh tokens), the OA Open API (consultation,
// template and ZNS messages, image upload) with the interaction window and a rate limit,
// and a webhook emitter that signs events exactly as Zalo does. Own in-memory store;
// control API under /__sim. Errors come back with HTTP 200 and a non-zero `error`, as
// Zalo's do.
import { randomBytes, randomUUID } from "node:crypto";
import express, { type Express } from "express";
import { SimClock, listen, type RunningSim } from "../sim-kit.js";
import { zaloEventSignature } from "./zalo-signature.js";

export interface ZaloSimOptions {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId?: string;
  ratePerMinute?: number;
  initialAccessToken?: string;
  initialRefreshToken?: string;
}

interface SimUser {
  id: string;
  name: string;
  accessToken: string;
  phone?: string;
  follows: boolean;
  lastInteractAt?: number;
}

export interface SimMessage {
  id: string;
  at: string;
  endpoint: string;
  userId?: string;
  phone?: string;
  payload: unknown;
  outcome: number;
}

type Fault = -32 | -216 | -230 | -213 | 500 | "timeout";

export interface ZaloSimState {
  users: Map<string, SimUser>;
  oneTimeTokens: Map<
    string,
    {
      userId: string;
      kind: "phone" | "location";
      lat?: number;
      lon?: number;
      issuedAt: number;
      used: boolean;
    }
  >;
  token: { access: string; refresh: string; usedRefresh: Set<string> };
  messages: SimMessage[];
  sendTimes: number[];
  faults: Fault[];
  ratePerMinute: number;
  clock: SimClock;
}

const WINDOW_MS = 48 * 3600_000;
const token = (p: string) => `${p}-${randomBytes(12).toString("hex")}`;

export function createZaloSimulator(opts: ZaloSimOptions): { app: Express; state: ZaloSimState } {
  const state: ZaloSimState = {
    users: new Map(),
    oneTimeTokens: new Map(),
    token: {
      access: opts.initialAccessToken ?? "sim-access-token-0",
      refresh: opts.initialRefreshToken ?? "sim-refresh-token-0",
      usedRefresh: new Set(),
    },
    messages: [],
    sendTimes: [],
    faults: [],
    ratePerMinute: opts.ratePerMinute ?? 4000,
    clock: new SimClock(),
  };
  const app = express();
  app.use(express.json({ limit: "2mb" }));
  app.use(express.urlencoded({ extended: false }));

  const userByToken = (t: string | undefined) => [...state.users.values()].find((u) => u.accessToken === t);
  const ensureUser = (id: string) => {
    let u = state.users.get(id);
    if (!u) {
      u = { id, name: `Người dùng ${id.slice(-4)}`, accessToken: token("user"), follows: true };
      state.users.set(id, u);
    }
    return u;
  };

  // ── Graph API ──
  app.get("/v2.0/me", (req, res) => {
    const u = userByToken(req.header("access_token"));
    if (!u) return res.json({ error: 452, message: "Access token is invalid" });
    res.json({ id: u.id, name: u.name });
  });
  app.get("/v2.0/me/info", (req, res) => {
    if (req.header("secret_key") !== opts.appSecret)
      return res.json({ error: -124, message: "Invalid secret key" });
    const u = userByToken(req.header("access_token"));
    if (!u) return res.json({ error: 452, message: "Access token is invalid" });
    const t = state.oneTimeTokens.get(req.header("code") ?? "");
    if (!t || t.userId !== u.id || t.used || state.clock.now() - t.issuedAt > 2 * 60_000) {
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

  // ── OAuth: every refresh returns a new pair; a used refresh token is dead ──
  app.post("/v4/oa/access_token", (req, res) => {
    const rt = String(req.body?.refresh_token ?? "");
    if (req.header("secret_key") !== opts.appSecret || req.body?.app_id !== opts.appId) {
      return res
        .status(400)
        .json({ error: -14002, error_name: "Invalid app", error_description: "app_id or secret_key" });
    }
    if (
      req.body?.grant_type !== "refresh_token" ||
      rt !== state.token.refresh ||
      state.token.usedRefresh.has(rt)
    ) {
      return res.status(400).json({ error: -14014, error_name: "Invalid refresh token" });
    }
    state.token.usedRefresh.add(rt);
    state.token.access = token("oa-access");
    state.token.refresh = token("oa-refresh");
    res.json({ access_token: state.token.access, refresh_token: state.token.refresh, expires_in: "90000" });
  });

  // ── OA sends ──
  const gate = async (req: express.Request, res: express.Response): Promise<number | null> => {
    if (req.header("access_token") !== state.token.access) return -216;
    const fault = state.faults.shift();
    if (fault === "timeout") {
      await new Promise((r) => setTimeout(r, 15_000));
      res.destroy();
      return null;
    }
    if (fault === 500) {
      res.status(500).send("Internal Server Error");
      return null;
    }
    if (typeof fault === "number") return fault;
    const now = state.clock.now();
    state.sendTimes = state.sendTimes.filter((t) => now - t < 60_000);
    if (state.sendTimes.length >= state.ratePerMinute) return -32;
    state.sendTimes.push(now);
    return 0;
  };
  const record = (endpoint: string, payload: unknown, outcome: number, userId?: string, phone?: string) => {
    const m: SimMessage = {
      id: randomUUID().replace(/-/g, ""),
      at: new Date(state.clock.now()).toISOString(),
      endpoint,
      payload,
      outcome,
      ...(userId ? { userId } : {}),
      ...(phone ? { phone } : {}),
    };
    state.messages.push(m);
    return m;
  };
  const ERR_TEXT: Record<number, string> = {
    [-216]: "Access token is invalid",
    [-32]: "Exceeded rate limit",
    [-230]: "User has not interacted with the OA in the last 7 days",
    [-213]: "User has not followed OA",
    [-201]: "Parameters are invalid",
  };

  app.post("/v3.0/oa/message/cs", async (req, res) => {
    const userId = String(req.body?.recipient?.user_id ?? "");
    let code = await gate(req, res);
    if (code === null) return;
    const text = req.body?.message?.text;
    if (code === 0 && (!userId || (typeof text === "string" && text.length > 2000) || !req.body?.message))
      code = -201;
    const u = state.users.get(userId);
    if (code === 0 && (!u || !u.follows)) code = -213;
    if (code === 0 && (!u?.lastInteractAt || state.clock.now() - u.lastInteractAt > WINDOW_MS)) code = -230;
    const m = record("cs", req.body, code, userId);
    if (code !== 0) return res.json({ error: code, message: ERR_TEXT[code] ?? "Error" });
    res.json({ error: 0, message: "Success", data: { message_id: m.id, user_id: userId } });
  });
  app.post("/v3.0/oa/message/template", async (req, res) => {
    const code = await gate(req, res);
    if (code === null) return;
    const m = record("template", req.body, code, String(req.body?.user_id ?? ""));
    if (code !== 0) return res.json({ error: code, message: ERR_TEXT[code] ?? "Error" });
    res.json({ error: 0, message: "Success", data: { msg_id: m.id } });
  });
  app.post("/message/template", async (req, res) => {
    let code = await gate(req, res);
    if (code === null) return;
    const phone = String(req.body?.phone ?? "");
    if (code === 0 && !/^84\d{8,10}$/.test(phone)) code = -201;
    const m = record("zns", req.body, code, undefined, phone);
    if (code !== 0) return res.json({ error: code, message: ERR_TEXT[code] ?? "Error" });
    res.json({ error: 0, message: "Success", data: { msg_id: m.id, sent_time: String(state.clock.now()) } });
  });
  app.post("/v2.0/oa/upload/image", async (req, res) => {
    if (!String(req.header("content-type") ?? "").startsWith("multipart/form-data")) {
      return res.json({ error: -201, message: "file is required" });
    }
    if (req.header("access_token") !== state.token.access)
      return res.json({ error: -216, message: ERR_TEXT[-216] });
    req.resume();
    req.on("end", () => res.json({ error: 0, message: "Success", data: { attachment_id: token("att") } }));
  });

  // ── Control API ──
  const sim = express.Router();
  sim.post("/users", (req, res) => {
    const id = String(req.body?.id ?? `${Date.now()}${Math.floor(Math.random() * 1e6)}`);
    const u = ensureUser(id);
    if (req.body?.name) u.name = String(req.body.name);
    if (req.body?.phone) u.phone = String(req.body.phone);
    res.status(201).json({ id: u.id, accessToken: u.accessToken });
  });
  sim.post("/users/:id/phone-token", (req, res) => {
    const t = token("phone");
    state.oneTimeTokens.set(t, {
      userId: ensureUser(req.params.id).id,
      kind: "phone",
      issuedAt: state.clock.now(),
      used: false,
    });
    res.json({ token: t });
  });
  sim.post("/users/:id/location-token", (req, res) => {
    const t = token("loc");
    state.oneTimeTokens.set(t, {
      userId: ensureUser(req.params.id).id,
      kind: "location",
      lat: Number(req.body?.latitude),
      lon: Number(req.body?.longitude),
      issuedAt: state.clock.now(),
      used: false,
    });
    res.json({ token: t });
  });
  sim.post("/users/:id/interact", (req, res) => {
    const u = ensureUser(req.params.id);
    u.lastInteractAt = state.clock.now();
    u.follows = true;
    res.json({ ok: true });
  });
  sim.get("/messages", (req, res) => {
    const userId = req.query.user_id ? String(req.query.user_id) : undefined;
    res.json(state.messages.filter((m) => !userId || m.userId === userId || m.phone === userId));
  });
  sim.get("/oa-token", (_req, res) =>
    res.json({ accessToken: state.token.access, refreshToken: state.token.refresh }),
  );
  sim.post("/oa-token", (req, res) => {
    state.token.access = String(req.body?.accessToken ?? state.token.access);
    state.token.refresh = String(req.body?.refreshToken ?? state.token.refresh);
    res.json({ ok: true });
  });
  sim.post("/faults", (req, res) => {
    if (req.body?.rateLimit) state.ratePerMinute = Number(req.body.rateLimit);
    const f = req.body?.failNext as { count?: number; error?: Fault } | undefined;
    if (f?.error !== undefined) for (let i = 0; i < (f.count ?? 1); i++) state.faults.push(f.error);
    res.json({ ok: true, queued: state.faults.length });
  });
  sim.post("/clock", (req, res) => {
    state.clock.offsetMs = Number(req.body?.offsetMs ?? 0);
    res.json({ now: new Date(state.clock.now()).toISOString() });
  });
  sim.post("/reset", (_req, res) => {
    state.messages = [];
    state.faults = [];
    state.sendTimes = [];
    res.json({ ok: true });
  });
  /**
   * Emits a user event to our webhook the way Zalo would: ids and timestamp as strings,
   * serialised once, signed over those exact bytes. `breakWith` produces the bad cases.
   */
  sim.post("/emit", async (req, res) => {
    const { targetUrl, event, breakWith } = req.body as {
      targetUrl: string;
      event: Record<string, unknown> & { event_name: string; user_id?: string };
      breakWith?: "wrong_secret" | "tamper" | "no_signature" | "stale";
    };
    const ts = String(breakWith === "stale" ? state.clock.now() - 3600_000 : state.clock.now());
    const body = buildEvent(opts, event, ts);
    if (event.user_id && event.event_name.startsWith("user_")) {
      const u = ensureUser(event.user_id);
      u.lastInteractAt = state.clock.now();
    }
    if (event.event_name === "follow" && event.user_id) ensureUser(event.user_id).follows = true;
    if (event.event_name === "unfollow" && event.user_id) ensureUser(event.user_id).follows = false;
    const raw = JSON.stringify(body);
    const signature = zaloEventSignature(
      opts.appId,
      raw,
      ts,
      breakWith === "wrong_secret" ? "wrong" : opts.oaSecretKey,
    );
    const sent = breakWith === "tamper" ? raw.replace(/"timestamp"/, '"timestamp" ') : raw;
    const r = await fetch(targetUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(breakWith === "no_signature" ? {} : { "x-zevent-signature": signature }),
      },
      body: sent,
    });
    res.json({ status: r.status, body: await r.text(), event: body });
  });
  app.use("/__sim", sim);
  return { app, state };
}

function buildEvent(
  opts: ZaloSimOptions,
  e: Record<string, unknown> & { event_name: string; user_id?: string },
  ts: string,
) {
  const oaId = opts.oaId ?? "laocai-oa";
  const userId = e.user_id ?? "0";
  const base = {
    event_name: e.event_name,
    app_id: opts.appId,
    timestamp: ts,
    user_id_by_app: e.user_id_by_app,
  };
  if (e.event_name === "follow" || e.event_name === "unfollow") {
    return { ...base, oa_id: oaId, follower: { id: userId }, source: "oa_profile" };
  }
  const msgId = String(e.msg_id ?? randomBytes(16).toString("hex"));
  const message: Record<string, unknown> = { msg_id: msgId };
  if (typeof e.text === "string") message.text = e.text;
  if (e.event_name === "user_send_location") {
    message.attachments = [
      {
        type: "location",
        payload: { coordinates: { latitude: String(e.latitude), longitude: String(e.longitude) } },
      },
    ];
  }
  if (e.event_name === "user_send_image") {
    message.attachments = [
      { type: "image", payload: { url: String(e.url ?? "http://127.0.0.1/image.jpg"), thumbnail: "" } },
    ];
  }
  return { ...base, sender: { id: userId }, recipient: { id: oaId }, message };
}

export async function startZaloSimulator(
  opts: ZaloSimOptions,
  port = 0,
): Promise<RunningSim & { state: ZaloSimState }> {
  const { app, state } = createZaloSimulator(opts);
  const running = await listen(app, port);
  return { ...running, state };
}
