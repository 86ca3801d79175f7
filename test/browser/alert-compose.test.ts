import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { validateCapSchema, parseCap } from "../../server/src/alerts/cap.js";
import { type TestApp } from "../support/harness.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

describe("[ALERTS] composing an alert in the console", () => {
  it("an IOC operator picks a commune, draws a polygon on the map and publishes valid CAP", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(page, "ioc.operator");
    await page.getByRole("link", { name: "Cảnh báo" }).first().click();
    await page.getByRole("button", { name: "Soạn cảnh báo mới" }).click();

    // Flash floods reach level 3 at most (Decision 18/2021 art. 46): 4 and 5 cannot be chosen.
    await page.getByLabel("Loại thiên tai").selectOption("flash_flood");
    expect(await page.getByRole("radio", { name: /Cấp 4/ }).isDisabled()).toBe(true);
    await page.getByRole("radio", { name: /Cấp 3/ }).check();

    await page.getByLabel("Lọc xã, phường").fill("Phúc Khánh");
    await page.getByLabel(/X\. Phúc Khánh/).check();
    await page.getByLabel("Tiêu đề").first().fill("Cảnh báo lũ quét tại xã Phúc Khánh");
    await page
      .getByLabel(/Nội dung/)
      .first()
      .fill("Mưa rất lớn, nguy cơ lũ quét cao tại thôn Làng Nủ.");
    await page.getByLabel("Khuyến cáo người dân").first().fill("Sơ tán khỏi ven suối ngay.");

    // Three clicks on the map make a triangle (closed when published).
    const map = page.getByRole("img", { name: "Bản đồ các xã, phường tỉnh Lào Cai" });
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    for (const [dx, dy] of [
      [0.55, 0.6],
      [0.75, 0.6],
      [0.68, 0.8],
    ] as const) {
      await page.mouse.click(box.x + box.width * dx, box.y + box.height * dy);
    }
    await expect.poll(() => page.getByText(/\(3 điểm\)/).count()).toBe(1);

    await page.getByRole("button", { name: "Phát hành cảnh báo" }).click();
    await page.waitForURL(/\/console\/alerts\/[A-Za-z0-9_-]+$/, { timeout: 15_000 });
    const alertId = page.url().split("/").pop()!;
    await page.getByRole("heading", { name: /Cảnh báo lũ quét tại xã Phúc Khánh/ }).waitFor();
    expect(await page.getByText("Vùng khoanh trên bản đồ").count()).toBe(1);

    const stored = await app.ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(stored).toMatchObject({
      source: "console",
      riskLevel: 3,
      hazard: "flash_flood",
      status: "active",
    });
    const xml = await (await fetch(`${app.baseUrl}/alerts/cap/${alertId}.xml`)).text();
    expect(await validateCapSchema(xml)).toEqual([]);
    const polygon = parseCap(xml).infos[0]!.areas.find((a) => a.polygons.length > 0)!.polygons[0]!;
    expect(polygon).toHaveLength(4);
    expect(polygon[0]).toEqual(polygon[3]);
  });

  it("an IOC operator opens the tourist QR sheet, ready to print", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(page, "ioc.operator");
    await page
      .getByRole("navigation", { name: "Chức năng" })
      .getByRole("link", { name: "Cảnh báo", exact: true })
      .click();
    await page.getByRole("link", { name: /Mã QR nhận cảnh báo/ }).click();
    const card = page.getByTestId("qr-SAPA-CENTRE");
    await card.waitFor();
    expect(await card.locator("svg").count()).toBe(1);
    expect(await card.textContent()).toContain("Trung tâm phường Sa Pa");
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: "test-results/console-qr-sheet-print.png", fullPage: true });
    expect(await page.locator(".sidenav").isVisible()).toBe(false);
    await page.close();
  });
});
