import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { photoWithGps, tinyPdf } from "../support/images.js";
import { loginAs } from "../support/staff.js";
import { useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({ workers: true }, (a, b) => {
  app = a;
  browser = b;
});

describe("[DOSSIERS] Hồ sơ của tôi in the mini app", () => {
  it("the citizen follows a dossier, sends the missing document, and rates the result", async () => {
    // The same citizen the mini app signs in as on localhost (the zmp-sdk stand-in).
    const signIn = await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessToken: "" }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const filed = await fetch(`${app.baseUrl}/api/v1/dossiers`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        procedureCode: "1.003677",
        formData: {
          applicantName: "Vàng Thị Súa",
          applicantIdNumber: "010203004455",
          applicantPhone: "0912345678",
          applicantAddress: "Bản Cát Cát, Sa Pa",
          absenceReason: "Đi làm ăn xa 3 tháng",
          absenceFrom: "2026-12-10",
          absenceTo: "2027-03-10",
          destination: "Thành phố Lào Cai",
        },
        communeCode: "03006",
        consent: true,
      }),
    });
    const { code } = (await filed.json()) as { code: string };
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    await clerk.send("POST", `/api/staff/dossiers/${code}/receive`, {});
    await clerk.send("POST", `/api/staff/dossiers/${code}/request-supplement`, {
      note: "Thiếu ảnh chụp giấy xác nhận nơi làm việc",
    });

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${app.baseUrl}/miniapp/`);
    await page.getByRole("button", { name: "Hồ sơ của tôi", exact: true }).click();
    const row = page.getByRole("button", { name: new RegExp(code) });
    await expect.poll(() => row.textContent()).toContain("Cần bổ sung hồ sơ");
    await row.click();
    await expect.poll(() => page.getByTestId("dossier-code").textContent()).toBe(code);
    expect(await page.getByTestId("supplement-note").textContent()).toBe(
      "Thiếu ảnh chụp giấy xác nhận nơi làm việc",
    );
    await page.screenshot({ path: "test-results/dossier-supplement.png", fullPage: true });

    const dir = mkdtempSync(path.join(tmpdir(), "photo-"));
    const photo = path.join(dir, "giay-xac-nhan.jpg");
    writeFileSync(photo, await photoWithGps());
    await page.locator('input[type="file"]').setInputFiles(photo);
    await expect
      .poll(() => page.getByTestId("dossier-status").textContent(), { timeout: 15_000 })
      .toBe("Mới đăng ký, chờ tiếp nhận");

    // The clerk finishes; the citizen rates.
    await clerk.send("POST", `/api/staff/dossiers/${code}/receive`, {});
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(tinyPdf())]), "ket-qua.pdf");
    await fetch(`${app.baseUrl}/api/staff/dossiers/${code}/result-file`, {
      method: "POST",
      headers: { cookie: clerk.cookie, "x-csrf-token": clerk.csrf },
      body: form,
    });
    await clerk.send("POST", `/api/staff/dossiers/${code}/mark-processed`, {});
    await clerk.send("POST", `/api/staff/dossiers/${code}/return-result`, {});
    await page.reload();
    await page.getByRole("button", { name: "Hồ sơ của tôi", exact: true }).click();
    await page.getByRole("button", { name: new RegExp(code) }).click();
    await page.getByRole("radio", { name: "5/5" }).click();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await expect.poll(() => page.getByText("Bạn đã đánh giá 5/5").count()).toBe(1);
    await page.screenshot({ path: "test-results/dossier-rated.png", fullPage: true });
    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).ratingScore).toBe(5);
    await page.close();
  });
});
