import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signedInCitizen } from "../support/fixtures.js";
import { type TestApp } from "../support/harness.js";
import { photoWithGps } from "../support/images.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";
import { audit } from "../support/a11y.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

async function upload(headers: Record<string, string>, color: { r: number; g: number; b: number }) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(await photoWithGps(color))]), "a.jpg");
  const r = await fetch(`${app.baseUrl}/api/v1/incidents/photos`, {
    method: "POST",
    headers: { authorization: headers.authorization! },
    body: form,
  });
  return ((await r.json()) as { id: string }).id;
}

describe("[INCIDENTS] the operators' console", () => {
  it("an operator finds the report in the queue, hides one photo, answers with a template; markup stays text", async () => {
    const c = await signedInCitizen(app);
    const ids = [
      await upload(c.headers, { r: 200, g: 60, b: 40 }),
      await upload(c.headers, { r: 40, g: 60, b: 200 }),
    ];
    const created = await fetch(`${app.baseUrl}/api/v1/incidents`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({
        category: "waste",
        description: `<img src=x onerror="window.__xss=1">Rác tràn ra suối`,
        location: { lat: 21.9, lon: 103.974 },
        fileIds: ids,
      }),
    });
    const { publicId } = (await created.json()) as { publicId: string };

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.baseUrl}/console/reports`);
    await signInToConsole(page, "ioc.operator");
    await page.getByRole("link", { name: publicId }).waitFor();
    // One marker per report in the queue (the grey commune dots are circles too: not counted).
    const rows = await page.locator("tbody tr").count();
    const markers = page.locator("svg[aria-label='Bản đồ phản ánh'] .incidents-map__report");
    expect(await markers.count()).toBe(rows);
    expect(await page.locator(`.incidents-map__report[data-id='${publicId}']`).count()).toBe(1);
    await page.screenshot({ path: "test-results/console-incidents.png" });
    await page.getByRole("link", { name: publicId }).click();

    await page.getByText("Rác tràn ra suối").waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.getByRole("button", { name: "Ẩn ảnh" }).nth(1).click();
    await page.getByText("Đã cập nhật ảnh.").waitFor();
    await page.getByLabel("Mẫu trả lời").selectOption("working");
    await page.getByRole("button", { name: "Cập nhật" }).click();
    await page.getByText("Đã cập nhật và thông báo cho người dân.").waitFor();
    expect(await page.getByTestId("staff-incident-status").textContent()).toBe("Đang xử lý");
    await page.screenshot({ path: "test-results/console-incident-view.png", fullPage: true });
    expect(await audit(page)).toEqual([]);

    // In the mini app the public sees one photo now, and the new state.
    const citizenPage = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await citizenPage.goto(`${app.baseUrl}/miniapp/#/reports/${publicId}`);
    await expect.poll(() => citizenPage.getByTestId("incident-status").textContent()).toBe("Đang xử lý");
    const shown = citizenPage.locator(".incident-photos img");
    await shown.first().waitFor();
    const srcs = await shown.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
    expect(srcs).toHaveLength(1);
    expect(srcs[0]).toContain(ids[0]);
    expect(srcs.join(" ")).not.toContain(ids[1]);
    // The photo shown has loaded (served), the hidden one is refused.
    expect(await shown.first().evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect((await fetch(`${app.baseUrl}/api/v1/incidents/${publicId}/photos/${ids[1]}`)).status).toBe(404);
    await citizenPage.screenshot({
      path: "test-results/incident-public-after-moderation.png",
      fullPage: true,
    });
    await citizenPage.close();
    const own = (await (
      await fetch(`${app.baseUrl}/api/v1/incidents/${publicId}`, { headers: c.headers })
    ).json()) as {
      events: { note: string | null }[];
    };
    expect(own.events.at(-1)!.note).toBe("Đơn vị phụ trách đang xử lý sự cố.");
  });

  it("a clerk works their commune's report without moderation or assignment controls; an operator has the review list", async () => {
    const c = await signedInCitizen(app);
    const photo = await upload(c.headers, { r: 90, g: 160, b: 60 });
    const created = await fetch(`${app.baseUrl}/api/v1/incidents`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({
        category: "waste",
        description: "Rác dồn ở chợ Sa Pa",
        location: { lat: 22.34974, lon: 103.83652 },
        fileIds: [photo],
      }),
    });
    const { publicId } = (await created.json()) as { publicId: string };

    const clerk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await clerk.goto(`${app.baseUrl}/console/reports/${publicId}`);
    await signInToConsole(clerk, "clerk.sapa");
    await clerk.getByText("Rác dồn ở chợ Sa Pa").waitFor();
    expect(await clerk.getByRole("button", { name: /Ẩn ảnh|Hiện ảnh/ }).count()).toBe(0);
    expect(await clerk.getByRole("heading", { name: "Kiểm duyệt" }).count()).toBe(0);
    expect(await clerk.getByLabel("Đơn vị").count()).toBe(0);
    // What a clerk can do still works: a status change with a note.
    await clerk.getByLabel("Trạng thái mới").selectOption("investigating");
    await clerk.getByRole("button", { name: "Cập nhật" }).click();
    await clerk.getByText("Đã cập nhật và thông báo cho người dân.").waitFor();
    await clerk.screenshot({ path: "test-results/console-incident-clerk.png", fullPage: true });
    await clerk.goto(`${app.baseUrl}/console/reports`);
    await clerk.getByRole("link", { name: publicId }).waitFor();
    expect(await clerk.getByLabel("Chờ kiểm duyệt").count()).toBe(0);
    await clerk.close();

    const op = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await op.goto(`${app.baseUrl}/console/reports`);
    await signInToConsole(op, "ioc.operator");
    await op.getByLabel("Chờ kiểm duyệt").check();
    await op.getByRole("link", { name: publicId }).waitFor();
    await op.screenshot({ path: "test-results/console-incidents-review.png" });
    await op.getByRole("link", { name: publicId }).click();
    await op.getByRole("button", { name: "Đánh dấu đã kiểm duyệt" }).click();
    await op.getByText("Đã đánh dấu kiểm duyệt.").waitFor();
    await op.goBack();
    await op.getByText(/\d+ phản ánh/).waitFor();
    await expect.poll(() => op.getByRole("link", { name: publicId }).count()).toBe(0);
    await op.close();
  });
});
