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

async function openMiniApp(): Promise<Page> {
  // A cheap phone's screen; zmp-sdk gives its stand-in user only on localhost.
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${app.baseUrl}/miniapp/`);
  return page;
}

describe("[MINIAPP] the home screen", () => {
  it("renders in Vietnamese with the five sections and signs the citizen in", async () => {
    const page = await openMiniApp();
    for (const title of [
      "Thủ tục hành chính",
      "Hồ sơ của tôi",
      "Phản ánh hiện trường",
      "Cảnh báo thiên tai",
      "Thanh toán",
    ]) {
      await expect.poll(() => page.getByRole("button", { name: title, exact: true }).count()).toBe(1);
    }
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe("Xin chào, User Name");
    // The session is a real one: the server knows the stand-in citizen now.
    const citizen = await app.ctx.db.citizen.findUnique({ where: { zaloUserId: "3368637342326461234" } });
    expect(citizen?.displayName).toBe("User Name");
    await page.screenshot({ path: "test-results/miniapp-home.png" });
    await page.close();
  });

  it("switches to English and remembers it on the server", async () => {
    const page = await openMiniApp();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain("User Name");
    await page.getByRole("button", { name: "Cài đặt" }).click();
    await page.getByRole("radio", { name: "English" }).check();
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
    await expect
      .poll(
        async () =>
          (await app.ctx.db.citizen.findUnique({ where: { zaloUserId: "3368637342326461234" } }))?.language,
      )
      .toBe("en");
    await page.close();
  });
});
