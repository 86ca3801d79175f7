import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { SA_PA, capAlert, sendCap } from "../integration/alerts/alert-helpers.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({ workers: true }, (a, b) => {
  app = a;
  browser = b;
});

const phone = { viewport: { width: 360, height: 740 } };

describe("[ALERTS] a tourist, a resident and the IOC during a flash-flood warning", () => {
  it("the tourist subscribes by QR in English and reads the alert in English; the resident asks for help; the operator sees it", async () => {
    // ── The tourist scans the hotel's QR code (the zmp-sdk stand-in user on localhost) ──
    const tourist = await browser.newPage(phone);
    await tourist.goto(`${app.baseUrl}/miniapp/#/alerts/qr/SAPA-CENTRE`);
    await tourist.getByRole("button", { name: "English" }).click();
    await tourist.getByRole("heading", { name: "Places I follow" }).waitFor();
    await expect
      .poll(() => tourist.getByTestId("subscription").first().textContent())
      .toMatch(/Sa Pa.*Where I am staying/);
    await tourist.screenshot({ path: "test-results/alerts-tourist-subscribed.png", fullPage: true });

    // ── A resident of Sa Pa signed in on their own phone follows their home commune ──
    const user = await app.sims.zalo.createUser("Giàng Thị Mỷ");
    const signIn = (await (
      await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessToken: user.accessToken }),
      })
    ).json()) as unknown;
    // The resident's phone knows where it is (Sa Pa, near the ward's centre) and lets the app ask.
    const HERE = { latitude: 22.3401, longitude: 103.8402 };
    const residentContext = await browser.newContext({
      ...phone,
      geolocation: HERE,
      permissions: ["geolocation"],
    });
    await residentContext.addInitScript((s) => {
      window.sessionStorage.setItem("laocai.session", s);
    }, JSON.stringify(signIn));
    const resident = await residentContext.newPage();
    await resident.goto(`${app.baseUrl}/miniapp/#/alerts`);
    await resident.getByLabel("Xã, phường").selectOption(SA_PA);
    await resident.getByLabel("Nhà tôi").check();
    await resident.getByRole("button", { name: "Nhận cảnh báo cho nơi này" }).click();
    await expect
      .poll(() => resident.getByTestId("subscription").first().textContent())
      .toMatch(/Phường Sa Pa.*Nhà tôi/);

    // ── The IOC publishes a flash-flood warning for Sa Pa (CAP 1.2, Vietnamese and English) ──
    const cap = capAlert(
      {},
      {
        areas: [
          {
            areaDesc: "Phường Sa Pa",
            polygons: [],
            circles: [],
            geocodes: [{ valueName: "GSO", value: SA_PA }],
          },
        ],
      },
    );
    const { status, body } = await sendCap(app, cap);
    expect(status).toBe(202);
    const alertId = body.alertId!;

    // ── The tourist sees it in English, with what to do ──
    await tourist.goto(`${app.baseUrl}/miniapp/`);
    await tourist.getByRole("button", { name: /Disaster alerts/ }).click();
    const card = tourist.getByTestId("alert-card");
    await expect
      .poll(() => card.first().textContent(), { timeout: 15_000 })
      .toContain("Flash flood and landslide warning");
    expect(await card.first().textContent()).toContain("Risk level 3 (orange)");
    expect(await tourist.getByTestId("alert-instruction").first().textContent()).toContain(
      "Move away from streams and hillsides now.",
    );
    expect(await card.first().textContent()).not.toContain("Cảnh báo lũ quét");
    await tourist.screenshot({ path: "test-results/alerts-tourist-warning.png", fullPage: true });

    // ── The resident opens the message's link and asks for help ──
    const fromMessage = await residentContext.newPage();
    await fromMessage.goto(`${app.baseUrl}/miniapp/#/alerts/${alertId}`);
    await fromMessage.getByRole("button", { name: "Tôi cần giúp đỡ" }).click();
    const status2 = fromMessage.getByTestId("alert-card").getByRole("status");
    await expect.poll(() => status2.textContent()).toMatch(/Đã báo lực lượng cứu hộ \(mã PA-/);
    await fromMessage.screenshot({ path: "test-results/alerts-resident-help.png", fullPage: true });
    const incidentId = /mã (PA-[0-9A-Z]+)/.exec((await status2.textContent()) ?? "")?.[1];
    // The request carries where the phone is (the browser's geolocation on localhost).
    const incident = await app.ctx.db.incident.findUniqueOrThrow({ where: { publicId: incidentId! } });
    expect([incident.lat, incident.lon]).toEqual([HERE.latitude, HERE.longitude]);

    // ── The IOC operator sees the request on the safety board ──
    const console = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await console.goto(`${app.baseUrl}/console/login`);
    await signInToConsole(console, "ioc.operator");
    await console.getByRole("link", { name: "Cảnh báo" }).first().waitFor();
    await console.goto(`${app.baseUrl}/console/alerts/${alertId}`);
    const row = console.getByTestId(`safety-${SA_PA}`);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain(incidentId!);
    const cells = await row.locator("td").allTextContents();
    expect(cells[0]).toBe("Sa Pa");
    expect(cells[3]).toBe("1"); // cần giúp đỡ
    // Wherever the operator is in the console, the nav and the tab's title count who needs help.
    expect(await console.getByTestId("nav-count-alerts").textContent()).toBe("1");
    expect(await console.title()).toMatch(/^\(1\) /);
    await console.screenshot({ path: "test-results/alerts-console-board.png", fullPage: true });
    await residentContext.close();
  });
});
