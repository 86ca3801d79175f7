import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

describe("[BOT] an admin reconnects the Zalo OA from the console", () => {
  it("the dashboard says the OA is down; the admin passes Zalo's consent page and the console says it is back", async () => {
    // Zalo refused our refresh token (as the worker would have recorded it).
    await app.ctx.db.oaToken.update({
      where: { id: "oa" },
      data: { lostAt: new Date(), lostReason: "OA refresh token refused (-14014)" },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(page, "admin");
    const banner = page.getByTestId("oa-down");
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain("Zalo OA mất kết nối");
    await page.screenshot({ path: "test-results/console-oa-down.png" });

    await banner.getByRole("link", { name: "Kết nối lại ngay" }).click();
    await page.getByRole("heading", { name: "Kết nối Zalo OA" }).waitFor();
    expect(await page.getByTestId("oa-state").textContent()).toContain("Mất kết nối");
    await page.getByRole("button", { name: "Kết nối Zalo OA" }).click();

    // Zalo's consent page (the simulator's), then back to the console.
    await page.getByRole("button", { name: "Cho phép" }).click();
    await page.getByText("Đã kết nối lại Zalo OA.", { exact: false }).waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId("oa-state").textContent())
      .toContain("Đang kết nối: tin nhắn và cảnh báo được gửi bình thường.");
    expect(await page.locator("dl.kv").textContent()).toContain("Quản trị hệ thống");
    await page.screenshot({ path: "test-results/console-oa-connected.png" });

    await page.getByRole("link", { name: "Bảng điều khiển" }).click();
    await page.getByRole("heading", { name: "Bảng điều khiển" }).waitFor();
    expect(await page.getByTestId("oa-down").count()).toBe(0);
    const row = await app.ctx.db.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    expect(row.lostAt).toBeNull();
    await page.close();
  });
});
