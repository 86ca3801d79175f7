import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Zalo signs webhook events with `X-ZEvent-Signature: mac=<hex>`, hex = SHA-256 (plain, not
 * HMAC) of appId + raw body + the body's `timestamp` + the OA secret key (reported by
 * several independent implementations; integrations.md §1). The raw bytes matter:
 * re-serialised JSON breaks it.
 */
export function verifyZaloSignature(opts: {
  header: string | undefined;
  rawBody: Buffer;
  timestamp: string;
  appId: string;
  secret: string;
}): boolean {
  const m = /^mac=([0-9a-f]{64})$/i.exec(opts.header?.trim() ?? "");
  if (!m?.[1]) return false;
  const expected = createHash("sha256")
    .update(opts.appId)
    .update(opts.rawBody)
    .update(opts.timestamp)
    .update(opts.secret)
    .digest();
  const given = Buffer.from(m[1].toLowerCase(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
