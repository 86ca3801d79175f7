import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { KHAO_MANG } from "../integration/incidents/reporting.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

/** A partner files a report with its key (reading needs no key; filing does). */
const fileReport = (key: string) =>
  fetch(`${app.baseUrl}/open311/v2/requests.json`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      api_key: key,
      service_code: "waste",
      lat: String(KHAO_MANG.lat),
      long: String(KHAO_MANG.lon),
      description: "Bãi rác tự phát cạnh suối",
    }).toString(),
  });

describe("[OPEN311] an admin manages partner keys in the console", () => {
  it("issues a key shown once, sees it used by the partner, and revokes it", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(page, "admin");
    await page.getByRole("link", { name: "Khoá Open311" }).click();
    await page.getByLabel("Tên hệ thống đối tác").fill("Bảng điều hành đô thị Sa Pa");
    await page.getByRole("button", { name: "Cấp khoá mới" }).click();
    const shown = page.getByTestId("issued-key");
    await shown.waitFor();
    const key = (await shown.locator("code").textContent())!.trim();
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // The partner uses it; the admin sees when.
    expect((await fileReport(key)).status).toBe(200);
    await page.getByRole("button", { name: "Đã sao chép, ẩn khoá" }).click();
    expect(await page.getByTestId("issued-key").count()).toBe(0);
    const row = page.locator("tr", { hasText: "Bảng điều hành đô thị Sa Pa" });
    await expect
      .poll(
        async () => {
          await page.reload();
          return row.locator("td").nth(2).textContent();
        },
        { timeout: 10_000 },
      )
      .not.toBe("Chưa dùng");
    await page.screenshot({ path: "test-results/console-open311-keys.png" });

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Thu hồi khoá của Bảng điều hành đô thị Sa Pa" }).click();
    await page.getByText("Đã thu hồi khoá của “Bảng điều hành đô thị Sa Pa”.").waitFor();
    // The message comes with the answer; the list is read again just after.
    await expect.poll(() => row.textContent()).toContain("Đã thu hồi");
    expect((await fileReport(key)).status).toBe(403);
    await page.close();
  });
});
