import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/template-db.js";

function startApi(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("[CONFIG] the API process refuses to start on bad configuration", () => {
  it("a missing required variable stops start-up with its name", () => {
    const r = startApi({ NODE_ENV: "production", ZALO_APP_SECRET: "a-real-secret-value" });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/PUBLIC_BASE_URL: is required in production/);
  });

  it("a malformed value stops start-up naming the variable and the reason", () => {
    const r = startApi({ PORT: "not-a-port" });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/PORT:/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  });
});
