import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({ workers: false }, (a, b) => {
  app = a;
  browser = b;
});

describe("[PAYMENTS] what a dossier will cost, before it is filed", () => {
  it("the check-answers page quotes the fee for the copies asked for, waives it for a claimed exemption, and files it so", async () => {
    // A fee of 5.000 đ a copy that poor households do not pay (set by an admin).
    await app.ctx.db.procedure.update({
      where: { nationalCode: "1.003677" },
      data: {
        feeSchedule: [{ label: "Lệ phí", amountVnd: 5000, per: "copy", exemptGroups: ["poor_household"] }],
      },
    });
    // The citizen the mini app signs in as on localhost started the form on another phone.
    const signIn = await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessToken: "" }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const saved = await fetch(`${app.baseUrl}/api/v1/drafts/1.003677`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        data: {
          applicantName: "Vàng Thị Súa",
          applicantIdNumber: "010203004455",
          applicantPhone: "0912345678",
          applicantAddress: "Bản Cát Cát, Sa Pa",
          absenceReason: "Đi làm ăn xa 3 tháng",
          absenceFrom: "2026-12-10",
          absenceTo: "2027-03-10",
          destination: "Thành phố Lào Cai",
          _commune: "03006",
        },
        documents: [],
      }),
    });
    expect(saved.status).toBeLessThan(300);

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${app.baseUrl}/miniapp/#/procedures/1.003677/file`);
    await expect
      .poll(() => page.getByLabel("Lý do tạm vắng").inputValue(), { timeout: 15_000 })
      .toBe("Đi làm ăn xa 3 tháng");
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Tiếp tục" }).click();

    const quote = page.getByTestId("fee-quote");
    const total = page.getByTestId("fee-total");
    await expect.poll(() => total.textContent(), { timeout: 10_000 }).toBe("5.000 đ");
    await quote.getByLabel("Số bản cần cấp").fill("3");
    await expect.poll(() => total.textContent()).toBe("15.000 đ");
    expect(await quote.textContent()).toContain("Bạn thanh toán sau khi nộp hồ sơ");
    await quote.getByLabel("Diện được miễn phí, lệ phí (nếu có)").selectOption("poor_household");
    await expect.poll(() => total.textContent()).toBe("0 đ");
    expect(await quote.textContent()).toContain("Cán bộ sẽ kiểm tra giấy tờ chứng minh diện miễn");
    await quote.screenshot({ path: "test-results/filing-fee-quote.png" });

    await page.getByRole("checkbox", { name: /Tôi đồng ý/ }).check();
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    const codeEl = page.getByTestId("dossier-code");
    await expect.poll(() => codeEl.textContent(), { timeout: 15_000 }).toMatch(/^H38\.03006-\d{6}-\d{4}$/);
    const d = await app.ctx.db.dossier.findUniqueOrThrow({
      where: { code: (await codeEl.textContent())! },
      include: { feeLines: true },
    });
    expect(d.feeLines).toEqual([expect.objectContaining({ amountVnd: 5000, quantity: 3, exempt: true })]);
    expect(d.feeTotalVnd).toBe(0);
    await page.close();
  });
});
