import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import sharp from "sharp";
import { IntegrationHttp } from "../../../server/src/integrations/http.js";
import {
  OaSendError,
  OaTokenLostError,
  ZaloOaClient,
} from "../../../server/src/integrations/zalo/oa-client.js";
import { createDb, type Db } from "../../../server/src/platform/db.js";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { citizenOutsideWindow as outsideWindow, newUserId } from "./bot-helpers.js";

let app: TestApp;
let otherDb: Db;
beforeAll(async () => {
  app = await startTestApp();
  // A second worker: its own client and its own connection pool.
  otherDb = createDb(app.config.DATABASE_URL, { max: 2 });
});
afterAll(async () => {
  await otherDb?.$disconnect();
  await app?.close();
});

const sim = () => app.sims.zalo.url;
const simJson = async (path: string, body?: unknown) =>
  (await (
    await fetch(`${sim()}/__sim${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  ).json()) as Record<string, unknown>;

function clientOn(db: Db, timeoutMs?: number) {
  return new ZaloOaClient(new IntegrationHttp("zalo_oa", db, app.ctx.logger), db, {
    apiUrl: sim(),
    oauthUrl: sim(),
    appId: app.config.ZALO_APP_ID,
    appSecret: app.config.ZALO_APP_SECRET,
    businessUrl: sim(),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

/** A fresh pair known to both sides, the access token about to expire. */
async function freshPair(expiresInMs = 60_000) {
  const pair = { accessToken: `acc-${Math.random()}`, refreshToken: `ref-${Math.random()}` };
  await simJson("/oa-token", pair);
  await simJson("/reset", {});
  await app.ctx.db.oaToken.update({
    where: { id: "oa" },
    data: { ...pair, accessExpiresAt: new Date(Date.now() + expiresInMs), lostAt: null, lostReason: null },
  });
  return pair;
}

const refreshes = async () => Number((await simJson("/oa-token")).refreshes);

describe("[BOT] OA client: token rotation", () => {
  beforeEach(async () => {
    await freshPair();
  });

  it("two workers refreshing at once spend the single-use refresh token once and share the new pair", async () => {
    const before = await refreshes();
    const row = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    // A slow answer from Zalo, so both are surely inside the refresh together.
    await simJson("/faults", { refresh: { fault: "slow" } });
    const [a, b] = await Promise.all([clientOn(app.ctx.db).accessToken(), clientOn(otherDb).accessToken()]);
    expect(a.token).toBe(b.token);
    expect(await refreshes()).toBe(before + 1);
    const stored = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    const zalo = await simJson("/oa-token");
    expect(stored).toMatchObject({
      accessToken: zalo.accessToken,
      refreshToken: zalo.refreshToken,
      version: row.version + 1,
    });
    expect(stored.accessExpiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    // And the new pair works: a send goes through, the next refresh is accepted.
    const user = newUserId();
    await app.sims.zalo.interact(user);
    await clientOn(otherDb).sendText(user, "Xin chào");
    await clientOn(app.ctx.db).refresh(stored.version);
    expect(await refreshes()).toBe(before + 2);
  });

  it("many jobs of one worker (one small pool) needing a refresh at once: one refresh, the same new pair for all", async () => {
    // A worker's jobs share its pool; more jobs than connections need the token at once.
    const pool = createDb(app.config.DATABASE_URL, { max: 3 });
    try {
      const before = await refreshes();
      const calls = () => app.ctx.db.integrationCall.count({ where: { operation: "oauth.refresh" } });
      const callsBefore = await calls();
      await simJson("/faults", { refresh: { fault: "slow" } });
      const got = await Promise.all(Array.from({ length: 8 }, () => clientOn(pool).accessToken()));
      expect(new Set(got.map((g) => g.token)).size).toBe(1);
      expect(await refreshes()).toBe(before + 1);
      const stored = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
      expect(stored.accessToken).toBe((await simJson("/oa-token")).accessToken);
      expect(got[0]!.token).toBe(stored.accessToken);
      expect((await calls()) - callsBefore).toBe(1); // the refresh is in the call log, once
    } finally {
      await pool.$disconnect();
    }
  }, 60_000);

  it("Zalo rotating the pair while its answer is lost (a timeout) ends loudly, once: the OA is marked lost, no refresh loop", async () => {
    await freshPair();
    const calls = () => app.ctx.db.integrationCall.count({ where: { operation: "oauth.refresh" } });
    const callsBefore = await calls();
    await simJson("/faults", { refresh: { fault: "rotate_then_timeout" } });
    const oa = clientOn(app.ctx.db, 500);
    await expect(oa.accessToken()).rejects.toThrow(/timeout/);
    // Zalo may or may not have rotated: the stored pair is kept, not yet called lost.
    expect((await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } })).lostAt).toBeNull();
    // The next refresh finds out: Zalo refuses the old refresh token.
    await expect(oa.accessToken()).rejects.toBeInstanceOf(OaTokenLostError);
    const lost = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    expect(lost.lostAt).not.toBeNull();
    expect(lost.lostReason).toMatch(/-14014/);
    // From then on nothing asks Zalo again until an admin reconnects.
    for (let i = 0; i < 3; i++) await expect(oa.accessToken()).rejects.toBeInstanceOf(OaTokenLostError);
    expect((await calls()) - callsBefore).toBe(2);
    // Every staff member's console shows the red banner.
    const clerk = await loginAs(app.baseUrl, "clerk.laocai");
    const dash = (await (await clerk.get("/api/staff/dashboard")).json()) as { oa: { state: string } };
    expect(dash.oa.state).toBe("lost");
  });

  it("a refresh that fails at Zalo leaves the stored pair intact and usable", async () => {
    const pair = await freshPair();
    await simJson("/faults", { refresh: { fault: "server_error" } });
    const row = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    await expect(clientOn(app.ctx.db).refresh(row.version)).rejects.toThrow(/refresh failed/);
    expect(await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } })).toMatchObject({
      ...pair,
      version: row.version,
    });
    const next = await clientOn(app.ctx.db).refresh(row.version);
    expect(next.version).toBe(row.version + 1);
  });

  it("a refresh token Zalo no longer accepts is reported as lost, not retried", async () => {
    await app.ctx.db.oaToken.update({ where: { id: "oa" }, data: { refreshToken: "already-used" } });
    const row = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    const before = await refreshes();
    await expect(clientOn(app.ctx.db).refresh(row.version)).rejects.toBeInstanceOf(OaTokenLostError);
    expect(await refreshes()).toBe(before);
  });

  it("a token about to expire is refreshed before the send, so Zalo never has to refuse it", async () => {
    // Both sides agree the token has 4 minutes left (inside the 5-minute margin)...
    const pair = { accessToken: `acc-${Math.random()}`, refreshToken: `ref-${Math.random()}` };
    await simJson("/reset", {});
    await simJson("/oa-token", { ...pair, expiresInSeconds: 240 });
    await app.ctx.db.oaToken.update({
      where: { id: "oa" },
      data: { ...pair, accessExpiresAt: new Date(Date.now() + 240_000), lostAt: null, lostReason: null },
    });
    // ...and by the time the request reaches Zalo, its clock says the token is gone.
    await simJson("/clock", { offsetMs: 241_000 });
    const user = newUserId();
    await app.sims.zalo.interact(user);
    const before = await refreshes();
    await clientOn(app.ctx.db).sendText(user, "Hồ sơ của anh/chị đã có kết quả.");
    expect(await refreshes()).toBe(before + 1);
    expect((await app.sims.zalo.messagesTo(user)).map((m) => m.outcome)).toEqual([0]);
  });

  it("an expired-token answer (-216) gets one refresh and one retry, never a loop", async () => {
    await freshPair(25 * 3600_000); // the token looks fine on our side
    const user = newUserId();
    await app.sims.zalo.interact(user);
    const before = await refreshes();
    await simJson("/faults", { failNext: { count: 1, error: -216 } });
    await clientOn(app.ctx.db).sendText(user, "lần một");
    expect(await refreshes()).toBe(before + 1);

    await simJson("/faults", { failNext: { count: 2, error: -216 } });
    const err = await clientOn(app.ctx.db)
      .sendText(user, "lần hai")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OaSendError);
    expect((err as OaSendError).oaCode).toBe(-216);
    expect(await refreshes()).toBe(before + 2);
    const delivered = (await app.sims.zalo.messagesTo(user)).filter((m) => m.outcome === 0);
    expect(delivered).toHaveLength(1);
  });
});

describe("[BOT] OA client: messages", () => {
  beforeEach(async () => {
    await freshPair(25 * 3600_000);
  });

  it("sends an image after uploading it, and a list whose rows open links", async () => {
    const user = newUserId();
    await app.sims.zalo.interact(user);
    const bytes = await sharp({
      create: { width: 20, height: 20, channels: 3, background: { r: 200, g: 10, b: 10 } },
    })
      .png()
      .toBuffer();
    const oa = clientOn(app.ctx.db);
    await oa.sendImage(user, { bytes, fileName: "ban-do.png", mimeType: "image/png" }, "Bản đồ vùng sạt lở");
    await oa.sendList(user, [
      { title: "Thủ tục đăng ký khai sinh", action: { type: "oa.open.url", url: "https://example.vn/a" } },
      { title: "Đăng ký kết hôn", subtitle: "1.000894" },
    ]);
    type Sent = {
      message: {
        text?: string;
        attachment: {
          payload: {
            template_type: string;
            elements: { attachment_id?: string; default_action?: { url: string } }[];
          };
        };
      };
    };
    const [image, list] = (await app.sims.zalo.messagesTo(user)).map((m) => m.payload as Sent);
    const media = image!.message.attachment.payload;
    expect(media.template_type).toBe("media");
    expect(media.elements[0]!.attachment_id).toMatch(/^att-/);
    expect(image!.message.text).toBe("Bản đồ vùng sạt lở");
    expect(list!.message.attachment.payload.template_type).toBe("list");
    expect(list!.message.attachment.payload.elements[0]!.default_action!.url).toBe("https://example.vn/a");
  });
});

describe("[BOT] the 48-hour window", () => {
  beforeEach(async () => {
    await freshPair(25 * 3600_000);
  });

  const citizenOutsideWindow = (opts: { phone?: string; consent?: boolean }) => outsideWindow(app, opts);

  const send = async (citizenId: string, kind: "dossier_status" | "bot_reply") => {
    const id = await notifyCitizen(app.ctx.db, {
      citizenId,
      kind,
      dedupeKey: `w-${citizenId}-${kind}`,
      params: { code: "H38.03006-261123-0001", statusText: "Đã có kết quả", text: "Cán bộ trả lời" },
    });
    return eventually(async () => {
      const n = await app.ctx.db.notification.findUniqueOrThrow({ where: { id } });
      return n.status === "queued" ? null : n;
    });
  };

  const simFault = (body: unknown) =>
    fetch(`${sim()}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("outside the window a follower gets a dossier message as an approved template by user id, no phone needed", async () => {
    app.startWorkers();
    const { citizen, user } = await citizenOutsideWindow({});
    const n = await send(citizen.id, "dossier_status");
    expect(n).toMatchObject({ status: "sent", channel: "oa_template" });
    const got = await app.sims.zalo.messagesTo(user);
    expect(got.map((m) => [m.endpoint, m.outcome])).toEqual([["template", 0]]);
    expect(got[0]!.payload).toMatchObject({ user_id: user, template_id: "laocai_oa_dossier_status_v1" });
    expect(JSON.stringify(got[0]!.payload)).toContain("H38.03006-261123-0001");
    expect(n.providerMessageId).toBe(got[0]!.id);
  });

  it("when Zalo refuses the template, the dossier message goes by ZNS to the phone the citizen consented to", async () => {
    app.startWorkers();
    const { citizen, user } = await citizenOutsideWindow({ phone: "84912345001", consent: true });
    await simFault({ failNext: { count: 1, error: -201 } });
    const n = await send(citizen.id, "dossier_status");
    expect(n).toMatchObject({ status: "sent", channel: "zns" });
    const zns = (await app.sims.zalo.messagesTo("84912345001")).filter((m) => m.endpoint === "zns");
    expect(zns).toHaveLength(1);
    expect(JSON.stringify(zns[0]!.payload)).toContain("H38.03006-261123-0001");
    expect((zns[0]!.payload as { tracking_id: string }).tracking_id).toBe(n.id);
    expect((await app.sims.zalo.messagesTo(user)).map((m) => [m.endpoint, m.outcome])).toEqual([
      ["template", -201],
    ]);
  });

  it("without a template that can go, a phone or consent, or for a chat reply, it is skipped with the reason", async () => {
    app.startWorkers();
    const noPhone = await citizenOutsideWindow({});
    await simFault({ failNext: { count: 1, error: -201 } });
    expect(await send(noPhone.citizen.id, "dossier_status")).toMatchObject({
      status: "skipped",
      reason: "outside_interaction_window_no_phone",
    });
    const withdrawn = await citizenOutsideWindow({ phone: "84912345002", consent: false });
    await simFault({ failNext: { count: 1, error: -201 } });
    expect(await send(withdrawn.citizen.id, "dossier_status")).toMatchObject({
      status: "skipped",
      reason: "outside_interaction_window_no_consent",
    });
    // Free text cannot be a pre-approved template: a chat reply outside the window waits for the citizen.
    const chat = await citizenOutsideWindow({ phone: "84912345003", consent: true });
    expect(await send(chat.citizen.id, "bot_reply")).toMatchObject({
      status: "skipped",
      reason: "outside_interaction_window",
    });
    expect(await app.sims.zalo.messagesTo("84912345002")).toHaveLength(0);
    expect(await app.sims.zalo.messagesTo("84912345003")).toHaveLength(0);
    expect(await app.sims.zalo.messagesTo(chat.user)).toHaveLength(0);
  });

  it("when Zalo says the window closed (-230) although our record says open, the template takes over", async () => {
    app.startWorkers();
    const { citizen, user } = await citizenOutsideWindow({ phone: "84912345004", consent: true });
    await app.ctx.db.citizen.update({ where: { id: citizen.id }, data: { lastInteractAt: new Date() } });
    const n = await send(citizen.id, "dossier_status");
    expect(n).toMatchObject({ status: "sent", channel: "oa_template" });
    expect((await app.sims.zalo.messagesTo(user)).map((m) => [m.endpoint, m.outcome])).toEqual([
      ["cs", -230],
      ["template", 0],
    ]);
    const attempts = await app.ctx.db.notificationAttempt.findMany({ where: { notificationId: n.id } });
    expect(attempts.map((a) => a.channel)).toEqual(["oa_template"]);
  });
});
