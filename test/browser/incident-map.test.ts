import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { createIncident } from "../../server/src/incidents/create-incident.js";
import { signedInCitizen } from "../support/fixtures.js";
import type { TestApp, TestAppOptions } from "../support/harness.js";
import { useBrowserApp } from "../support/browser-suite.js";

// The public map with a tile server configured on the server (MAP_TILE_URL): a local one
// here, counting what it serves, so the test sees the CSP let the tiles through.
let tiles: Server;
let tileHits = 0;
const opts: TestAppOptions = { env: {} };
beforeAll(async () => {
  const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: "#cfe3c8" } })
    .png()
    .toBuffer();
  tiles = createServer((_req, res) => {
    tileHits++;
    res.setHeader("content-type", "image/png");
    res.end(png);
  }).listen(0, "127.0.0.1");
  await once(tiles, "listening");
  const port = (tiles.address() as AddressInfo).port;
  opts.env!.MAP_TILE_URL = `http://127.0.0.1:${port}/{z}/{x}/{y}.png`;
  opts.env!.MAP_TILE_ATTRIBUTION = "© Bản đồ thử nghiệm";
});
afterAll(() => {
  tiles?.close();
});

let app: TestApp;
let browser: Browser;
useBrowserApp(opts, (a, b) => {
  app = a;
  browser = b;
});

/** Where a commune dot is drawn: it moves when the map pans. */
const dotAt = (page: Page) =>
  page
    .locator(".incident-map__commune circle")
    .first()
    .evaluate((c) => ({ x: Number(c.getAttribute("cx")), y: Number(c.getAttribute("cy")) }));

describe("[INCIDENTS] the public map and list in the mini app", () => {
  it("tiles from the configured server, clusters, drag and buttons to pan, zoom; the list pages with 'Xem thêm'", async () => {
    const c = await signedInCitizen(app);
    // 36 reports around Khao Mang (close together: a cluster at the province's zoom).
    for (let k = 0; k < 36; k++)
      await createIncident(app.ctx, {
        reporterId: c.id,
        category: "waste",
        description: `Rác điểm ${k}`,
        lat: 21.9 + (k % 6) * 0.002,
        lon: 103.974 + Math.floor(k / 6) * 0.002,
        source: "alert_safety",
      });

    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`${app.baseUrl}/miniapp/#/reports`);
    await page.getByText("Rác điểm 35").waitFor();

    // The list: a page of 30, then the rest.
    expect(await page.locator(".incident-list li").count()).toBe(30);
    await page.getByRole("button", { name: "Xem thêm" }).click();
    await expect.poll(() => page.locator(".incident-list li").count()).toBe(36);
    expect(await page.getByRole("button", { name: "Xem thêm" }).count()).toBe(0);

    // The map: every report, clustered; the background from the tile server, credited.
    await page.getByRole("tab", { name: "Bản đồ" }).click();
    const map = page.getByTestId("incident-map");
    const cluster = page.locator(".incident-map__cluster");
    await cluster.first().waitFor();
    const counted = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".incident-map__cluster text")).reduce(
        (n, t) => n + Number(t.textContent),
        document.querySelectorAll(".incident-map__marker").length,
      ),
    );
    expect(counted).toBe(36);
    await expect.poll(() => tileHits).toBeGreaterThan(0);
    expect(await map.locator("image").count()).toBeGreaterThan(0);
    expect(blocked).toEqual([]);
    await page.getByText("© Bản đồ thử nghiệm").waitFor();
    await page.screenshot({ path: "test-results/incident-map-clusters.png" });

    // Tapping a cluster zooms in on it, until single reports can be opened.
    for (let k = 0; k < 5 && (await cluster.count()) > 0; k++) {
      const z = Number(await map.getAttribute("data-zoom"));
      await cluster.first().tap();
      await expect.poll(async () => Number(await map.getAttribute("data-zoom"))).toBeGreaterThan(z);
    }
    await page.screenshot({ path: "test-results/incident-map-zoomed.png" });
    // A thumb drags the map: everything on it moves with the finger.
    const before = await dotAt(page);
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + 200, box.y + 150);
    await page.mouse.down();
    await page.mouse.move(box.x + 160, box.y + 120, { steps: 5 });
    await page.mouse.move(box.x + 120, box.y + 90, { steps: 5 });
    await page.mouse.up();
    const dragged = await dotAt(page);
    expect(dragged.x).toBeLessThan(before.x - 50);
    expect(dragged.y).toBeLessThan(before.y - 40);
    // The arrows move it one step; + and − change the zoom.
    await page.getByRole("button", { name: "Dịch sang phải" }).click();
    expect((await dotAt(page)).x).toBeLessThan(dragged.x - 40);
    const zoom = Number(await map.getAttribute("data-zoom"));
    await page.getByRole("button", { name: "Thu nhỏ" }).click();
    expect(Number(await map.getAttribute("data-zoom"))).toBe(zoom - 1);
    await page.getByRole("button", { name: "Phóng to" }).click();
    expect(Number(await map.getAttribute("data-zoom"))).toBe(zoom);

    // Back where it was, a single report opens from its marker.
    await page.getByRole("button", { name: "Dịch sang trái" }).click();
    await page.mouse.move(box.x + 120, box.y + 90);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 150, { steps: 8 });
    await page.mouse.up();
    const back = await dotAt(page);
    expect(back.x).toBeCloseTo(before.x, 0);
    expect(back.y).toBeCloseTo(before.y, 0);
    await page.locator(".incident-map__marker").first().tap();
    await expect.poll(() => page.getByTestId("incident-status").isVisible()).toBe(true);
    await context.close();
  });

  it("in the report flow a tap on the map sets the pin (a drag does not)", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/miniapp/#/reports/new`);
    await page.getByRole("button", { name: /Đèn chiếu sáng/ }).click();
    const map = page.getByTestId("incident-map");
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + 100, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 160, box.y + 140, { steps: 5 });
    await page.mouse.up();
    expect(await page.getByTestId("pin-set").count()).toBe(0);
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => page.getByTestId("pin-set").textContent()).toMatch(/\d+\.\d{5}/);
    expect(await page.getByTestId("map-pin").count()).toBe(1);
    await context.close();
  });
});
