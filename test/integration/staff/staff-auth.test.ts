import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sha256 } from "../../../server/src/citizens/citizen-auth.js";
import type { StaffRole } from "../../../server/src/platform/db.js";
import { hashPassword } from "../../../server/src/staff/passwords.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { DEMO_PASSWORD, loginAs } from "../../support/staff.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface ErrorBody {
  error: { code: string; userMessage: string };
}

const login = (username: string, password: string) =>
  fetch(`${app.baseUrl}/api/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });

/** A staff member of one's own, so lockouts and counters never leak between tests. */
async function newStaff(role: StaffRole = "clerk", opts: { agency?: boolean } = {}) {
  const agency =
    opts.agency === false ? null : await app.ctx.db.agency.findFirstOrThrow({ where: { code: "H38.01" } });
  const username = `t.${role}.${randomBytes(4).toString("hex")}`;
  const user = await app.ctx.db.staffUser.create({
    data: {
      username,
      fullName: "Cán bộ kiểm thử",
      role,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      agencyId: agency?.id ?? null,
    },
  });
  return { ...user, username };
}

const actionsOf = async (staffId: string) =>
  (await app.ctx.db.auditLog.findMany({ where: { staffId }, orderBy: { id: "asc" } })).map((a) => a.action);

it("[STAFF] a correct login sets an httpOnly, SameSite=Strict session cookie and /me answers the same", async () => {
  const r = await login("clerk.sapa", DEMO_PASSWORD);
  expect(r.status).toBe(200);
  const setCookie = r.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/^lc_staff=[A-Za-z0-9_-]{40,}; /);
  expect(setCookie).toMatch(/; HttpOnly/i);
  expect(setCookie).toMatch(/; SameSite=Strict/i);
  expect(setCookie).toMatch(/; Path=\//);
  expect(setCookie).toContain(`Max-Age=${app.config.SESSION_TTL_HOURS * 3600}`);
  expect(setCookie).not.toMatch(/; Secure/i); // only when NODE_ENV=production
  const body = (await r.json()) as {
    staff: { username: string; fullName: string; role: string; agency: { code: string; name: string } };
    csrfToken: string;
  };
  expect(body.staff).toMatchObject({
    username: "clerk.sapa",
    fullName: "Nguyễn Thị Hoa",
    role: "clerk",
    agency: { code: "H38.03006", name: "UBND phường Sa Pa" },
  });
  expect(body.csrfToken.length).toBeGreaterThanOrEqual(24);

  const cookie = setCookie.split(";")[0]!;
  const me = await fetch(`${app.baseUrl}/api/staff/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  expect(await me.json()).toEqual(body);
  // Only the token's hash is stored.
  const token = cookie.slice("lc_staff=".length);
  expect(await app.ctx.db.staffSession.findUnique({ where: { tokenHash: sha256(token) } })).not.toBeNull();
  expect(await app.ctx.db.staffSession.count({ where: { tokenHash: token } })).toBe(0);
});

it("[STAFF] a wrong password is refused with 401 and a Vietnamese message", async () => {
  const r = await login("clerk.laocai", "wrong-password");
  expect(r.status).toBe(401);
  const body = (await r.json()) as ErrorBody;
  expect(body.error.code).toBe("INVALID_CREDENTIALS");
  expect(body.error.userMessage).toBe("Tên đăng nhập hoặc mật khẩu không đúng.");
  expect(r.headers.get("set-cookie")).toBeNull();
});

it("[STAFF] an unknown username gets the same answer as a wrong password, in similar time", async () => {
  const u = await newStaff();
  const timed = async (username: string) => {
    const t = performance.now();
    const r = await login(username, "not-the-password");
    return { ms: performance.now() - t, status: r.status, body: await r.json() };
  };
  await timed(`nobody.${u.username}`); // warms the dummy hash
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = await timed(`nobody.${u.username}`);
    const b = await timed(u.username);
    expect(a.status).toBe(401);
    expect(a.body).toEqual(b.body);
    unknown.push(a.ms);
    wrong.push(b.ms);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[1]!;
  // Both verify an argon2id hash; without the dummy the unknown name would answer ~10× faster.
  expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
});

it("[STAFF] five wrong passwords in a row lock the account for 15 minutes", async () => {
  const u = await newStaff();
  for (let i = 0; i < 4; i++) expect((await login(u.username, `bad-${i}`)).status).toBe(401);
  const fifth = await login(u.username, "bad-4");
  expect(fifth.status).toBe(423);
  expect(((await fifth.json()) as ErrorBody).error.code).toBe("ACCOUNT_LOCKED");
  const row = await app.ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
  const minutes = (row.lockedUntil!.getTime() - Date.now()) / 60_000;
  expect(minutes).toBeGreaterThan(14);
  expect(minutes).toBeLessThanOrEqual(15);
});

