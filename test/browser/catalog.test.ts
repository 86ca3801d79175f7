import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

const phone = () => browser.newPage({ viewport: { width: 360, height: 740 } });

async function openProcedurePage(page: Page, code: string) {
  await page.goto(`${app.baseUrl}/miniapp/#/procedures/${code}`);
  await page.getByRole("button", { name: "Nộp hồ sơ" }).waitFor({ timeout: 15_000 });
}

describe("[PROCEDURES] the catalog in the mini app", () => {
  it("a citizen types “kai sinh”, opens Đăng ký khai sinh, sees documents and fees, and taps to file", async () => {
    const page = await phone();
    await page.goto(`${app.baseUrl}/miniapp/`);
    await page.getByRole("button", { name: "Thủ tục hành chính", exact: true }).click();
    await page.getByLabel("Tìm thủ tục").fill("kai sinh");
    const first = page.getByTestId("catalog-results").getByRole("button").first();
    await expect.poll(() => first.textContent(), { timeout: 15_000 }).toContain("Thủ tục đăng ký khai sinh");
    await page.screenshot({ path: "test-results/catalog-search.png", fullPage: true });
    await first.click();

    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe("Thủ tục đăng ký khai sinh");
    const docs = page.getByTestId("procedure-documents");
    expect(await docs.textContent()).toContain("Giấy chứng sinh");
    expect(await docs.getByRole("heading", { name: "Giấy tờ phải nộp" }).count()).toBe(1);
    const fees = await page.getByTestId("procedure-fees").textContent();
    expect(fees).toContain("Không thu phí, lệ phí.");
    expect(fees).toContain("Miễn lệ phí đăng ký khai sinh đúng hạn");
    expect(await page.getByTestId("procedure-time").textContent()).toContain("Trong ngày");
    expect(await page.getByTestId("procedure-agency").textContent()).toBe(
      "UBND xã, phường nơi bạn nộp hồ sơ",
    );
    await page.screenshot({ path: "test-results/catalog-procedure.png" });
    // The page is longer than the phone's screen, yet "Nộp hồ sơ" is on it without scrolling
    // and nothing of the page hides behind it at the end.
    const fileButton = page.getByRole("button", { name: "Nộp hồ sơ" });
    const box = await fileButton.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(740);
    expect(await docs.evaluate((el) => el.getBoundingClientRect().bottom)).toBeGreaterThan(740);
    await page.getByTestId("procedure-documents").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/catalog-procedure-documents.png" });
    await page.getByTestId("procedure-fees").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/catalog-procedure-fees.png" });

    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await page.getByLabel("Họ và tên người nộp hồ sơ").waitFor({ timeout: 15_000 });
    await page.close();
  });

  it("browsing by level and field narrows the list; a search for nothing says so", async () => {
    const page = await phone();
    await page.goto(`${app.baseUrl}/miniapp/#/procedures`);
    const count = page.getByTestId("catalog-count");
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe("38 thủ tục");
    await page.getByLabel("Lĩnh vực").selectOption("Hộ tịch");
    await expect.poll(() => count.textContent()).toBe("13 thủ tục");
    await page.getByRole("button", { name: "Cấp tỉnh", exact: true }).click();
    await expect.poll(() => count.textContent()).toBe("1 thủ tục");
    await page.getByLabel("Tìm thủ tục").fill("qqqq zzzz");
    await expect
      .poll(() => page.getByText("Không tìm thấy thủ tục phù hợp", { exact: false }).count())
      .toBe(1);
    await page.close();
  });
});

