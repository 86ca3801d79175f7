import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/harness.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("[HTTP] errors are JSON with a stable code and a Vietnamese message", () => {
  it("healthz answers alive and readyz checks PostgreSQL and Redis", async () => {
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { postgres: true, redis: true } });
  });

  it("malformed JSON → 400 MALFORMED_JSON", async () => {
    const r = await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"accessToken": ',
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; userMessage: string } };
    expect(body.error.code).toBe("MALFORMED_JSON");
    expect(body.error.userMessage).toMatch(/định dạng/);
  });

  it("an oversized body → 413 PAYLOAD_TOO_LARGE", async () => {
    const r = await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessToken: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("an unknown route → 404 NOT_FOUND as JSON", async () => {
    const r = await fetch(`${app.baseUrl}/api/v1/no-such-thing`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("field errors name the field in Vietnamese", async () => {
    const r = await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessToken: 42 }),
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as {
      error: { code: string; fields: { field: string; message: string }[] };
    };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.fields[0]).toMatchObject({ field: "accessToken", message: "Giá trị không đúng kiểu." });
  });

  it("a citizen endpoint without a session → 401; with a forged token → 401", async () => {
    expect((await fetch(`${app.baseUrl}/api/v1/me`)).status).toBe(401);
    const r = await fetch(`${app.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${"a".repeat(43)}` },
    });
    expect(r.status).toBe(401);
  });

  it("security headers are set and the request id is echoed", async () => {
    const r = await fetch(`${app.baseUrl}/healthz`, { headers: { "x-request-id": "req-12345678" } });
    expect(r.headers.get("x-request-id")).toBe("req-12345678");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(r.headers.get("x-powered-by")).toBeNull();
  });

  it("CORS allows the mini app's origin and no other", async () => {
    const ok = await fetch(`${app.baseUrl}/api/v1/me`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173" },
    });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const bad = await fetch(`${app.baseUrl}/api/v1/me`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example" },
    });
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves an OpenAPI document generated from the route schemas, and a docs page", async () => {
    const doc = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/auth/zalo"]?.post?.requestBody).toBeDefined();
    const page = await fetch(`${app.baseUrl}/api/docs`);
    expect(await page.text()).toContain("/api/openapi.json");
  });
});
