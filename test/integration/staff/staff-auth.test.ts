import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { DEMO_PASSWORD, loginAs } from "../../support/staff.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const login = (username: string, password: string) =>
  fetch(`${app.baseUrl}/api/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });

describe("[STAFF] login, sessions and roles", () => {
  it("a correct login sets an httpOnly, SameSite=Strict cookie and /me answers", async () => {
    const r = await login("clerk.sapa", DEMO_PASSWORD);
    expect(r.status).toBe(200);
    const cookie = r.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^lc_staff=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const body = (await r.json()) as { staff: { role: string; agency: { name: string } } };
    expect(body.staff.role).toBe("clerk");
    expect(body.staff.agency.name).toBe("UBND phường Sa Pa");
    const me = await fetch(`${app.baseUrl}/api/staff/me`, { headers: { cookie: cookie.split(";")[0]! } });
    expect(me.status).toBe(200);
  });

  it("a wrong password is refused with 401 and a Vietnamese message, and audited", async () => {
    const r = await login("clerk.laocai", "wrong-password");
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: { userMessage: string } }).error.userMessage).toBe(
      "Tên đăng nhập hoặc mật khẩu không đúng.",
    );
    const audit = await app.ctx.db.auditLog.findFirst({
      where: { action: "login_failed" },
      include: { staff: true },
    });
    expect(audit?.staff?.username).toBe("clerk.laocai");
  });

  it("an unknown user gets the same answer as a wrong password", async () => {
    const r = await login("nobody", "whatever");
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("INVALID_CREDENTIALS");
  });

  it("a locked account is refused even with the right password", async () => {
    for (let i = 0; i < 4; i++) expect((await login("clerk.tuphap", "bad")).status).toBe(401);
    const fifth = await login("clerk.tuphap", "bad");
    expect(fifth.status).toBe(423);
    const right = await login("clerk.tuphap", DEMO_PASSWORD);
    expect(right.status).toBe(423);
    expect(((await right.json()) as { error: { userMessage: string } }).error.userMessage).toMatch(
      /tạm khóa/,
    );
    const actions = (
      await app.ctx.db.auditLog.findMany({ where: { staff: { username: "clerk.tuphap" } } })
    ).map((a) => a.action);
    expect(actions).toContain("account_locked");
    expect(actions).toContain("login_refused_locked");
  });

  it("a write without the CSRF token is refused with 403", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    expect(
      (await admin.send("POST", "/api/staff/dead-letters/1/retry", undefined, { csrf: false })).status,
    ).toBe(403);
    expect((await admin.send("POST", "/api/staff/dead-letters/999999/retry")).status).toBe(404);
  });

  it("a clerk calling an admin endpoint gets 403; no session gets 401", async () => {
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    expect((await clerk.get("/api/staff/audit")).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/api/staff/audit`)).status).toBe(401);
  });

  it("the queue dashboard is for admins only; a browser without a session is sent to the login", async () => {
    const anon = await fetch(`${app.baseUrl}/admin/queues`, {
      headers: { accept: "text/html" },
      redirect: "manual",
    });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/console/login?next=%2Fadmin%2Fqueues");
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    expect((await clerk.get("/admin/queues")).status).toBe(403);
    const admin = await loginAs(app.baseUrl, "admin");
    const page = await admin.get("/admin/queues");
    expect(page.status).toBe(200);
  });

  it("logout ends the session and is audited", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    expect((await admin.send("POST", "/api/staff/logout")).status).toBe(204);
    expect((await admin.get("/api/staff/me")).status).toBe(401);
    const last = await app.ctx.db.auditLog.findFirst({ where: { action: "logout" } });
    expect(last).not.toBeNull();
  });
});
