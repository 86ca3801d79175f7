import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyZaloSignature } from "./verify-zalo-signature.js";

const body = Buffer.from(
  '{"event_name":"user_send_text","timestamp":"1699003881354","message":{"text":"xin chào"}}',
);
const base = { rawBody: body, timestamp: "1699003881354", appId: "app-1", secret: "oa-secret-123" };
// Computed independently: sha256 over the concatenated string.
const good = `mac=${createHash("sha256")
  .update(`app-1${body.toString("utf8")}1699003881354oa-secret-123`)
  .digest("hex")}`;

describe("[BOT] Zalo webhook signature", () => {
  it("accepts the documented formula over the exact raw bytes", () => {
    expect(verifyZaloSignature({ ...base, header: good })).toBe(true);
    expect(verifyZaloSignature({ ...base, header: good.toUpperCase().replace("MAC=", "mac=") })).toBe(true);
  });
  it("refuses a wrong secret, a tampered body, a missing prefix or header", () => {
    expect(verifyZaloSignature({ ...base, secret: "other-secret", header: good })).toBe(false);
    expect(
      verifyZaloSignature({
        ...base,
        rawBody: Buffer.from(body.toString().replace("chào", "chao")),
        header: good,
      }),
    ).toBe(false);
    expect(verifyZaloSignature({ ...base, header: good.slice(4) })).toBe(false);
    expect(verifyZaloSignature({ ...base, header: undefined })).toBe(false);
    expect(verifyZaloSignature({ ...base, header: "mac=zz" })).toBe(false);
  });
});