it("[STAFF] a locked account is refused even with the right password", async () => {
  const u = await newStaff();
  for (let i = 0; i < 5; i++) await login(u.username, `bad-${i}`);
  const right = await login(u.username, DEMO_PASSWORD);
  expect(right.status).toBe(423);
  const body = (await right.json()) as ErrorBody;
  expect(body.error.code).toBe("ACCOUNT_LOCKED");
  expect(body.error.userMessage).toMatch(
    /^Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần\. .*\d\d:\d\d\.$/,
  );
  expect(right.headers.get("set-cookie")).toBeNull();

  // Once the lock has passed, the right password works again.
  await app.ctx.db.staffUser.update({
    where: { id: u.id },
    data: { lockedUntil: new Date(Date.now() - 1000) },
  });
  expect((await login(u.username, DEMO_PASSWORD)).status).toBe(200);
});

it("[STAFF] a successful login resets the failure count", async () => {
  const u = await newStaff();
  for (let i = 0; i < 4; i++) await login(u.username, `bad-${i}`);
  expect((await login(u.username, DEMO_PASSWORD)).status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await login(u.username, `bad-again-${i}`)).status).toBe(401);
  expect((await app.ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).lockedUntil).toBeNull();
});

it("[STAFF] logins, failed logins and lockouts are written to the audit log", async () => {
  const u = await newStaff();
  await login(u.username, DEMO_PASSWORD);
  for (let i = 0; i < 5; i++) await login(u.username, `bad-${i}`);
  await login(u.username, DEMO_PASSWORD);
  expect(await actionsOf(u.id)).toEqual([
    "login",
    "login_failed",
    "login_failed",
    "login_failed",
    "login_failed",
    "account_locked",
    "login_refused_locked",
  ]);
  const failed = await app.ctx.db.auditLog.findFirstOrThrow({
    where: { staffId: u.id, action: "login_failed" },
    orderBy: { id: "desc" },
  });
  expect(failed.detail).toEqual({ failures: 4 });
  expect(failed.ip).toBeTruthy();
  const unknown = `nobody.${u.username}`;
  await login(unknown, "x");
  const entry = await app.ctx.db.auditLog.findFirst({ where: { action: "login_failed", target: unknown } });
  expect(entry?.staffId).toBeNull();
});

it("[STAFF] a clerk bound to no agency is refused a session", async () => {
  const u = await newStaff("clerk", { agency: false });
  const r = await login(u.username, DEMO_PASSWORD);
  expect(r.status).toBe(403);
  expect(((await r.json()) as ErrorBody).error.userMessage).toBe(
    "Tài khoản chưa được gán cơ quan. Vui lòng liên hệ quản trị viên.",
  );
  expect(r.headers.get("set-cookie")).toBeNull();
});

it("[STAFF] a write without the right CSRF token is refused with 403", async () => {
  const admin = await loginAs(app.baseUrl, "admin");
  const noToken = await admin.send("POST", "/api/staff/dead-letters/999999/retry", undefined, {
    csrf: false,
  });
  expect(noToken.status).toBe(403);
  expect(((await noToken.json()) as ErrorBody).error.code).toBe("CSRF_FAILED");
  const wrong = await fetch(`${app.baseUrl}/api/staff/dead-letters/999999/retry`, {
    method: "POST",
    headers: {
      cookie: admin.cookie,
      "x-csrf-token": admin.csrf.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
    },
  });
  expect(wrong.status).toBe(403);
  // The same request with the token reaches the handler.
  expect((await admin.send("POST", "/api/staff/dead-letters/999999/retry")).status).toBe(404);
});

it("[STAFF] a clerk calling an admin endpoint gets 403", async () => {
  const clerk = await loginAs(app.baseUrl, "clerk.sapa");
  const r = await clerk.get("/api/staff/audit");
  expect(r.status).toBe(403);
  expect(((await r.json()) as ErrorBody).error.code).toBe("FORBIDDEN");
  expect((await clerk.get("/api/staff/dead-letters")).status).toBe(403);
  expect((await clerk.send("POST", "/api/staff/dead-letters/1/retry")).status).toBe(403);
  const ioc = await loginAs(app.baseUrl, "ioc.operator");
  expect((await ioc.get("/api/staff/audit")).status).toBe(403);
});

it("[STAFF] a request without a session gets 401", async () => {
  const none = await fetch(`${app.baseUrl}/api/staff/me`);
  expect(none.status).toBe(401);
  expect(((await none.json()) as ErrorBody).error.code).toBe("UNAUTHENTICATED");
  const forged = await fetch(`${app.baseUrl}/api/staff/me`, {
    headers: { cookie: `lc_staff=${randomBytes(32).toString("base64url")}` },
  });
  expect(forged.status).toBe(401);
  const malformed = await fetch(`${app.baseUrl}/api/staff/me`, { headers: { cookie: "lc_staff=%E0%A4%A" } });
  expect(malformed.status).toBe(401);
});

