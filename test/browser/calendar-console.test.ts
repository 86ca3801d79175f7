import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";
import { audit } from "../support/a11y.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

const rowsOf = (page: Page, testId: string) => page.getByTestId(testId).locator("tbody tr");

describe("[DOSSIERS] an admin keeps the working-day calendar in the console", () => {
  it("2027 is provisional with its lunar days computed; a day is added and removed; the year made official and back", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(page, "admin");
    await page.getByRole("link", { name: "Lịch làm việc", exact: true }).click();
    await page.getByRole("combobox", { name: /^Năm/ }).selectOption("2027");

    // No notice yet for 2027 (holidays.md): provisional, with the statutory days in use.
    await expect.poll(() => page.getByTestId("year-provisional").count()).toBe(1);
    const tet = rowsOf(page, "statutory").filter({ hasText: "06/02/2027" });
    expect(await tet.textContent()).toContain("Tết Nguyên đán (mùng 1)");
    expect(await tet.textContent()).toContain("Âm lịch");
    expect(await rowsOf(page, "statutory").filter({ hasText: "16/04/2027" }).textContent()).toContain(
      "Giỗ Tổ Hùng Vương",
    );
    // The seeded make-up day for 1/5 (a Saturday) is marked provisional.
    expect(await rowsOf(page, "adjustments").filter({ hasText: "03/05/2027" }).textContent()).toContain(
      "Tạm tính",
    );
    await page.screenshot({ path: "test-results/console-calendar-2027.png", fullPage: true });
    expect(await audit(page)).toEqual([]);

    // A day off of the (future) Tết notice, entered as provisional.
    await page.getByLabel("Ngày", { exact: true }).fill("2027-02-09");
    await page.getByLabel("Lý do").fill("Nghỉ Tết Đinh Mùi (phương án dự kiến)");
    await page.getByLabel("Căn cứ", { exact: true }).last().fill("Dự thảo Bộ Nội vụ");
    await page.getByLabel("Tạm tính (chưa có quyết định chính thức)").check();
    await page.getByRole("button", { name: "Lưu ngày" }).click();
    await expect.poll(() => rowsOf(page, "adjustments").filter({ hasText: "09/02/2027" }).count()).toBe(1);
    const row = await app.ctx.db.calendarAdjustment.findUniqueOrThrow({
      where: { date: new Date("2027-02-09") },
    });
    expect(row).toMatchObject({ kind: "day_off", provisional: true, source: "Dự thảo Bộ Nội vụ" });

    await page.getByRole("button", { name: "Bỏ điều chỉnh ngày 2027-02-09" }).click();
    await expect.poll(() => rowsOf(page, "adjustments").filter({ hasText: "09/02/2027" }).count()).toBe(0);
    expect(await app.ctx.db.calendarAdjustment.count({ where: { date: new Date("2027-02-09") } })).toBe(0);

    // The notice is published: the year is official, the computed days no longer count.
    await page.getByLabel(/Lịch chính thức/).check();
    await page.getByRole("button", { name: "Lưu trạng thái" }).click();
    await expect.poll(() => page.getByTestId("year-provisional").count()).toBe(0);
    expect((await app.ctx.db.calendarYear.findUniqueOrThrow({ where: { year: 2027 } })).official).toBe(true);
    expect(await page.getByText("Năm đã có lịch chính thức nên các ngày này không được dùng.").count()).toBe(
      1,
    );
    await page.getByLabel(/Lịch chính thức/).uncheck();
    await page.getByRole("button", { name: "Lưu trạng thái" }).click();
    await expect.poll(() => page.getByTestId("year-provisional").count()).toBe(1);

    const actions = (
      await app.ctx.db.auditLog.findMany({ where: { action: { startsWith: "calendar." } } })
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["calendar.set", "calendar.delete", "calendar.year", "calendar.year"]),
    );
    await page.close();
  });
});
