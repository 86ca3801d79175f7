import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { eventually, type TestApp } from "../support/harness.js";
import { photoWithGps } from "../support/images.js";
import { useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

/** A phone of its own: a fresh browser context (no storage shared), the same Zalo citizen. */
async function phone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/miniapp/#/procedures/1.001193/file`);
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
    .toBe("Thủ tục đăng ký khai sinh");
  return page;
}

const draftRow = () =>
  app.ctx.db.dossierDraft.findFirst({ where: { procedure: { nationalCode: "1.001193" } } });

describe("[DOSSIERS] a draft follows the citizen from one phone to another", () => {
  it("answers and documents saved on one device are restored on another; Bỏ deletes the upload", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "draft-"));
    const photos = [0, 1].map((i) => path.join(dir, `giay-chung-sinh-${i}.jpg`));
    for (const [i, p] of photos.entries()) writeFileSync(p, await photoWithGps({ r: 90 * i, g: 10, b: 10 }));

    const first = await phone();
    await first.getByLabel("Họ và tên người nộp hồ sơ").fill("Giàng Thị Mai");
    await first.getByLabel("Số định danh cá nhân").fill("010203004455");
    await first.getByLabel("Số điện thoại liên hệ").fill("0912345678");
    await first.getByLabel("Nơi cư trú").fill("Tổ 3, phường Sa Pa");
    await first.getByLabel("Quan hệ với trẻ").selectOption("mother");
    await first.getByLabel("Họ, chữ đệm và tên của trẻ").fill("Giàng Minh Khôi");
    await first.getByLabel("Ngày sinh của trẻ").fill("2026-11-10");
    await first.getByLabel("Giới tính").selectOption("male");
    await first.getByLabel("Dân tộc").fill("Hmông");
    await first.getByLabel("Nơi sinh").fill("Trung tâm Y tế Sa Pa");
    await first.getByLabel("Họ và tên mẹ").fill("Giàng Thị Mai");
    await first.getByRole("button", { name: "Tiếp tục" }).click();

    // A dropped connection during an upload is told in Vietnamese, in the slot.
    await first.route("**/api/v1/uploads", (r) => r.abort("internetdisconnected"));
    await first.locator('input[data-slot="birth_certificate"]').setInputFiles(photos[0]!);
    await expect
      .poll(() => first.getByTestId("doc-error-birth_certificate").textContent())
      .toBe("Không tải được tệp lên, vui lòng thử lại.");
    await first.screenshot({ path: "test-results/filing-upload-error.png", fullPage: true });
    // An answer that is not our JSON (a proxy's page) too.
    await first.unroute("**/api/v1/uploads");
    await first.route("**/api/v1/uploads", (r) =>
      r.fulfill({ status: 502, contentType: "text/html", body: "<html>Bad gateway</html>" }),
    );
    await first.locator('input[data-slot="birth_certificate"]').setInputFiles(photos[0]!);
    await expect
      .poll(() => first.getByTestId("doc-error-birth_certificate").textContent())
      .toBe("Không tải được tệp lên, vui lòng thử lại.");
    await first.unroute("**/api/v1/uploads");

    await first.locator('input[data-slot="birth_certificate"]').setInputFiles(photos);
    await expect.poll(() => first.locator(".doc-slot__files li").count(), { timeout: 15_000 }).toBe(2);
    expect(await first.getByTestId("doc-error-birth_certificate").count()).toBe(0);
    // "Bỏ" on the second photo: gone from the draft and from the server.
    const uploads = await app.ctx.db.dossierFile.findMany({
      where: { dossierId: null, kind: "document" },
      orderBy: { createdAt: "asc" },
    });
    expect(uploads).toHaveLength(2);
    await first.locator(".doc-slot__files li").nth(1).getByRole("button", { name: "Bỏ" }).click();
    await expect.poll(() => first.locator(".doc-slot__files li").count()).toBe(1);
    await eventually(
      async () => (await app.ctx.db.dossierFile.count({ where: { id: uploads[1]!.id } })) === 0,
    );

    // The server copy catches up (saved a moment after the last change).
    const saved = await eventually(async () => {
      const d = await draftRow();
      return d && d.fileIds.length === 1 && (d.data as Record<string, string>).childName ? d : null;
    });
    expect(saved.fileIds).toEqual([uploads[0]!.id]);
    await first.screenshot({ path: "test-results/filing-draft-documents.png", fullPage: true });
    await first.context().close();

    // Another phone: nothing stored locally, the server's draft is loaded.
    const second = await phone();
    await expect
      .poll(() => second.getByLabel("Họ, chữ đệm và tên của trẻ").inputValue())
      .toBe("Giàng Minh Khôi");
    expect(await second.getByLabel("Số định danh cá nhân").inputValue()).toBe("010203004455");
    await second.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => second.locator(".doc-slot__files li").count()).toBe(1);
    expect(await second.locator(".doc-slot__files li").textContent()).toContain(uploads[0]!.fileName);
    await second.context().close();
  });

  it("what the citizen types while signing in is still going on is kept, and saved as theirs", async () => {
    await app.ctx.db.dossierDraft.deleteMany({ where: { procedure: { nationalCode: "1.001193" } } });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    // An earlier visit on this phone left a draft with the mother's name.
    const earlier = await context.newPage();
    await earlier.goto(`${app.baseUrl}/miniapp/#/procedures/1.001193/file`);
    await earlier.getByLabel("Họ và tên mẹ").fill("Sùng Thị Dua");
    await expect
      .poll(() =>
        earlier.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith("laocai.draft.")) ?? ""),
      )
      .not.toBe("");
    await earlier.close();
    await app.ctx.db.dossierDraft.deleteMany({ where: { procedure: { nationalCode: "1.001193" } } });
    const page = await context.newPage();
    // Sign-in held back (a slow mountain network) until the citizen has typed.
    let release!: () => void;
    const typed = new Promise<void>((r) => (release = r));
    await page.route("**/api/v1/auth/zalo", async (r) => {
      await typed;
      await r.continue();
    });
    const signedIn = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/zalo"));
    await page.goto(`${app.baseUrl}/miniapp/#/procedures/1.001193/file`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe("Thủ tục đăng ký khai sinh");
    await page.getByLabel("Họ, chữ đệm và tên của trẻ").fill("Sùng A Páo");
    release();
    await signedIn;
    const saved = await eventually(async () => {
      const d = await draftRow();
      return d && (d.data as Record<string, string>).childName ? d : null;
    });
    expect((saved.data as Record<string, string>).childName).toBe("Sùng A Páo");
    expect(await page.getByLabel("Họ, chữ đệm và tên của trẻ").inputValue()).toBe("Sùng A Páo");
    // The phone's earlier draft is not lost under what was typed.
    expect(await page.getByLabel("Họ và tên mẹ").inputValue()).toBe("Sùng Thị Dua");
    expect((saved.data as Record<string, string>).motherName).toBe("Sùng Thị Dua");
    await context.close();
  });
});