describe("[PROCEDURES] an admin edits a procedure in the console", () => {
  it("changes purpose, eligibility and fees; the mini app shows the change", async () => {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await desk.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(desk, "admin");
    await desk.getByRole("link", { name: "Thủ tục", exact: true }).click();
    await desk.getByLabel("Tìm theo tên hoặc mã").fill("giam ho");
    await desk.getByRole("button", { name: "Tìm", exact: true }).click();
    await desk.getByRole("link", { name: "Thủ tục đăng ký giám hộ" }).click();

    await desk.getByLabel("Mục đích").fill("Xác lập việc giám hộ cho trẻ em không còn cha mẹ chăm sóc.");
    await desk.getByLabel("Đối tượng thực hiện (ai được nộp)").fill("Người giám hộ cư trú tại Lào Cai.");
    await desk.getByRole("button", { name: "Thêm khoản thu" }).click();
    await desk.getByLabel("Số tiền (đồng)").last().fill("-5");
    await desk.getByRole("button", { name: "Lưu thay đổi" }).click();
    // A wrong value is explained next to the field, in Vietnamese, and nothing is saved.
    await desk.locator(".field-error", { hasText: "Số tiền không được âm." }).waitFor();
    await desk.getByLabel("Số tiền (đồng)").last().fill("15000");
    await desk.getByRole("button", { name: "Lưu thay đổi" }).click();
    await desk.getByText("Đã lưu. Công dân thấy nội dung mới ngay.").waitFor();
    await desk.screenshot({ path: "test-results/console-procedure-edit.png", fullPage: true });
    await desk.close();

    const page = await phone();
    await openProcedurePage(page, "1.004837");
    await expect
      .poll(() => page.getByTestId("procedure-purpose").textContent())
      .toBe("Xác lập việc giám hộ cho trẻ em không còn cha mẹ chăm sóc.");
    expect(await page.getByTestId("procedure-eligibility").textContent()).toBe(
      "Người giám hộ cư trú tại Lào Cai.",
    );
    expect(await page.getByTestId("procedure-fees").textContent()).toContain("Lệ phí: 15.000 đ / hồ sơ");
    await page.close();

    const audit = await app.ctx.db.auditLog.findFirst({
      where: { action: "procedure.update", target: "1.004837" },
    });
    expect((audit?.detail as { changed: string[] }).changed).toEqual(
      expect.arrayContaining(["purpose", "eligibility", "feeSchedule"]),
    );
  });
});

describe("[PROCEDURES] satisfaction ratings in the console", () => {
  it("shows the average per agency and procedure and the citizens' comments for the chosen period", async () => {
    const agency = await app.ctx.db.agency.findUniqueOrThrow({ where: { code: "H38.03006" } });
    const procedure = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "1.001193" } });
    const citizen = await app.ctx.db.citizen.create({ data: { zaloUserId: `rating-${Date.now()}` } });
    for (const [i, score, comment] of [
      [1, 5, "Cán bộ hướng dẫn tận tình, không phải đi lại."],
      [2, 2, "Chờ kết quả lâu hơn hẹn."],
    ] as const) {
      await app.ctx.db.dossier.create({
        data: {
          code: `H38.03006-261120-90${i}`,
          citizenId: citizen.id,
          procedureId: procedure.id,
          agencyId: agency.id,
          status: "result_returned",
          formData: {},
          applicantName: "Giàng Thị Mai",
          receivedAt: new Date(),
          ratingScore: score,
          ratingComment: comment,
          ratedAt: new Date(),
        },
      });
    }
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await desk.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(desk, "clerk.sapa");
    await desk.getByRole("link", { name: "Đánh giá", exact: true }).click();
    await expect
      .poll(() => desk.getByTestId("ratings-average").textContent(), { timeout: 15_000 })
      .toBe("3,50 / 5");
    await desk.getByText("Chờ kết quả lâu hơn hẹn.").waitFor();
    expect(await desk.getByRole("cell", { name: "Thủ tục đăng ký khai sinh (1.001193)" }).count()).toBe(1);
    await desk.screenshot({ path: "test-results/console-ratings.png", fullPage: true });
    // A period before these ratings has none.
    await desk.getByLabel("Từ ngày").fill("2025-01-01");
    await desk.getByLabel("Đến ngày").fill("2025-01-31");
    await desk.getByRole("button", { name: "Xem", exact: true }).click();
    await desk.getByText("Chưa có đánh giá trong khoảng thời gian này.").waitFor();
    await desk.close();
  });
});
