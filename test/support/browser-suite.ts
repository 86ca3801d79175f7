// The set-up every browser test file shares: its own app (database, Redis prefix, simulators)
// and one Chromium, both closed after the file.
import { afterAll, beforeAll } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, startTestApp, type TestApp, type TestAppOptions } from "./harness.js";
import { DEMO_PASSWORD } from "./staff.js";

/** Starts the app and Chromium before the file's tests and hands them over; closes both after. */
export function useBrowserApp(opts: TestAppOptions, take: (app: TestApp, browser: Browser) => void): void {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startTestApp(opts);
    browser = await launchBrowser();
    take(app, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
}

/** Signs in on the console's login form the page is showing (demo password). */
export async function signInToConsole(page: Page, username: string): Promise<void> {
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  // Signed in once the console shows who is at the desk (a page.goto right after the click
  // would otherwise race the session cookie).
  await page.getByTestId("who").waitFor({ timeout: 15_000 });
}
