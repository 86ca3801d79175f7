import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

/** zmp-sdk's stand-in user on localhost. */
const STANDIN_ZALO_ID = "3368637342326461234";

const standIn = () => app.ctx.db.citizen.findUnique({ where: { zaloUserId: STANDIN_ZALO_ID } });

async function openSettings(page: Page): Promise<void> {
  await page.goto(`${app.baseUrl}/miniapp/`);
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
    .toContain("User Name");
  await page.getByRole("button", { name: "Cài đặt" }).click();
  await page.getByRole("heading", { name: "Tin nhắn qua Zalo" }).waitFor();
}

describe("[MINIAPP] settings: messages and personal data", () => {
  it("a refused change shows the server's Vietnamese message and the switch goes back", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await openSettings(page);
    const news = page.getByRole("switch", { name: /Tin tức, thông báo/ });
    await expect.poll(() => news.isChecked(), { timeout: 10_000 }).toBe(true);
    await page.route("**/api/v1/me", (route) =>
      route.request().method() === "PATCH"
        ? route.fulfill({
            status: 400,
            contentType: "application/json",
            body: JSON.stringify({
              error: { code: "VALIDATION_FAILED", message: "test", userMessage: "Giá trị phải là bật/tắt." },
            }),
          })
        : route.continue(),
    );
    await news.click();
    await page.getByText("Giá trị phải là bật/tắt.").waitFor();
    await expect.poll(() => news.isChecked()).toBe(true);
    expect((await standIn())?.messagePrefs).not.toMatchObject({ news: false });
    await page.close();
  });

  it("a citizen turns off payment messages, sets quiet hours 22:00–06:00, then erases their data", async () => {
    // A cheap phone's screen.
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await openSettings(page);

    const payment = page.getByRole("switch", { name: /Thanh toán/ });
    await expect.poll(() => payment.isChecked(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByText("Cảnh báo thiên tai luôn được gửi").count()).toBe(1);

    await payment.click();
    await expect.poll(async () => (await standIn())?.messagePrefs).toMatchObject({ payment: false });

    const quiet = page.getByRole("switch", { name: "Bật giờ yên lặng" });
    expect(await quiet.isChecked()).toBe(false);
    await quiet.click();
    // 22:00–06:00 is what turning it on proposes; choose it explicitly all the same.
    await page.getByLabel("Từ", { exact: true }).selectOption({ label: "22:00" });
    await page.getByLabel("Đến", { exact: true }).selectOption({ label: "06:00" });
    await expect
      .poll(async () => {
        const c = await standIn();
        return [c?.quietHoursFrom, c?.quietHoursTo];
      })
      .toEqual([22 * 60, 6 * 60]);
    const saved = await standIn();
    expect(saved?.messagePrefs).toMatchObject({ payment: false });
    expect((saved?.messagePrefs as Record<string, boolean>).dossier_status).not.toBe(false);

    // A reload shows what the server holds.
    await page.reload();
    await openSettings(page);
    await expect
      .poll(() => page.getByRole("switch", { name: /Thanh toán/ }).isChecked(), { timeout: 10_000 })
      .toBe(false);
    expect(await page.getByRole("switch", { name: /Hồ sơ của tôi/ }).isChecked()).toBe(true);
    expect(await page.getByRole("switch", { name: "Bật giờ yên lặng" }).isChecked()).toBe(true);
    expect(await page.getByLabel("Từ", { exact: true }).inputValue()).toBe(String(22 * 60));
    expect(await page.getByLabel("Đến", { exact: true }).inputValue()).toBe(String(6 * 60));
    // The whole page in one picture: the page scrolls inside the app shell, so make the window
    // as tall as its content for a moment (still 360 px wide).
    const contentHeight = await page.evaluate(() => document.querySelector(".app-page")?.scrollHeight ?? 740);
    await page.setViewportSize({ width: 360, height: contentHeight + 130 });
    await page.screenshot({ path: "test-results/miniapp-settings.png" });
    await page.setViewportSize({ width: 360, height: 740 });

    // Erasure: nothing happens before the citizen has read what goes and confirmed.
    await page.getByRole("button", { name: "Xoá dữ liệu của tôi" }).click();
    const confirm = page.getByTestId("erase-confirm");
    await confirm.waitFor();
    const confirmText = await confirm.textContent();
    expect(confirmText).toContain("Sẽ bị xoá");
    expect(confirmText).toContain("Vẫn được giữ lại");
    expect(confirmText).toContain("Hồ sơ đã nộp");
    expect((await standIn())?.deletedAt).toBeNull();
    await confirm.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/miniapp-settings-erase.png" });

    await page.getByRole("button", { name: "Xoá vĩnh viễn" }).click();
    await page.getByTestId("erased").waitFor();
    const erased = await standIn();
    expect(erased?.deletedAt).toBeInstanceOf(Date);
    expect(erased?.displayName).toBeNull();
    expect(erased?.quietHoursFrom).toBeNull();
    expect(await app.ctx.db.citizenSession.count({ where: { citizenId: erased!.id } })).toBe(0);

    // Signed out: no session on the phone, no account controls, "Chưa đăng nhập".
    expect(await page.getByTestId("account-status").textContent()).toBe("Chưa đăng nhập");
    expect(await page.getByRole("switch").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Xoá dữ liệu của tôi" }).count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem("laocai.session"))).toBeNull();
    await page.screenshot({ path: "test-results/miniapp-settings-erased.png" });

    // Other sections and reopening the mini app do not bring the account back by themselves.
    await page.goto(`${app.baseUrl}/miniapp/#/dossiers`);
    await page.goto(`${app.baseUrl}/miniapp/`);
    await page.getByTestId("signed-out").waitFor();
    await page.waitForTimeout(500);
    expect((await standIn())?.deletedAt).toBeInstanceOf(Date);
    expect(await app.ctx.db.citizenSession.count({ where: { citizenId: erased!.id } })).toBe(0);
    await page.screenshot({ path: "test-results/miniapp-signed-out.png" });
    // Only the citizen's own choice signs in again.
    await page.getByRole("button", { name: "Đăng nhập bằng Zalo" }).click();
    await expect.poll(async () => (await standIn())?.deletedAt ?? null).toBeNull();
    await page.close();
  });
});
