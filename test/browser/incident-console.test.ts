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
    expect(await page.locator("svg[aria-label='Bản đồ phản ánh'] circle").count()).toBeGreaterThan(0);
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

    // The public sees one photo now, and the change with the template's words.
    const pub = (await (await fetch(`${app.baseUrl}/api/v1/incidents/${publicId}`)).json()) as {
      photos: { id: string }[];
      status: string;
    };
    expect(pub.photos.map((p) => p.id)).toEqual([ids[0]]);
    expect(pub.status).toBe("in_progress");
    const own = (await (
      await fetch(`${app.baseUrl}/api/v1/incidents/${publicId}`, { headers: c.headers })
    ).json()) as {
      events: { note: string | null }[];
    };
    expect(own.events.at(-1)!.note).toBe("Đơn vị phụ trách đang xử lý sự cố.");
  });
});
