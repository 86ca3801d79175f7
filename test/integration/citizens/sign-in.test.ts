import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { createIncident } from "../../../server/src/incidents/create-incident.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const signIn = (body: unknown) =>
  fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("[CITIZENS] signing in from the mini app", () => {
  it("resolves the Zalo user through the Graph API, never trusting an id from the client", async () => {
    const user = await app.sims.zalo.createUser("Giàng Thị Mai");
    const r = await signIn({ accessToken: user.accessToken, displayName: "Someone Else" });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { token: string; citizen: { displayName: string; language: string } };
    expect(body.citizen).toMatchObject({ displayName: "Giàng Thị Mai", language: "vi" });
    const me = await fetch(`${app.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.status).toBe(200);
    const stored = await app.ctx.db.citizen.findUnique({ where: { zaloUserId: user.id } });
    expect(stored?.displayName).toBe("Giàng Thị Mai");
    // The token is stored only as a hash.
    const sessions = await app.ctx.db.citizenSession.findMany({ where: { citizenId: stored!.id } });
    expect(sessions.every((s) => s.tokenHash !== body.token)).toBe(true);
  });

  it("refuses a token Zalo does not know with 401 and a Vietnamese message", async () => {
    const r = await signIn({ accessToken: "forged-token" });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: { userMessage: string } }).error.userMessage).toMatch(/Zalo/);
  });

  it("accepts the localhost stand-in only in the explicit development mode", async () => {
    expect((await signIn({ accessToken: "" })).status).toBe(200); // the harness turns dev mode on
    const strict = await startTestApp({ env: { ZALO_DEV_LOGIN: "false" } });
    try {
      const r = await fetch(`${strict.baseUrl}/api/v1/auth/zalo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessToken: "" }),
      });
      expect(r.status).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it("the Zalo Graph API being down is a 502 with an error the citizen can act on, not a sign-in", async () => {
    const down = await startTestApp({ env: { ZALO_GRAPH_URL: "http://127.0.0.1:9" } });
    try {
      const r = await fetch(`${down.baseUrl}/api/v1/auth/zalo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessToken: "anything" }),
      });
      expect(r.status).toBe(502);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("UPSTREAM_FAILED");
      // The call is in the integration call log, with the token redacted.
      const calls = await down.ctx.db.integrationCall.findMany({ where: { system: "zalo_graph" } });
      expect(calls.length).toBeGreaterThan(0);
      expect(
        JSON.stringify(calls, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
      ).not.toContain("anything");
    } finally {
      await down.close();
    }
  });

  it("a citizen can change language and erase their personal data", async () => {
    const user = await app.sims.zalo.createUser("Lò Văn Sáng");
    const { token } = (await (await signIn({ accessToken: user.accessToken })).json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const p = await fetch(`${app.baseUrl}/api/v1/me`, {
      method: "PATCH",
      headers: auth,
      body: JSON.stringify({ language: "en" }),
    });
    expect(((await p.json()) as { language: string }).language).toBe("en");
    // Things that carry the person: an incident report in their name, a "me too" on another's,
    // an alert subscription.
    const me = await app.ctx.db.citizen.findUniqueOrThrow({ where: { zaloUserId: user.id } });
    const other = await app.ctx.db.citizen.create({ data: { zaloUserId: `other-${user.id}` } });
    const mine = await createIncident(app.ctx, {
      reporterId: me.id,
      category: "waste",
      description: "Rác đổ trộm cạnh suối",
      lat: 22.3364,
      lon: 103.8438,
      source: "miniapp",
    });
    const theirs = await createIncident(app.ctx, {
      reporterId: other.id,
      category: "street_lighting",
      description: "Đèn đường hỏng",
      lat: 22.3364,
      lon: 103.8438,
      source: "miniapp",
    });
    await app.ctx.db.incidentSupporter.create({ data: { incidentId: theirs.id, citizenId: me.id } });
    await app.ctx.db.alertSubscription.create({ data: { citizenId: me.id, unitCode: "03006" } });

    expect((await fetch(`${app.baseUrl}/api/v1/me`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await fetch(`${app.baseUrl}/api/v1/me`, { headers: auth })).status).toBe(401);
    const c = await app.ctx.db.citizen.findUnique({ where: { zaloUserId: user.id } });
    expect(c?.displayName).toBeNull();
    // The report stays for the public, without its reporter; the rest is gone.
    const report = await app.ctx.db.incident.findUniqueOrThrow({ where: { id: mine.id } });
    expect(report).toMatchObject({ reporterId: null, anonymous: true });
    expect(await app.ctx.db.incidentSupporter.count({ where: { citizenId: me.id } })).toBe(0);
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: me.id } })).toBe(0);
  });
});

describe("[CITIZENS] the Zalo phone and location token exchange", () => {
  async function citizen(name: string, phone?: string) {
    const user = await app.sims.zalo.createUser(name);
    if (phone) {
      await fetch(`${app.sims.zalo.url}/__sim/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: user.id, phone }),
      });
    }
    const { token } = (await (await signIn({ accessToken: user.accessToken })).json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    return { user, headers };
  }
  const mint = async (path: string, body: unknown = {}) =>
    (
      (await (
        await fetch(`${app.sims.zalo.url}/__sim/users/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).json()) as { token: string }
    ).token;

  it("stores the phone only with consent, shows it masked, and the one-time token cannot be reused", async () => {
    const { user, headers } = await citizen("Hoàng Văn Páo", "84912345678");
    const code = await mint(`${user.id}/phone-token`);
    const noConsent = await fetch(`${app.baseUrl}/api/v1/me/phone`, {
      method: "POST",
      headers,
      body: JSON.stringify({ accessToken: user.accessToken, token: code }),
    });
    expect(noConsent.status).toBe(400);
    const ok = await fetch(`${app.baseUrl}/api/v1/me/phone`, {
      method: "POST",
      headers,
      body: JSON.stringify({ accessToken: user.accessToken, token: code, consent: true }),
    });
    expect(await ok.json()).toEqual({ phoneMasked: "8491****78" });
    const stored = await app.ctx.db.citizen.findUnique({
      where: { zaloUserId: user.id },
      include: { consents: true },
    });
    expect(stored?.phone).toBe("84912345678");
    expect(stored?.consents.map((c) => [c.purpose, c.granted])).toEqual([["phone_notifications", true]]);
    const again = await fetch(`${app.baseUrl}/api/v1/me/phone`, {
      method: "POST",
      headers,
      body: JSON.stringify({ accessToken: user.accessToken, token: code, consent: true }),
    });
    expect(again.status).toBe(400);
    // Withdrawal removes the number.
    expect((await fetch(`${app.baseUrl}/api/v1/me/phone`, { method: "DELETE", headers })).status).toBe(204);
    expect((await app.ctx.db.citizen.findUnique({ where: { zaloUserId: user.id } }))?.phone).toBeNull();
  });

  it("redeems a location token into coordinates", async () => {
    const { user, headers } = await citizen("Sùng A Chớ");
    const code = await mint(`${user.id}/location-token`, { latitude: 22.3364, longitude: 103.8438 });
    const r = await fetch(`${app.baseUrl}/api/v1/location`, {
      method: "POST",
      headers,
      body: JSON.stringify({ accessToken: user.accessToken, token: code }),
    });
    expect(await r.json()).toEqual({ lat: 22.3364, lon: 103.8438 });
  });
});
