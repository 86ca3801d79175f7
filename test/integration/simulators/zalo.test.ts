import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyZaloSignature } from "../../../server/src/bot/verify-zalo-signature.js";
import { UpstreamError } from "../../../server/src/integrations/http.js";
import { ZaloGraphClient } from "../../../server/src/integrations/zalo/graph-client.js";
import type { RunningSim } from "../../../server/src/simulators/sim-kit.js";
import {
  startZaloSimulator,
  type SimMessage,
  type ZaloSimState,
} from "../../../server/src/simulators/zalo/zalo-simulator.js";
import { zaloEventSignature } from "../../../server/src/simulators/zalo/zalo-signature.js";
import { callLog, getJson, postJson, startReceiver } from "./helpers.js";

const APP_ID = "test-app";
const APP_SECRET = "test-app-secret";
const OA_SECRET = "test-oa-secret-key";
const OA_ID = "579745863508352884";

let sim: RunningSim & { state: ZaloSimState };
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let access: string;
const graph = () => new ZaloGraphClient(callLog().http("zalo_graph"), sim.url, APP_SECRET);

beforeAll(async () => {
  sim = await startZaloSimulator({
    appId: APP_ID,
    appSecret: APP_SECRET,
    oaSecretKey: OA_SECRET,
    oaId: OA_ID,
    ratePerMinute: 1000,
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await postJson(`${sim.url}/__sim/reset`, {});
  access = `access-${Math.random()}`;
  await postJson(`${sim.url}/__sim/oa-token`, {
    accessToken: access,
    refreshToken: `refresh-${Math.random()}`,
  });
  receiver.received.length = 0;
});

let seq = 0;
const uniqueId = () => `84${Date.now()}${String(++seq).padStart(4, "0")}`;
const createUser = async (body: Record<string, unknown> = {}) =>
  (await postJson<{ id: string; accessToken: string }>(`${sim.url}/__sim/users`, { id: uniqueId(), ...body }))
    .json;

type OaAnswer = {
  error: number;
  message: string;
  data?: { message_id?: string; msg_id?: string; user_id?: string };
};
const sendCs = (userId: string, message: unknown, token = access) =>
  postJson<OaAnswer>(
    `${sim.url}/v3.0/oa/message/cs`,
    { recipient: { user_id: userId }, message },
    { access_token: token },
  );

describe("[SIM ZALO] Graph API", () => {
  it("answers /v2.0/me for a known user token and error 452 (HTTP 200) for an unknown one", async () => {
    const u = await createUser({ name: "Lò Thị Mai" });
    const me = await getJson(`${sim.url}/v2.0/me?fields=id,name`, { access_token: u.accessToken });
    expect(me).toEqual({ status: 200, json: { id: u.id, name: "Lò Thị Mai" } });
    const unknown = await getJson<{ error: number }>(`${sim.url}/v2.0/me?fields=id,name`, {
      access_token: "nope",
    });
    expect(unknown.status).toBe(200);
    expect(unknown.json.error).toBe(452);
    // Our real client reads the simulator the same way it reads Zalo.
    expect(await graph().me(u.accessToken)).toEqual({ id: u.id, name: "Lò Thị Mai" });
    await expect(graph().me("nope")).rejects.toMatchObject({ retryable: false });
  });

  it("exchanges a phone token once, only with the app secret, only for its own user", async () => {
    const u = await createUser({ name: "A", phone: "84912345678" });
    const other = await createUser({ name: "B" });
    const token = async (id: string) =>
      (await postJson<{ token: string }>(`${sim.url}/__sim/users/${id}/phone-token`, {})).json.token;

    const wrongSecret = await getJson<{ error: number }>(`${sim.url}/v2.0/me/info`, {
      access_token: u.accessToken,
      code: await token(u.id),
      secret_key: "not-the-secret",
    });
    expect(wrongSecret.json.error).toBe(-124);

    const t = await token(u.id);
    await expect(graph().phoneFromToken(other.accessToken, t)).rejects.toBeInstanceOf(UpstreamError);
    expect(await graph().phoneFromToken(u.accessToken, t)).toBe("84912345678");
    await expect(graph().phoneFromToken(u.accessToken, t)).rejects.toMatchObject({ retryable: false }); // single use
  });

  it("a one-time token older than 2 minutes is refused; location tokens carry the coordinates", async () => {
    const u = await createUser({ name: "C" });
    const loc = await postJson<{ token: string }>(`${sim.url}/__sim/users/${u.id}/location-token`, {
      latitude: 22.4856,
      longitude: 103.9707,
    });
    expect(await graph().locationFromToken(u.accessToken, loc.json.token)).toEqual({
      lat: 22.4856,
      lon: 103.9707,
    });

    const stale = (await postJson<{ token: string }>(`${sim.url}/__sim/users/${u.id}/phone-token`, {})).json
      .token;
    await postJson(`${sim.url}/__sim/clock`, { offsetMs: 2 * 60_000 + 1000 });
    await expect(graph().phoneFromToken(u.accessToken, stale)).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe("[SIM ZALO] OA token refresh", () => {
  const refresh = (refreshToken: string, secret = APP_SECRET) =>
    fetch(`${sim.url}/v4/oa/access_token`, {
      method: "POST",
      headers: { secret_key: secret, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: APP_ID, grant_type: "refresh_token" }),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  it("rotates the pair on every refresh and rejects a refresh token used before", async () => {
    await postJson(`${sim.url}/__sim/oa-token`, {
      accessToken: "known-access",
      refreshToken: "known-refresh",
    });
    const first = await refresh("known-refresh");
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ expires_in: "90000" });
    const { access_token: a1, refresh_token: r1 } = first.json as {
      access_token: string;
      refresh_token: string;
    };
    expect(a1).not.toBe("known-access");
    expect(r1).not.toBe("known-refresh");

    // Reused: refused, and the pair in force is untouched.
    const reused = await refresh("known-refresh");
    expect(reused.status).toBe(400);
    expect(reused.json).toMatchObject({ error: -14014, error_name: "Invalid refresh token" });
    expect((await getJson<{ accessToken: string }>(`${sim.url}/__sim/oa-token`)).json.accessToken).toBe(a1);

    // The old access token no longer sends; the new one does.
    const u = await createUser();
    await postJson(`${sim.url}/__sim/users/${u.id}/interact`, {});
    expect((await sendCs(u.id, { text: "x" }, "known-access")).json.error).toBe(-216);
    expect((await sendCs(u.id, { text: "x" }, a1)).json.error).toBe(0);

    expect((await refresh(r1)).status).toBe(200);
    expect((await refresh(r1)).json.error).toBe(-14014);
  });

  it("an access token stops working once its expires_in has passed on the simulator's clock; a refreshed one works", async () => {
    const u = await createUser();
    await postJson(`${sim.url}/__sim/users/${u.id}/interact`, {});
    const { refreshToken } = (await getJson<{ refreshToken: string }>(`${sim.url}/__sim/oa-token`)).json;
    expect((await sendCs(u.id, { text: "trước" })).json.error).toBe(0);
    await postJson(`${sim.url}/__sim/clock`, { offsetMs: 90_000 * 1000 - 1000 });
    expect((await sendCs(u.id, { text: "sắp hết hạn" })).json.error).toBe(0);
    await postJson(`${sim.url}/__sim/clock`, { offsetMs: 90_000 * 1000 + 1000 });
    expect((await sendCs(u.id, { text: "hết hạn" })).json.error).toBe(-216);
    const fresh = await refresh(refreshToken);
    expect(fresh.json.expires_in).toBe("90000");
    expect((await sendCs(u.id, { text: "mới" }, fresh.json.access_token as string)).json.error).toBe(0);
  });

  it("a refresh that fails on Zalo's side (injected) rotates nothing; the same token works after", async () => {
    const { refreshToken } = (await getJson<{ refreshToken: string }>(`${sim.url}/__sim/oa-token`)).json;
    await postJson(`${sim.url}/__sim/faults`, { refresh: { fault: "server_error" } });
    const failed = await fetch(`${sim.url}/v4/oa/access_token`, {
      method: "POST",
      headers: { secret_key: APP_SECRET, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: APP_ID, grant_type: "refresh_token" }),
    });
    expect(failed.status).toBe(500);
    expect((await getJson<{ refreshToken: string }>(`${sim.url}/__sim/oa-token`)).json.refreshToken).toBe(
      refreshToken,
    );
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it("refuses a refresh without the app secret", async () => {
    const { refreshToken } = (await getJson<{ refreshToken: string }>(`${sim.url}/__sim/oa-token`)).json;
    expect((await refresh(refreshToken, "wrong")).json.error).toBe(-14002);
    expect((await refresh(refreshToken)).status).toBe(200); // still unused
  });
});

describe("[SIM ZALO] OA messages", () => {
  it("sends a consultation message within 48 h of the user's last interaction and records it", async () => {
    const u = await createUser();
    expect((await sendCs(u.id, { text: "Chào bạn" })).json.error).toBe(-230); // never interacted
    await postJson(`${sim.url}/__sim/users/${u.id}/interact`, {});
    const ok = await sendCs(u.id, { text: "Chào bạn" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ error: 0, message: "Success", data: { user_id: u.id } });
    expect(ok.json.data?.message_id).toMatch(/^[0-9a-f]{32}$/);

    await postJson(`${sim.url}/__sim/clock`, { offsetMs: 48 * 3600_000 + 60_000 });
    // Two days on, the OA's access token has expired too: a fresh one, to see the window.
    await postJson(`${sim.url}/__sim/oa-token`, { accessToken: access });
    expect((await sendCs(u.id, { text: "Muộn" })).json.error).toBe(-230);

    const log = (await getJson<SimMessage[]>(`${sim.url}/__sim/messages?user_id=${u.id}`)).json;
    expect(log.map((m) => m.outcome)).toEqual([-230, 0, -230]);
    expect(log[1]).toMatchObject({
      endpoint: "cs",
      userId: u.id,
      payload: { message: { text: "Chào bạn" } },
    });
  });

  it("validates the message: text up to 2,000 characters, a recipient, a text or attachment", async () => {
    const u = await createUser();
    await postJson(`${sim.url}/__sim/users/${u.id}/interact`, {});
    expect((await sendCs(u.id, { text: "a".repeat(2000) })).json.error).toBe(0);
    expect((await sendCs(u.id, { text: "a".repeat(2001) })).json.error).toBe(-201);
    expect((await sendCs(u.id, {})).json.error).toBe(-201);
    expect((await sendCs("", { text: "x" })).json.error).toBe(-201);
    const image = {
      attachment: {
        type: "template",
        payload: { template_type: "media", elements: [{ media_type: "image", attachment_id: "att-1" }] },
      },
    };
    expect((await sendCs(u.id, image)).json.error).toBe(0);
  });

  it("refuses users who unfollowed with -213", async () => {
    const u = await createUser();
    await postJson(`${sim.url}/__sim/users/${u.id}/interact`, {});
    await postJson(`${sim.url}/__sim/emit`, {
      targetUrl: receiver.url,
      event: { event_name: "unfollow", user_id: u.id },
    });
    expect((await sendCs(u.id, { text: "x" })).json.error).toBe(-213);
  });

  it("limits sends per minute (-32) and injects the next failures", async () => {
    const u = await createUser();
    await postJson(`${sim.url}/__sim/users/${u.id}/interact`, {});
    await postJson(`${sim.url}/__sim/faults`, { rateLimit: 2 });
    const first = await sendCs(u.id, { text: "1" });
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect((await sendCs(u.id, { text: "2" })).json.error).toBe(0);
    expect((await sendCs(u.id, { text: "3" })).json.error).toBe(-32);
    await postJson(`${sim.url}/__sim/reset`, {}); // back to the configured limit

    await postJson(`${sim.url}/__sim/faults`, { failNext: { count: 2, error: -216 } });
    expect((await sendCs(u.id, { text: "a" })).json.error).toBe(-216);
    expect((await sendCs(u.id, { text: "b" })).json.error).toBe(-216);
    expect((await sendCs(u.id, { text: "c" })).json.error).toBe(0);

    await postJson(`${sim.url}/__sim/faults`, { failNext: { count: 1, error: 500 } });
    expect((await sendCs(u.id, { text: "d" })).status).toBe(500);

    await postJson(`${sim.url}/__sim/faults`, { failNext: { count: 1, error: "timeout" } });
    const hung = fetch(`${sim.url}/v3.0/oa/message/cs`, {
      method: "POST",
      headers: { "content-type": "application/json", access_token: access },
      body: JSON.stringify({ recipient: { user_id: u.id }, message: { text: "e" } }),
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toMatchObject({ name: "TimeoutError" });
    const outcomes = (await getJson<SimMessage[]>(`${sim.url}/__sim/messages?user_id=${u.id}`)).json.map(
      (m) => m.outcome,
    );
    expect(outcomes.slice(-3)).toEqual([0, 500, "timeout"]);

    const bad = await postJson(`${sim.url}/__sim/faults`, { failNext: { count: 1, error: -999 } });
    expect(bad.status).toBe(400);
  });

  it("template messages by user id and ZNS by phone are validated and recorded", async () => {
    const u = await createUser();
    const tpl = await postJson<OaAnswer>(
      `${sim.url}/v3.0/oa/message/template`,
      { user_id: u.id, template_id: "301", template_data: { code: "H38-250701-0001" } },
      { access_token: access },
    );
    expect(tpl.json.error).toBe(0); // no interaction window for approved templates
    const zns = (phone: string) =>
      postJson<OaAnswer>(
        `${sim.url}/message/template`,
        { phone, template_id: "7895", template_data: { name: "A" }, tracking_id: "t-1" },
        { access_token: access },
      );
    expect((await zns("0912345678")).json.error).toBe(-201); // must be 84-format
    const ok = await zns("84912345678");
    expect(ok.json.error).toBe(0);
    const byPhone = (await getJson<SimMessage[]>(`${sim.url}/__sim/messages?user_id=84912345678`)).json;
    expect(byPhone.map((m) => [m.endpoint, m.outcome])).toEqual([["zns", 0]]);
    const refused = (await getJson<SimMessage[]>(`${sim.url}/__sim/messages?user_id=0912345678`)).json;
    expect(refused.map((m) => [m.endpoint, m.outcome])).toEqual([["zns", -201]]);
  });

  it("uploads an image sent as the multipart field `file`", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }), "a.jpg");
    const r = await fetch(`${sim.url}/v2.0/oa/upload/image`, {
      method: "POST",
      headers: { access_token: access },
      body: form,
    });
    const body = (await r.json()) as { error: number; data?: { attachment_id: string } };
    expect(body.error).toBe(0);
    expect(body.data?.attachment_id).toBeTruthy();
    const json = await postJson<OaAnswer>(`${sim.url}/v2.0/oa/upload/image`, {}, { access_token: access });
    expect(json.json.error).toBe(-201);
  });
});

describe("[SIM ZALO] webhook emitter", () => {
  it("signs as Zalo does: mac = sha256(appId + raw body + timestamp + OA secret), plain SHA-256", () => {
    // A fixed body; the expected hex was computed outside Node (printf … | sha256sum).
    const raw =
      '{"event_name":"user_send_text","app_id":"test-app","sender":{"id":"2512523625412515001"},' +
      '"recipient":{"id":"579745863508352884"},"message":{"msg_id":"This is message id","text":"xin chào"},' +
      '"timestamp":"1699003881354","user_id_by_app":"552177279717587730"}';
    const expected = "mac=7f71331e682858cef5f6523bcc9d1f479916f707f2253b5d95e5b279a97654c6";
    expect(zaloEventSignature(APP_ID, raw, "1699003881354", OA_SECRET)).toBe(expected);
    const byHand = createHash("sha256")
      .update(APP_ID + raw + "1699003881354" + OA_SECRET, "utf8")
      .digest("hex");
    expect(expected).toBe(`mac=${byHand}`);
    // The server's verifier (written separately) agrees.
    expect(
      verifyZaloSignature({
        header: expected,
        rawBody: Buffer.from(raw, "utf8"),
        timestamp: "1699003881354",
        appId: APP_ID,
        secret: OA_SECRET,
      }),
    ).toBe(true);
  });

  it("posts a realistic, correctly signed text event and opens the interaction window", async () => {
    const userId = "2512523625412515123"; // above 2^53: must stay a string
    const r = await postJson<{ status: number }>(`${sim.url}/__sim/emit`, {
      targetUrl: `${receiver.url}/webhooks/zalo`,
      event: { event_name: "user_send_text", user_id: userId, text: "tra cứu hồ sơ" },
    });
    expect(r.json.status).toBe(200);
    const got = receiver.received.at(-1)!;
    expect(got.url).toBe("/webhooks/zalo");
    const body = JSON.parse(got.rawBody) as Record<string, unknown> & {
      sender: { id: string };
      recipient: { id: string };
      message: { text: string; msg_id: string };
      timestamp: string;
    };
    expect(body).toMatchObject({
      event_name: "user_send_text",
      app_id: APP_ID,
      sender: { id: userId },
      recipient: { id: OA_ID },
      message: { text: "tra cứu hồ sơ" },
    });
    expect(typeof body.timestamp).toBe("string");
    expect(typeof body.user_id_by_app).toBe("string");
    expect(got.rawBody).toContain(`"id":"${userId}"`);
    expect(Math.abs(Date.now() - Number(body.timestamp))).toBeLessThan(10_000);
    const mac = createHash("sha256")
      .update(APP_ID + got.rawBody + body.timestamp + OA_SECRET, "utf8")
      .digest("hex");
    expect(got.headers["x-zevent-signature"]).toBe(`mac=${mac}`);
    expect((await sendCs(userId, { text: "Hồ sơ của bạn đang xử lý" })).json.error).toBe(0);
  });

  it("serves a real JPEG where image events point (Zalo's photo CDN stand-in)", async () => {
    const r = await fetch(`${sim.url}/media/anh.jpg`);
    expect(r.headers.get("content-type")).toContain("image/jpeg");
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 3).toString("hex")).toBe("ffd8ff");
  });

  it("builds follow, location and image events in Zalo's shapes", async () => {
    const emit = async (event: Record<string, unknown>) => {
      await postJson(`${sim.url}/__sim/emit`, { targetUrl: receiver.url, event });
      return JSON.parse(receiver.received.at(-1)!.rawBody) as Record<string, unknown>;
    };
    const follow = await emit({ event_name: "follow", user_id: "1000000000000000001" });
    expect(follow).toMatchObject({
      oa_id: OA_ID,
      follower: { id: "1000000000000000001" },
      source: "oa_profile",
    });
    expect(follow.sender).toBeUndefined();
    const loc = await emit({ event_name: "user_send_location", latitude: 22.34, longitude: 104.1 });
    expect(loc.message).toMatchObject({
      attachments: [
        { type: "location", payload: { coordinates: { latitude: "22.34", longitude: "104.1" } } },
      ],
    });
    const img = await emit({ event_name: "user_send_image", url: "https://example.test/a.jpg" });
    expect(img.message).toMatchObject({
      attachments: [{ type: "image", payload: { url: "https://example.test/a.jpg" } }],
    });
    expect(
      (await postJson(`${sim.url}/__sim/emit`, { targetUrl: receiver.url, event: { event_name: "nope" } }))
        .status,
    ).toBe(400);
  });

  it("breaks the signature on request: wrong secret, tampered body, no header, stale timestamp", async () => {
    const verify = () => {
      const got = receiver.received.at(-1)!;
      const ts = (JSON.parse(got.rawBody) as { timestamp: string }).timestamp;
      const header = got.headers["x-zevent-signature"];
      return {
        ts,
        ok: verifyZaloSignature({
          header: typeof header === "string" ? header : undefined,
          rawBody: Buffer.from(got.rawBody, "utf8"),
          timestamp: ts,
          appId: APP_ID,
          secret: OA_SECRET,
        }),
      };
    };
    const emit = (breakWith?: string) =>
      postJson(`${sim.url}/__sim/emit`, {
        targetUrl: receiver.url,
        event: { event_name: "user_send_text", text: "x" },
        ...(breakWith ? { breakWith } : {}),
      });
    await emit();
    expect(verify().ok).toBe(true);
    await emit("wrong_secret");
    expect(verify().ok).toBe(false);
    await emit("tamper");
    expect(verify().ok).toBe(false);
    await emit("no_signature");
    expect(receiver.received.at(-1)!.headers["x-zevent-signature"]).toBeUndefined();
    await emit("stale");
    const stale = verify();
    expect(stale.ok).toBe(true); // signed correctly: only the age gives it away
    expect(Date.now() - Number(stale.ts)).toBeGreaterThan(59 * 60_000);
  });
});
