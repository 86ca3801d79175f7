// When Zalo refuses the OA's refresh token, nothing can be sent until an admin connects the
// OA again (OAuth v4 with PKCE, through the simulator's consent page). Messages queued
// meanwhile wait and go out after reconnecting; the console says what is wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OaTokenLostError } from "../../../server/src/integrations/zalo/oa-client.js";
import { notifyCitizen } from "../../../server/src/notifications/notify-citizen.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs, type StaffClient } from "../../support/staff.js";
import { newUserId } from "./bot-helpers.js";

let app: TestApp;
let admin: StaffClient;
beforeAll(async () => {
  app = await startTestApp({ workers: true, env: { OA_RECONNECT_POLL_MS: "300" } });
  admin = await loginAs(app.baseUrl, "admin");
});
afterAll(async () => {
  await app?.close();
});

const simToken = async () =>
  (await (await fetch(`${app.sims.zalo.url}/__sim/oa-token`)).json()) as { accessToken: string };

/** Zalo forgets our pair (another system spent the refresh token); our access token expires. */
async function loseTheOa() {
  await fetch(`${app.sims.zalo.url}/__sim/oa-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      accessToken: `elsewhere-${Math.random()}`,
      refreshToken: `elsewhere-${Math.random()}`,
    }),
  });
  await app.ctx.db.oaToken.update({
    where: { id: "oa" },
    data: { accessExpiresAt: new Date(Date.now() - 1000) },
  });
}

/** What the admin's browser does: ask for Zalo's page, press a button, follow Zalo back to us. */
async function consent(decision: "allow" | "deny"): Promise<{ callback: string; landing: string }> {
  const start = await admin.send("POST", "/api/staff/oa/connect");
  expect(start.status).toBe(200);
  const { url } = (await start.json()) as { url: string };
  const page = await fetch(url);
  const html = await page.text();
  expect(html).toContain("Cho phép");
  const form = new URLSearchParams({ decision });
  for (const m of html.matchAll(/type="hidden" name="(\w+)" value="([^"]*)"/g))
    form.set(m[1]!, m[2]!.replace(/&#38;/g, "&"));
  const back = await fetch(`${app.sims.zalo.url}/v4/oa/permission`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  expect(back.status).toBe(302);
  const callback = back.headers.get("location")!;
  const landed = await fetch(callback, { redirect: "manual" });
  expect(landed.status).toBe(303);
  return { callback, landing: landed.headers.get("location")! };
}

describe("[BOT] reconnecting the Zalo OA", () => {
  it("a refused refresh token holds messages back, tells every staff member, and an admin's reconnect sends them", async () => {
    const user = newUserId();
    await app.sims.zalo.interact(user);
    const citizen = await app.ctx.db.citizen.create({
      data: { zaloUserId: `app-${user}`, zaloIdByOA: user, followsOA: true, lastInteractAt: new Date() },
    });
    await loseTheOa();

    await notifyCitizen(app.ctx.db, {
      citizenId: citizen.id,
      kind: "alert",
      dedupeKey: `oa-lost-${citizen.id}`,
      params: { text: "Cảnh báo lũ quét tại Sa Pa" },
    });
    // Zalo refused the refresh: the row says lost, the message waits (not failed, not sent).
    const lost = await eventually(async () => {
      const row = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
      return row.lostAt ? row : null;
    });
    expect(lost.lostReason).toMatch(/-14014/);
    await new Promise((r) => setTimeout(r, 1000)); // several polls while disconnected
    const waiting = await app.ctx.db.notification.findFirstOrThrow({ where: { citizenId: citizen.id } });
    expect(waiting.status).toBe("queued");
    expect(await app.sims.zalo.messagesTo(user)).toHaveLength(0);
    await expect(
      app.ctx.integrations.zaloOa.refresh(
        (await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } })).version,
      ),
    ).rejects.toBeInstanceOf(OaTokenLostError);

    // Everyone's dashboard says so; only an admin sees the details.
    const ioc = await loginAs(app.baseUrl, "ioc.operator");
    const dash = (await (await ioc.get("/api/staff/dashboard")).json()) as { oa: { state: string } };
    expect(dash.oa.state).toBe("lost");
    expect((await ioc.get("/api/staff/oa")).status).toBe(403);
    expect((await ioc.send("POST", "/api/staff/oa/connect")).status).toBe(403);
    expect(((await (await admin.get("/api/staff/oa")).json()) as { state: string }).state).toBe("lost");

    // "Từ chối" on Zalo's page changes nothing.
    expect((await consent("deny")).landing).toBe("/console/oa?result=denied");
    expect(((await (await admin.get("/api/staff/oa")).json()) as { state: string }).state).toBe("lost");

    // "Cho phép": a new pair, the same one Zalo holds; the waiting message goes out once.
    const before = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    const { callback, landing } = await consent("allow");
    expect(landing).toBe("/console/oa?result=connected");
    const after = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    expect(after.accessToken).toBe((await simToken()).accessToken);
    expect(after.version).toBe(before.version + 1);
    expect(after.lostAt).toBeNull();
    const status = (await (await admin.get("/api/staff/oa")).json()) as {
      state: string;
      connectedBy: string;
    };
    expect(status).toMatchObject({ state: "connected", connectedBy: "Quản trị hệ thống" });
    await eventually(async () => {
      const n = await app.ctx.db.notification.findFirstOrThrow({ where: { citizenId: citizen.id } });
      return n.status === "sent";
    });
    expect((await app.sims.zalo.messagesTo(user)).filter((m) => m.outcome === 0)).toHaveLength(1);
    expect(
      (await app.ctx.db.notification.findFirstOrThrow({ where: { citizenId: citizen.id } })).status,
    ).toBe("sent");

    // The same redirect again (a reload, or someone replaying the URL) does nothing.
    const again = await fetch(callback, { redirect: "manual" });
    expect(again.headers.get("location")).toBe("/console/oa?result=failed");
    expect((await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } })).version).toBe(after.version);
    const audit = await app.ctx.db.auditLog.findMany({
      where: { action: "oa.connect" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => (a.detail as { outcome: string }).outcome)).toEqual([
      "access_denied",
      "connected",
    ]);
  });

  it("refuses a state it never issued and a code presented without its verifier", async () => {
    const forged = await fetch(`${app.baseUrl}/api/staff/oa/callback?state=forged&code=oa-code-x`, {
      redirect: "manual",
    });
    expect(forged.headers.get("location")).toBe("/console/oa?result=failed");
    // A code Zalo issued, traded with the wrong verifier: refused by Zalo, our pair untouched.
    const row = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    const start = (await (await admin.send("POST", "/api/staff/oa/connect")).json()) as { url: string };
    const q = new URL(start.url).searchParams;
    const form = new URLSearchParams({ ...Object.fromEntries(q), decision: "allow" });
    const back = await fetch(`${app.sims.zalo.url}/v4/oa/permission`, {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    const code = new URL(back.headers.get("location")!).searchParams.get("code")!;
    await expect(app.ctx.integrations.zaloOa.connect(code, "x".repeat(64), "someone")).rejects.toThrow(
      /-14019/,
    );
    expect((await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } })).version).toBe(row.version);
  });
});
