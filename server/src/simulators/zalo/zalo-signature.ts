import { createHash } from "node:crypto";

/**
 * How Zalo signs webhook events (integrations.md §1): `mac=` + hex SHA-256 (plain, not
 * HMAC) of appId + raw body + the body's timestamp + the OA secret key. Written here
 * independently of the server's verifier so each checks the other.
 */
export function zaloEventSignature(
  appId: string,
  rawBody: string,
  timestamp: string,
  secret: string,
): string {
  return `mac=${createHash("sha256")
    .update(appId + rawBody + timestamp + secret, "utf8")
    .digest("hex")}`;
}
