import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { eventually, type TestApp } from "../support/harness.js";
import { citizenOf, emit, emitHandled, newUserId, say } from "../integration/bot/bot-helpers.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({ workers: true }, (a, b) => {
  app = a;
  browser = b;
});

describe("[BOT] clerk hand-off in the console", () => {
  it("a clerk on a phone-size screen reads the conversation, answers through the OA and hands it back", async () => {
    const user = newUserId();
    await say(app, user, "6");
    await emit(app, {
      event_name: "user_send_text",
      user_id: user,
      text: `<img src=x onerror="window.__xss=1">Hỏi về cấp đổi sổ đỏ`,
    });
    const citizen = await citizenOf(app, user);
    await eventually(() =>
      app.ctx.db.botMessage.findFirst({ where: { citizenId: citizen.id, text: { contains: "sổ đỏ" } } }),
    );
    // A photo of the old certificate and where the citizen is.
    await emitHandled(app, {
      event_name: "user_send_image",
      user_id: user,
      url: `${app.sims.zalo.url}/media/so-do.jpg`,
    });
    await emitHandled(app, {
      event_name: "user_send_location",
      user_id: user,
      latitude: 22.3363,
      longitude: 103.8438,
    });

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${app.baseUrl}/console/conversations`);
    await signInToConsole(page, "clerk.laocai");
    await page.getByTestId(`conversation-${citizen.id}`).getByText("Chờ trả lời").waitFor();
    await page.getByTestId(`conversation-${citizen.id}`).getByRole("link").click();

    await page.getByText("Hỏi về cấp đổi sổ đỏ").waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // The photo is shown (loaded through our server), the place as coordinates and commune.
    const photo = page.getByRole("img", { name: "Ảnh người dân gửi" });
    await photo.waitFor();
    await eventually(
      async () => (await photo.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0))) > 0,
    );
    await page.getByText(/Vị trí: 22\.33630, 103\.84380 \(.*Sa Pa\)/).waitFor();
    await page.getByLabel("Trả lời").fill("Anh/chị mang sổ cũ và căn cước tới bộ phận một cửa phường.");
    await page.getByRole("button", { name: "Gửi", exact: true }).click();
    await page.getByText("Đã chuyển tin nhắn sang Zalo OA.").waitFor();
    await page.screenshot({ path: "test-results/console-oa-handoff.png", fullPage: true });
    await eventually(async () =>
      (await app.sims.zalo.messagesTo(user)).some(
        (m) => m.outcome === 0 && JSON.stringify(m.payload).includes("mang sổ cũ và căn cước"),
      ),
    );

    await page.getByRole("button", { name: "Trả lại cho trợ lý tự động" }).click();
    await page.getByText("Không có hội thoại nào đang chờ cán bộ.").waitFor();
    expect((await say(app, user, "xin chào")).text).toContain("1. Tra cứu hồ sơ");
    await page.close();
  });
});
