import { createHmac, timingSafeEqual } from "node:crypto";

// VNPay 2.1.0 checksum (integrations.md §3): keep vnp_* keys, drop the hash fields, sort
// keys, URL-encode keys and values (space → '+'), join k=v with '&', HMAC-SHA512 with the
// hash secret, hex. Shared by our client and the simulator.

const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");

export function canonicalQuery(params: Record<string, string>): string {
  return (
    Object.keys(params)
      .filter((k) => k.startsWith("vnp_") && k !== "vnp_SecureHash" && k !== "vnp_SecureHashType")
      // Empty values are left out, as the `vnpay` package (2.5.0) does when it builds and
      // verifies URLs; VNPay's PHP sample would hash `k=` instead. Both sides of our code use
      // this one function, so they agree; a real-gateway mismatch would show on a param that
      // VNPay sends empty.
      .filter((k) => params[k] !== undefined && params[k] !== "")
      .sort()
      .map((k) => `${encode(k)}=${encode(String(params[k]))}`)
      .join("&")
  );
}

export function signParams(params: Record<string, string>, secret: string): string {
  return createHmac("sha512", secret).update(canonicalQuery(params), "utf8").digest("hex");
}

/** Constant-time check of vnp_SecureHash. */
export function verifyParams(params: Record<string, string>, secret: string): boolean {
  const given = String(params.vnp_SecureHash ?? "");
  if (!/^[0-9a-fA-F]{128}$/.test(given)) return false;
  const expected = Buffer.from(signParams(params, secret), "hex");
  const actual = Buffer.from(given.toLowerCase(), "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function buildPaymentUrl(baseUrl: string, params: Record<string, string>, secret: string): string {
  const query = canonicalQuery(params);
  return `${baseUrl}?${query}&vnp_SecureHash=${signParams(params, secret)}`;
}
