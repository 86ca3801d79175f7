// WCAG 2 A/AA checks (axe-core) on the pages citizens and staff use most: cheap phones in
// outdoor light, readers who are not fluent, screen readers. Serious and critical findings fail.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type TestApp } from "../support/harness.js";
import { signInToConsole, useBrowserApp } from "../support/browser-suite.js";
import { audit } from "../support/a11y.js";

let app: TestApp;
let browser: Browser;
useBrowserApp({}, (a, b) => {
  app = a;
  browser = b;
});

const MINIAPP_PAGES: [string, string][] = [
  ["home", "/miniapp/"],
  ["catalog", "/miniapp/#/procedures"],
  ["procedure", "/miniapp/#/procedures/1.001193"],
  ["alerts", "/miniapp/#/alerts"],
  ["reports", "/miniapp/#/reports"],
  ["settings", "/miniapp/#/settings"],
  ["filing form", "/miniapp/#/procedures/1.001193/file"],
  ["my dossiers", "/miniapp/#/dossiers"],
  ["new report", "/miniapp/#/reports/new"],
  ["payments", "/miniapp/#/payments"],
  ["tourist QR sign-up", "/miniapp/#/alerts/qr/SAPA-CENTRE"],
];

describe("[A11Y] the mini app and the console pass WCAG 2.1 A/AA checks", () => {
  it.each(MINIAPP_PAGES)("mini app: %s", async (_name, path) => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${app.baseUrl}${path}`);
    await page.getByRole("heading", { level: 1 }).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState("networkidle");
    expect(await audit(page)).toEqual([]);
    await page.close();
  });

  it.each([
    ["login", "clerk.sapa", null],
    ["dashboard", "clerk.sapa", "/console/dashboard"],
    ["dossier queue", "clerk.sapa", "/console/dossiers"],
    ["reports", "ioc.operator", "/console/reports"],
    ["alerts", "ioc.operator", "/console/alerts"],
    ["conversations", "clerk.sapa", "/console/conversations"],
    ["payments", "clerk.sapa", "/console/payments"],
    ["ratings", "admin", "/console/ratings"],
    ["procedures", "admin", "/console/procedures"],
    ["zalo oa", "admin", "/console/oa"],
    ["open311 keys", "admin", "/console/open311"],
  ] as const)("console: %s", async (_name, user, path) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/console/login`);
    if (path) {
      await signInToConsole(page, user);
      await page.getByRole("heading", { name: "Bảng điều khiển" }).waitFor();
      await page.goto(`${app.baseUrl}${path}`);
    }
    await page.getByRole("heading", { level: 1 }).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState("networkidle");
    expect(await audit(page)).toEqual([]);
    await page.close();
  });
});
