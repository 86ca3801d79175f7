import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { eventually, type TestApp } from "../support/harness.js";
import { photoWithGps } from "../support/images.js";
import { signedInCitizen } from "../support/fixtures.js";
import { useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({ workers: true }, (a, b) => {
  app = a;
  browser = b;
});

// Xã Khao Mang (prisma/data/laocai-communes.json): where the phone says it is.
const HERE = { latitude: 21.9, longitude: 103.974 };

describe("[INCIDENTS] a citizen reports a landslide from the mini app", () => {
  it("photo + location → the IOC receives it → the IOC resolves it → the reporter sees it and is told on Zalo", async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      geolocation: HERE,
      permissions: ["geolocation"],
    });
    const page = await context.newPage();
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

    await page.getByRole("button", { name: /Phản ánh hiện trường/ }).click();
    await page.getByRole("button", { name: /Gửi phản ánh mới/ }).click();
    await page.screenshot({ path: "test-results/incident-categories.png" });
    await page.getByRole("button", { name: /Sạt lở đất/ }).click();

    await page.getByRole("button", { name: /Dùng vị trí hiện tại/ }).click();
    await expect.poll(() => page.getByTestId("pin-set").textContent()).toContain("21.9");
    await page.screenshot({ path: "test-results/incident-location.png" });
    await page.getByRole("button", { name: "Tiếp tục" }).click();

    await page.getByTestId("photo-input").setInputFiles({
      name: "sat-lo.jpg",
      mimeType: "image/jpeg",
      buffer: await photoWithGps(),
    });
    await page.locator(".incident-photos img").first().waitFor();
    await page.getByRole("textbox").fill("Sạt lở taluy dương, đất đá tràn nửa mặt đường <b>nguy hiểm</b>");
    await page.screenshot({ path: "test-results/incident-details.png" });
    await page.getByRole("button", { name: "Gửi phản ánh" }).click();
    const receipt = page.locator(".receipt__code");
    await receipt.waitFor({ timeout: 20_000 });
    const code = (await receipt.textContent()) ?? "";
    expect(code).toMatch(/^PA-[0-9A-Z]{8}$/);
    await page.screenshot({ path: "test-results/incident-sent.png" });

    // The IOC has it, with the photo.
    const rec = await eventually(async () => {
      const all = (await (await fetch(`${app.sims.ioc.url}/__sim/records`)).json()) as {
        key: string;
        data: { category: string; media: unknown[] };
      }[];
      return all.find((r) => r.key === code);
    });
    expect(rec.data.category).toBe("landslide");
    expect(rec.data.media).toHaveLength(1);
    await eventually(async () => {
      const i = await app.ctx.db.incident.findUniqueOrThrow({ where: { publicId: code } });
      return i.status === "confirmed";
    });

    // An IOC operator resolves it there; the signed webhook brings it back.
    const resolved = await fetch(`${app.sims.ioc.url}/__sim/records/${code}/status`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "resolved", note: "Đã dọn xong đất đá, thông xe" }),
    });
    expect(resolved.status).toBe(200);

    await page.getByRole("button", { name: "Xem phản ánh" }).click();
    await expect.poll(() => page.getByTestId("incident-status").textContent()).toBe("Đã khắc phục");
    const timeline = await page.getByTestId("incident-timeline").textContent();
    expect(timeline).toContain("Đã dọn xong đất đá, thông xe");
    // The markup typed by the citizen is shown as text.
    expect(await page.locator(".incident-detail__text").textContent()).toContain("<b>nguy hiểm</b>");
    await page.screenshot({ path: "test-results/incident-fixed.png", fullPage: true });

    const messages = await eventually(async () => {
      const m = (await app.sims.zalo.messagesTo(citizen.zaloUserId)).map((x) => JSON.stringify(x));
      return m.some((t) => t.includes(`${code}: Đã khắc phục`)) ? m : null;
    });
    expect(messages.some((t) => t.includes(`Đã nhận phản ánh ${code}`))).toBe(true);

    // The reporter confirms the fix.
    await page.getByRole("button", { name: /Xác nhận đã khắc phục/ }).click();
    await page.getByText("Bạn đã xác nhận sự cố được khắc phục.").waitFor();
    await context.close();
  });
});

describe("[INCIDENTS] duplicates and the public map in the mini app", () => {
  it("a nearby open report of the same category is offered; 'Tôi cũng gặp sự cố này' follows it instead", async () => {
    const other = await signedInCitizen(app, "Hàng xóm");
    const first = await fetch(`${app.baseUrl}/api/v1/incidents`, {
      method: "POST",
      headers: other.headers,
      body: JSON.stringify({
        category: "street_lighting",
        description: "Cột đèn số 12 tắt cả tuần",
        location: { lat: HERE.latitude + 0.0008, lon: HERE.longitude },
      }),
    });
    const { publicId } = (await first.json()) as { publicId: string };

    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      geolocation: HERE,
      permissions: ["geolocation"],
    });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/miniapp/`);
    await page.getByRole("button", { name: /Phản ánh hiện trường/ }).click();
    // The public list and the map (no tiles: commune points and report markers).
    await page.getByText("Cột đèn số 12 tắt cả tuần").waitFor();
    await page.screenshot({ path: "test-results/incident-public-list.png" });
    await page.getByRole("tab", { name: "Bản đồ" }).click();
    await page.locator(".incident-map__marker").first().waitFor();
    expect(await page.locator(".incident-map__commune").count()).toBeGreaterThan(90);
    await page.screenshot({ path: "test-results/incident-public-map.png" });

    await page.getByRole("button", { name: /Gửi phản ánh mới/ }).click();
    await page.getByRole("button", { name: /Đèn chiếu sáng/ }).click();
    await page.getByRole("button", { name: /Dùng vị trí hiện tại/ }).click();
    await page.getByTestId("pin-set").waitFor();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByText("Cột đèn số 12 tắt cả tuần").waitFor();
    await page.screenshot({ path: "test-results/incident-similar.png" });
    await page.getByRole("button", { name: "Tôi cũng gặp sự cố này" }).click();
    await expect.poll(() => page.getByTestId("incident-status").isVisible()).toBe(true);
    await page.screenshot({ path: "test-results/incident-supporting.png", fullPage: true });
    expect(await page.getByText("2 người cùng gặp").count()).toBe(1);

    const me = await app.ctx.db.citizen.findUniqueOrThrow({ where: { zaloUserId: "3368637342326461234" } });
    const incident = await app.ctx.db.incident.findUniqueOrThrow({
      where: { publicId },
      include: { supporters: true },
    });
    expect(incident.supporters.map((s) => s.citizenId)).toEqual([me.id]);
    // No second report was made.
    expect(await app.ctx.db.incident.count({ where: { category: "street_lighting" } })).toBe(1);
    await context.close();
  });
});
