import { createHmac, timingSafeEqual } from "node:crypto";

// Webhooks from the one-stop system and the IOC (our protocol for both, their real specs
// are not public): `sha256=<hex HMAC-SHA256(secret, raw body)>` in `x-onestop-signature` / `x-ioc-signature`.
export function signWebhook(rawBody: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

export function verifyWebhook(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const m = /^sha256=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m?.[1]) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(m[1], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
