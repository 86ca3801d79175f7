import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, tileOrigin } from "./config.js";

describe("[CONFIG] configuration is validated once at start-up", () => {
  it("applies the documented defaults", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(c.DATABASE_URL).toMatch(/\/laocai_portal$/);
    expect(c.ZALO_DEV_LOGIN).toBe(false);
  });

  it("names the variable and the problem for a bad value", () => {
    try {
      loadConfig({ PORT: "eighty", REDIS_URL: "http://nope" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const vars = (e as ConfigError).problems.map((p) => p.variable);
      expect(vars).toContain("PORT");
      expect(vars).toContain("REDIS_URL");
      expect((e as ConfigError).message).toMatch(/REDIS_URL: must be a redis:\/\/ URL/);
    }
  });

  it("refuses the development login in production", () => {
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        ZALO_DEV_LOGIN: "true",
        PUBLIC_BASE_URL: "https://portal.example",
      }),
    ).toThrow(/ZALO_DEV_LOGIN/);
  });

  it("requires real secrets and a public URL in production", () => {
    try {
      loadConfig({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (e) {
      const vars = (e as ConfigError).problems.map((p) => p.variable);
      expect(vars).toEqual(
        expect.arrayContaining(["PUBLIC_BASE_URL", "ZALO_APP_SECRET", "VNPAY_HASH_SECRET"]),
      );
    }
  });

  it("a map tile URL must be an http(s) template with {z}, {x} and {y}; its origin is what the CSP allows", () => {
    const c = loadConfig({ MAP_TILE_URL: "https://tiles.laocai.gov.vn/osm/{z}/{x}/{y}.png" });
    expect(tileOrigin(c)).toBe("https://tiles.laocai.gov.vn");
    expect(tileOrigin(loadConfig({}))).toBeNull();
    for (const bad of [
      "https://tiles.example/{z}/{x}.png",
      "javascript:alert(1)//{z}{x}{y}",
      "tiles/{z}/{x}/{y}",
    ])
      expect(() => loadConfig({ MAP_TILE_URL: bad }), bad).toThrow(/MAP_TILE_URL/);
  });
});
