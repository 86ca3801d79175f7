// The set-up every browser test file shares: its own app (database, Redis prefix, simulators)
// and one Chromium, both closed after the file.
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, startTestApp, type TestApp, type TestAppOptions } from "./harness.js";

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