it("[STAFF] an expired session gets 401", async () => {
  const u = await newStaff();
  const s = await loginAs(app.baseUrl, u.username);
  expect((await s.get("/api/staff/me")).status).toBe(200);
  await app.ctx.db.staffSession.updateMany({ where: { staffId: u.id }, data: { expiresAt: new Date() } });
  expect((await s.get("/api/staff/me")).status).toBe(401);
});

it("[STAFF] logout ends the session, clears the cookie and is audited", async () => {
  const u = await newStaff("admin");
  const s = await loginAs(app.baseUrl, u.username);
  const r = await s.send("POST", "/api/staff/logout");
  expect(r.status).toBe(204);
  expect(r.headers.get("set-cookie")).toMatch(/^lc_staff=;.*Expires=Thu, 01 Jan 1970/);
  expect((await s.get("/api/staff/me")).status).toBe(401);
  expect(await app.ctx.db.staffSession.count({ where: { staffId: u.id } })).toBe(0);
  expect(await actionsOf(u.id)).toContain("logout");
});

it("[STAFF] every staff write is audited automatically with its route, refused ones too", async () => {
  const u = await newStaff("admin");
  const s = await loginAs(app.baseUrl, u.username);
  await s.send("POST", "/api/staff/dead-letters/424242/retry");
  await s.send("POST", "/api/staff/dead-letters/424243/retry", undefined, { csrf: false });
  const entries = await eventually(async () => {
    const rows = await app.ctx.db.auditLog.findMany({
      where: { staffId: u.id, action: "POST /api/staff/dead-letters/:id/retry" },
      orderBy: { id: "asc" },
    });
    return rows.length === 2 ? rows : null;
  });
  expect(entries.map((e) => [e.target, (e.detail as { status: number }).status])).toEqual([
    ["/api/staff/dead-letters/424242/retry", 404],
    ["/api/staff/dead-letters/424243/retry", 403],
  ]);
  // Reads are not audited automatically.
  await s.get("/api/staff/me");
  expect((await actionsOf(u.id)).filter((a) => a.startsWith("GET "))).toEqual([]);
});

it("[STAFF] the audit log is read newest first, a page at a time", async () => {
  const admin = await loginAs(app.baseUrl, "admin");
  type Page = { entries: { id: string; action: string }[]; nextCursor: string | null };
  const first = (await (await admin.get("/api/staff/audit?limit=3")).json()) as Page;
  expect(first.entries).toHaveLength(3);
  expect(first.nextCursor).toBe(first.entries[2]!.id);
  const second = (await (
    await admin.get(`/api/staff/audit?limit=3&cursor=${first.nextCursor}`)
  ).json()) as Page;
  const ids = [...first.entries, ...second.entries].map((e) => BigInt(e.id));
  expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  expect(new Set(ids).size).toBe(ids.length);
  const locked = (await (await admin.get("/api/staff/audit?action=account_locked")).json()) as Page;
  expect(locked.entries.length).toBeGreaterThan(0);
  expect(locked.entries.every((e) => e.action === "account_locked")).toBe(true);
  expect((await admin.get("/api/staff/audit?cursor=abc")).status).toBe(400);
});

it("[STAFF] the queue dashboard is for admins; a browser without a session is sent to the login", async () => {
  const anon = await fetch(`${app.baseUrl}/admin/queues`, {
    headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    redirect: "manual",
  });
  expect(anon.status).toBe(302);
  expect(anon.headers.get("location")).toBe("/console/login?next=%2Fadmin%2Fqueues");
  const api = await fetch(`${app.baseUrl}/admin/queues/api/queues`, {
    headers: { accept: "application/json" },
  });
  expect(api.status).toBe(401);

  const clerk = await loginAs(app.baseUrl, "clerk.sapa");
  expect((await clerk.get("/admin/queues")).status).toBe(403);
  const admin = await loginAs(app.baseUrl, "admin");
  const page = await admin.get("/admin/queues");
  expect(page.status).toBe(200);
  // bull-board's page must not fetch its font from Google.
  expect(page.headers.get("content-security-policy")).toMatch(/style-src 'self' 'unsafe-inline'(;|$)/);
});

it("[STAFF] bull-board's own buttons work from our origin and are refused from elsewhere", async () => {
  const admin = await loginAs(app.baseUrl, "admin");
  const put = (headers: Record<string, string>) =>
    fetch(`${app.baseUrl}/admin/queues/api/queues/maintenance/pause`, {
      method: "PUT",
      headers: { cookie: admin.cookie, ...headers },
    });
  expect((await put({})).status).toBe(403);
  expect((await put({ "sec-fetch-site": "cross-site" })).status).toBe(403);
  expect((await put({ origin: "https://evil.example" })).status).toBe(403);
  expect((await put({ "sec-fetch-site": "same-origin" })).status).toBe(200);
  expect(await app.ctx.queues.get("maintenance")!.isPaused()).toBe(true);
  await app.ctx.queues.get("maintenance")!.resume();
});
