import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { expect, it } from "vitest";
import { hashPassword } from "../../server/src/staff/passwords.js";
import { type TestApp } from "../support/harness.js";
import { DEMO_PASSWORD } from "../support/staff.js";
import { useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

async function openLogin(path = "/console/"): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${app.baseUrl}${path}`);
  await page.getByLabel("Tên đăng nhập").waitFor();
  return page;
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

async function tryLogin(username: string, password: string): Promise<Page> {
  const page = await openLogin();
  await signIn(page, username, password);
  return page;
}

/** A clerk of one's own, so the lockout test does not depend on the others. */
async function newClerk() {
  const agency = await app.ctx.db.agency.findFirstOrThrow({ where: { code: "H38.01" } });
  const username = `t.clerk.${randomBytes(4).toString("hex")}`;
  await app.ctx.db.staffUser.create({
    data: {
      username,
      fullName: "Đỗ Minh Châu",
      role: "clerk",
      agencyId: agency.id,
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
  });
  return username;
}

it("[STAFF] the right password opens the console with the clerk's name, role and agency", async () => {
  const page = await tryLogin("clerk.sapa", DEMO_PASSWORD);
  const who = page.getByTestId("who");
  await expect.poll(() => who.textContent()).toContain("Nguyễn Thị Hoa");
  expect(await who.textContent()).toContain("Cán bộ một cửa");
  expect(await who.textContent()).toContain("UBND phường Sa Pa");
  expect(await page.getByRole("button", { name: "Đăng xuất" }).count()).toBe(1);
  const nav = page.getByRole("navigation", { name: "Chức năng" });
  expect(await nav.getByRole("link", { name: "Hồ sơ" }).count()).toBe(1);
  // A clerk does not see the admin's tools.
  for (const admin of ["Nhật ký", "Việc lỗi", "Hàng đợi", "Thủ tục"])
    expect(await nav.getByRole("link", { name: admin }).count()).toBe(0);
  // The dashboard's numbers open their lists.
  await page.getByTestId("tile-/dossiers?overdue=true").waitFor();
  await page.screenshot({ path: "test-results/console-clerk.png" });
  await page.getByTestId("tile-/dossiers?overdue=true").click();
  await expect.poll(() => page.url()).toContain("/console/dossiers?overdue=true");
  await page.goBack();

  // An admin page's address sends the clerk to their own first section.
  await page.goto(`${app.baseUrl}/console/audit`);
  await expect.poll(() => new URL(page.url()).pathname).toBe("/console/dashboard");

  // The clerk's other sections open in place.
  await nav.getByRole("link", { name: "Phản ánh" }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Phản ánh hiện trường");

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await page.getByLabel("Tên đăng nhập").waitFor();
  expect(new URL(page.url()).pathname).toBe("/console/login");
  await page.close();
});

it("[STAFF] a wrong password shows the error and keeps the user on the login page", async () => {
  const page = await tryLogin("clerk.laocai", "sai-mat-khau");
  await expect
    .poll(() => page.getByRole("alert").textContent())
    .toBe("Tên đăng nhập hoặc mật khẩu không đúng.");
  expect(await page.getByTestId("who").count()).toBe(0);
  expect(await page.getByLabel("Mật khẩu").inputValue()).toBe("");
  await page.close();
});

it("[STAFF] after five wrong passwords the console says the account is locked, even for the right one", async () => {
  const username = await newClerk();
  const page = await openLogin();
  for (let i = 0; i < 5; i++) {
    await signIn(page, username, `wrong-${i}`);
    await expect.poll(() => page.getByRole("button", { name: "Đăng nhập" }).isEnabled()).toBe(true);
  }
  await signIn(page, username, DEMO_PASSWORD);
  // The right password reached the server and was refused, not merely the fifth wrong one.
  await expect
    .poll(() => app.ctx.db.auditLog.count({ where: { action: "login_refused_locked", staff: { username } } }))
    .toBe(1);
  await expect
    .poll(() => page.getByRole("alert").textContent())
    .toMatch(/^Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần\. Vui lòng thử lại sau \d\d:\d\d\.$/);
  expect(await page.getByTestId("who").count()).toBe(0);
  await page.screenshot({ path: "test-results/console-locked.png" });
  await page.close();
});

it("[STAFF] an admin sees the audit log with the lockout just made", async () => {
  const page = await tryLogin("admin", DEMO_PASSWORD);
  await page.getByRole("link", { name: "Nhật ký" }).click();
  await expect
    .poll(() => page.locator("table").textContent(), { timeout: 10_000 })
    .toContain("account_locked");
  expect(await page.locator("table").textContent()).toContain("Khóa tài khoản");
  await page.screenshot({ path: "test-results/console-audit.png" });
  await page.close();
});

it("[STAFF] an admin runs a dead job again from Việc lỗi", async () => {
  const jobId = `payments.reconcile__browser-${randomBytes(3).toString("hex")}`;
  const dl = await app.ctx.db.jobDeadLetter.create({
    data: {
      queue: "payments",
      jobName: "payments.reconcile",
      jobId,
      payload: { day: "2026-11-01" },
      error: "VNPay querydr: ECONNREFUSED",
      attempts: 5,
    },
  });
  const page = await tryLogin("admin", DEMO_PASSWORD);
  // The side menu's link (the dashboard also has a "Việc lỗi chờ chạy lại" tile).
  await page.getByRole("navigation", { name: "Chức năng" }).getByRole("link", { name: "Việc lỗi" }).click();
  const row = page.getByTestId(`dead-letter-${dl.id}`);
  await row.getByRole("button", { name: "Chạy lại" }).click();
  await expect
    .poll(() => page.getByRole("status").textContent())
    .toBe(`Đã đưa việc trở lại hàng đợi “payments” với mã ${jobId}-r1.`);
  await expect.poll(() => row.textContent()).toContain("Đã chạy lại");
  expect(await app.ctx.queues.get("payments")!.getJob(`${jobId}-r1`)).toBeTruthy();
  await page.close();
});

it("[STAFF] when the session ends the console asks to sign in again and returns to the same page", async () => {
  const page = await tryLogin("admin", DEMO_PASSWORD);
  await page.getByTestId("who").waitFor();
  await page.goto(`${app.baseUrl}/console/audit`);
  await page.locator("table").waitFor();
  await app.ctx.db.staffSession.updateMany({
    where: { staff: { username: "admin" } },
    data: { expiresAt: new Date() },
  });
  // The next request finds the session gone: the reload, or the console's own 30 s poll of
  // the dashboard counts if it comes first (then the button is already gone).
  await page
    .getByRole("button", { name: "Tải lại" })
    .click({ timeout: 5000 })
    .catch(() => undefined);
  await expect
    .poll(() => page.getByRole("status").textContent())
    .toBe("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.");
  await signIn(page, "admin", DEMO_PASSWORD);
  await expect.poll(() => new URL(page.url()).pathname).toBe("/console/audit");
  await page.close();
});

it("[STAFF] the queue dashboard sends an admin without a session to sign in, then back", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${app.baseUrl}/admin/queues`);
  await page.getByLabel("Tên đăng nhập").waitFor();
  expect(page.url()).toBe(`${app.baseUrl}/console/login?next=%2Fadmin%2Fqueues`);
  await signIn(page, "admin", DEMO_PASSWORD);
  await page.waitForURL(`${app.baseUrl}/admin/queues`);
  await expect.poll(() => page.getByText("notifications").count()).toBeGreaterThan(0);
  await page.close();
});
