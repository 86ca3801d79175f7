import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, startTestApp, type TestApp } from "../support/harness.js";
import { DEMO_PASSWORD } from "../support/staff.js";

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function tryLogin(username: string, password: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${app.baseUrl}/console/`);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  return page;
}

describe("[CONSOLE] staff login in the browser", () => {
  it("the right password opens the console with the clerk's name, role and agency", async () => {
    const page = await tryLogin("clerk.sapa", DEMO_PASSWORD);
    const who = page.getByTestId("who");
    await expect.poll(() => who.textContent()).toContain("Nguyễn Thị Hoa");
    expect(await who.textContent()).toContain("Cán bộ một cửa");
    expect(await who.textContent()).toContain("UBND phường Sa Pa");
    // A clerk does not see the admin's tools.
    expect(await page.getByRole("link", { name: "Nhật ký" }).count()).toBe(0);
    await page.screenshot({ path: "test-results/console-clerk.png" });
    await page.close();
  });

  it("a wrong password shows the error and keeps the user on the login page", async () => {
    const page = await tryLogin("clerk.laocai", "sai-mat-khau");
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("Tên đăng nhập hoặc mật khẩu không đúng.");
    expect(await page.getByTestId("who").count()).toBe(0);
    await page.close();
  });

  it("after five wrong passwords the account is locked and says so", async () => {
    for (let i = 0; i < 5; i++) {
      const page = await tryLogin("clerk.tuphap", `wrong-${i}`);
      await expect.poll(() => page.getByRole("alert").count()).toBe(1);
      await page.close();
    }
    const page = await tryLogin("clerk.tuphap", DEMO_PASSWORD);
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/Tài khoản tạm khóa/);
    await page.close();
  });

  it("an admin sees the audit log with the logins just made", async () => {
    const page = await tryLogin("admin", DEMO_PASSWORD);
    await page.getByRole("link", { name: "Nhật ký" }).click();
    await expect
      .poll(() => page.locator("table").textContent(), { timeout: 10_000 })
      .toContain("account_locked");
    await page.screenshot({ path: "test-results/console-audit.png" });
    await page.close();
  });
});
