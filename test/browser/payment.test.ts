import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { dossierWithFees } from "../support/fixtures.js";
import { eventually, type TestApp } from "../support/harness.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({ workers: true }, (a, b) => {
  app = a;
  browser = b;
});

describe("[PAYMENTS] a citizen pays a dossier's fees from the mini app", () => {
  it("pays through VNPay, the dossier moves on, and the receipt downloads and reads correctly", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
    await page.goto(`${app.baseUrl}/miniapp/`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain("User Name");
    const citizen = await app.ctx.db.citizen.findUniqueOrThrow({
      where: { zaloUserId: "3368637342326461234" },
    });
    // The citizen wrote to the OA today: inside Zalo's 48-hour window for messages.
    await app.sims.zalo.interact(citizen.zaloUserId);
    await app.ctx.db.citizen.update({ where: { id: citizen.id }, data: { lastInteractAt: new Date() } });
    const dossier = await dossierWithFees(app, citizen.id, [
      { label: "Lệ phí chứng thực bản sao", amountVnd: 2000, quantity: 6 },
    ]);

    await page.getByRole("button", { name: "Thanh toán", exact: true }).click();
    const card = page.getByRole("region", { name: dossier.code });
    await expect.poll(() => card.getByTestId("amount-due").textContent()).toBe("12.000 đ");
    await card.getByRole("button", { name: "Thanh toán qua VNPay" }).click();

    // VNPay's page (the simulator) shows the amount we asked for.
    await page.waitForURL(/vpcpay\.html/);
    expect(await page.getByTestId("amount").textContent()).toBe("12.000 đ");
    await page.getByRole("button", { name: "Thanh toán", exact: true }).click();
    await page.waitForURL(/\/payments\/vnpay\/return/);
    expect(await page.getByTestId("payment-result").textContent()).toBe("Thanh toán thành công");
    await page.screenshot({ path: "test-results/payment-return.png" });

    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).status).toBe(
      "processing",
    );
    const payment = await app.ctx.db.payment.findFirstOrThrow({ where: { dossierId: dossier.id } });
    expect(payment.status).toBe("paid");

    // The link in the Zalo message opens the payments page of the mini app.
    const sent = await eventually(async () => {
      const m = (await app.sims.zalo.messagesTo(citizen.zaloUserId)).filter((x) => x.outcome === 0);
      return m.length ? m : null;
    });
    const link = /http[^"\s]*\/miniapp\/#\/payments\/[A-Z0-9]+/.exec(JSON.stringify(sent))?.[0];
    expect(link).toBeDefined();
    await page.goto(link!.replace(/^http:\/\/localhost:\d+/, app.baseUrl));
    const downloadButton = page.getByRole("button", { name: /Tải biên lai/ });
    await downloadButton.waitFor();
    await page.screenshot({ path: "test-results/payments-page.png" });
    const [download] = await Promise.all([page.waitForEvent("download"), downloadButton.click()]);
    const dir = mkdtempSync(path.join(tmpdir(), "receipt-"));
    const file = path.join(dir, "receipt.pdf");
    writeFileSync(file, readFileSync((await download.path())!));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain("BIÊN LAI THU PHÍ, LỆ PHÍ");
    expect(text).toContain(dossier.code);
    expect(text).toContain("12.000 đ");
    expect(text).toContain("Mười hai nghìn đồng");
    expect(text).toContain(payment.vnpTransactionNo!);
    expect(text).toContain("UBND phường Sa Pa".toUpperCase());

    // The dossier's own page shows what was paid, with the receipt number.
    const receiptNo = (await app.ctx.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).receiptNo!;
    await page.goto(`${app.baseUrl}/miniapp/#/dossiers/${dossier.code}`);
    const paid = page.getByTestId("dossier-payments");
    await expect.poll(() => paid.textContent(), { timeout: 15_000 }).toContain("12.000 đ");
    expect(await paid.textContent()).toContain(receiptNo);
    expect(await paid.textContent()).toContain("Đã thanh toán");
    await paid.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/miniapp-dossier-payment.png" });
    await page.close();
  });

  it("the clerk sees the day's payments in the reconciliation and refunds part of one from the console", async () => {
    const payment = await app.ctx.db.payment.findFirstOrThrow({ where: { status: "paid" } });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(page, "clerk.sapa");
    await page.getByRole("link", { name: "Thanh toán" }).click();
    const row = page.getByRole("row", { name: new RegExp(payment.txnRef) });
    await expect.poll(() => row.textContent()).toContain("Đã thanh toán");
    await row.getByRole("button", { name: "Hoàn tiền" }).click();
    await page.getByLabel("Số tiền hoàn (đồng)").fill("2000");
    await page.getByLabel("Lý do").fill("Công dân chỉ cần 5 bản sao");
    await page.getByRole("button", { name: "Xác nhận hoàn tiền" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Đã hoàn 2.000 đ");
    await expect.poll(() => row.textContent()).toContain("Hoàn một phần");
    // Money received stays counted after a partial refund; the refund is reported on its own.
    expect(await page.locator(".totals").textContent()).toContain("1 — 12.000 đ");
    await page.screenshot({ path: "test-results/console-reconciliation.png" });
    expect((await app.ctx.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedVnd).toBe(
      2000,
    );
    // The dossier page shows the payment, its receipt number and the refund with its reason.
    const dossier = await app.ctx.db.dossier.findUniqueOrThrow({ where: { id: payment.dossierId } });
    await page.goto(`${app.baseUrl}/console/dossiers/${dossier.code}`);
    const paid = page.getByTestId("dossier-payment");
    await expect.poll(() => paid.textContent()).toContain("Hoàn một phần");
    expect(await paid.textContent()).toContain(payment.receiptNo!);
    expect(await paid.textContent()).toContain("Công dân chỉ cần 5 bản sao");
    await page.screenshot({ path: "test-results/console-dossier-payment.png" });
    await page.close();
  });

  it("a clerk finds a fee during handling and asks for it from the console; the citizen sees it owed", async () => {
    const citizen = await app.ctx.db.citizen.findUniqueOrThrow({
      where: { zaloUserId: "3368637342326461234" },
    });
    const dossier = await dossierWithFees(app, citizen.id, [], { status: "processing" });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(page, "clerk.sapa");
    await page.goto(`${app.baseUrl}/console/dossiers/${dossier.code}`);
    await page.getByRole("button", { name: "Yêu cầu nộp phí" }).click();
    const form = page.getByRole("form", { name: "Yêu cầu nộp phí" });
    await form.getByLabel("Khoản phải nộp").fill("Phí thẩm định hồ sơ");
    await form.getByLabel("Số tiền (đồng)").fill("35000");
    await form.getByLabel("Căn cứ, nội dung báo công dân").fill("Theo Nghị quyết HĐND tỉnh về phí thẩm định");
    await form.getByRole("button", { name: "Gửi yêu cầu nộp phí" }).click();
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toContain("Đã yêu cầu công dân nộp 35.000 đ");
    await expect.poll(() => page.getByTestId("status").textContent()).toBe("Cần nộp phí, lệ phí");
    expect(await page.locator(".fees").textContent()).toContain("Phí thẩm định hồ sơ: 35.000 đ × 1");
    await page.screenshot({ path: "test-results/console-dossier-obligation.png" });
    await page.close();

    const mini = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await mini.goto(`${app.baseUrl}/miniapp/`);
    await mini.getByRole("button", { name: "Thanh toán", exact: true }).click();
    const card = mini.getByRole("region", { name: dossier.code });
    await expect
      .poll(() => card.getByTestId("amount-due").textContent(), { timeout: 15_000 })
      .toBe("35.000 đ");
    await mini.close();
  });
});
