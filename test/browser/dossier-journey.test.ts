import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { eventually, type TestApp } from "../support/harness.js";
import { photoWithGps, tinyPdf } from "../support/images.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";
import { audit } from "../support/a11y.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({ workers: true }, (a, b) => {
  app = a;
  browser = b;
});

async function fill(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: false }).first().fill(value);
}

describe("[DOSSIERS] a birth registration from a phone to the one-stop system and back", () => {
  it("files Đăng ký khai sinh with two photos; supplement round trip; result; rating; one record in the final status", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "photos-"));
    const photos = [0, 1].map((i) => path.join(dir, `giay-chung-sinh-${i}.jpg`));
    for (const [i, p] of photos.entries())
      writeFileSync(p, await photoWithGps({ r: 60 * i, g: 120, b: 200 }));

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${app.baseUrl}/miniapp/#/procedures/1.001193/file`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe("Thủ tục đăng ký khai sinh");

    // Step 1: a mistake is caught on the phone, in Vietnamese, next to the field.
    await fill(page, "Họ và tên người nộp hồ sơ", "Giàng Thị Mai");
    await fill(page, "Số định danh cá nhân", "12345");
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect.poll(() => page.getByText("Số định danh cá nhân gồm đúng 12 chữ số.").count()).toBe(1);
    await fill(page, "Số định danh cá nhân", "010203004455");
    await fill(page, "Số điện thoại liên hệ", "0912345678");
    await fill(page, "Nơi cư trú", "Tổ 3, phường Sa Pa");
    await page.getByLabel("Quan hệ với trẻ").selectOption("mother");
    await fill(page, "Họ, chữ đệm và tên của trẻ", "Giàng Minh Khôi");
    await fill(page, "Ngày sinh của trẻ", "2026-11-10");
    await page.getByLabel("Giới tính").selectOption("male");
    await fill(page, "Dân tộc", "Hmông");
    await fill(page, "Nơi sinh", "Trung tâm Y tế Sa Pa");
    await fill(page, "Họ và tên mẹ", "Giàng Thị Mai");
    await page.screenshot({ path: "test-results/filing-form.png", fullPage: true });
    await page.getByRole("button", { name: "Tiếp tục" }).click();

    // Step 2: two photos of the birth certificate.
    await page.locator('input[data-slot="birth_certificate"]').setInputFiles(photos);
    await expect.poll(() => page.locator(".doc-slot__files li").count(), { timeout: 15_000 }).toBe(2);
    await page.getByRole("button", { name: "Tiếp tục" }).click();

    // Step 3: where to file and how to get the result.
    await page.getByLabel("Xã, phường nơi nộp hồ sơ").selectOption("03006");
    await page.getByRole("button", { name: "Tiếp tục" }).click();

    // Step 4: check answers, consent, submit → the receipt.
    await expect.poll(() => page.getByText("Giàng Minh Khôi").count()).toBe(1);
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    const codeEl = page.getByTestId("dossier-code");
    await expect.poll(() => codeEl.textContent(), { timeout: 15_000 }).toMatch(/^H38\.03006-\d{6}-\d{4}$/);
    const code = (await codeEl.textContent())!;
    // The receipt names the procedure, the documents received, the delivery and the receipt
    // day, which is the day the code carries.
    expect(await page.getByTestId("receipt-procedure").textContent()).toBe("Thủ tục đăng ký khai sinh");
    expect(await page.getByTestId("receipt-documents").textContent()).toBe(
      "Giấy chứng sinh (ảnh chụp hoặc PDF) — 2 tệp",
    );
    expect(await page.getByTestId("receipt-delivery").textContent()).toBe("Nhận kết quả tại Bộ phận Một cửa");
    const [dd, mm, yyyy] = (await page.getByTestId("receipt-date").textContent())!.split("/");
    expect(code.split("-")[1]).toBe(`${yyyy!.slice(2)}${mm}${dd}`);
    await page.screenshot({ path: "test-results/filing-receipt.png", fullPage: true });
    expect(await audit(page)).toEqual([]); // the receipt, as a screen reader meets it

    // The clerk of phường Sa Pa, in the console, receives it and asks for a missing document.
    const desk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await desk.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(desk, "clerk.sapa");
    await desk.getByRole("link", { name: "Hồ sơ", exact: true }).click();
    await desk.getByRole("link", { name: code }).click();
    await expect.poll(() => desk.getByTestId("status").textContent()).toBe("Mới đăng ký, chờ tiếp nhận");
    // The answers under the form's labels; the documents shown in the page.
    expect(await desk.locator(".kv").textContent()).toContain("Họ, chữ đệm và tên của trẻGiàng Minh Khôi");
    await expect.poll(() => desk.locator("figure.doc img").count()).toBe(2);
    await desk.getByRole("button", { name: "Tiếp nhận" }).click();
    await expect.poll(() => desk.getByTestId("status").textContent()).toBe("Đã tiếp nhận");
    await desk.getByRole("button", { name: "Yêu cầu bổ sung" }).click();
    await desk.getByLabel("Giấy tờ cần bổ sung").fill("Bổ sung ảnh CCCD của mẹ");
    await desk.getByRole("button", { name: "Xác nhận" }).click();
    await expect.poll(() => desk.getByTestId("status").textContent()).toBe("Cần bổ sung hồ sơ");
    await desk.screenshot({ path: "test-results/console-dossier.png" });
    expect(await audit(desk)).toEqual([]); // the dossier view with its documents and actions

    await page.reload();
    await page.getByRole("button", { name: "Hồ sơ của tôi", exact: true }).click();
    await page.getByRole("button", { name: new RegExp(code) }).click();
    await expect
      .poll(() => page.getByTestId("supplement-note").textContent())
      .toBe("Bổ sung ảnh CCCD của mẹ");
    await page.locator('input[type="file"]').setInputFiles(photos[0]!);
    await expect
      .poll(() => page.getByTestId("dossier-status").textContent(), { timeout: 15_000 })
      .toBe("Mới đăng ký, chờ tiếp nhận");

    // The clerk receives the supplement, attaches the result and returns it.
    await desk.reload();
    await expect.poll(() => desk.getByTestId("status").textContent()).toBe("Mới đăng ký, chờ tiếp nhận");
    await desk.getByRole("button", { name: "Tiếp nhận" }).click();
    await expect.poll(() => desk.getByTestId("status").textContent()).toBe("Đã tiếp nhận");
    await desk.getByRole("button", { name: "Đã xử lý (có kết quả)" }).click();
    const pdf = path.join(dir, "trich-luc.pdf");
    writeFileSync(pdf, tinyPdf("Trich luc khai sinh"));
    await desk.getByLabel("Văn bản kết quả (PDF hoặc ảnh)").setInputFiles(pdf);
    await desk.getByRole("button", { name: "Xác nhận" }).click();
    await expect.poll(() => desk.getByTestId("status").textContent()).toBe("Đã có kết quả, chờ trả");
    await desk.getByRole("button", { name: "Trả kết quả" }).click();
    await expect.poll(() => desk.getByTestId("status").textContent()).toBe("Đã trả kết quả");
    await desk.close();

    // The citizen rates it.
    await page.reload();
    await page.getByRole("button", { name: "Hồ sơ của tôi", exact: true }).click();
    await page.getByRole("button", { name: new RegExp(code) }).click();
    await page.getByRole("radio", { name: "4/5" }).click();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await expect.poll(() => page.getByText("Bạn đã đánh giá 4/5").count()).toBe(1);

    // The one-stop system ends with exactly one record, in the final status.
    const records = await eventually(async () => {
      const all = (await (await fetch(`${app.sims.onestop.url}/__sim/records`)).json()) as {
        key: string;
        status: string;
      }[];
      const mine = all.filter((r) => r.key === code);
      return mine.length === 1 && String(mine[0]!.status) === "10" ? mine : null;
    }, 30_000);
    expect(records).toHaveLength(1);
    // Made by one create, sent once.
    const creates = (await (await fetch(`${app.sims.onestop.url}/__sim/creates`)).json()) as {
      byKey: Record<string, number>;
      requestsByKey: Record<string, number>;
    };
    expect([creates.byKey[code], creates.requestsByKey[code]]).toEqual([1, 1]);
    // The citizen was told of each change they must act on or know about.
    const { citizenId } = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } });
    const told = await app.ctx.db.notification.findMany({
      where: { citizenId, template: "dossier_status", params: { path: ["code"], equals: code } },
    });
    expect(told.map((n) => (n.params as { status: string }).status).sort()).toEqual(
      ["processed", "received", "received", "result_returned", "supplement_requested"].sort(),
    );
    expect(
      told.find((n) => (n.params as { status: string }).status === "supplement_requested")?.params,
    ).toMatchObject({ code, note: "Bổ sung ảnh CCCD của mẹ" });
    await page.close();
  });
});
