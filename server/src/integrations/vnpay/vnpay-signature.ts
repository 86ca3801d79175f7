import { createHmac, timingSafeEqual } from "node:crypto";

// VNPay 2.1.0 checksum (integrations.md §3): keep vnp_* keys, drop the hash fields, sort
// keys, URL-encode keys and values (space → '+'), join k=v with '&', HMAC-SHA512 with the
// hash secret, hex. Shared by our client and the simulator.
//
// "URL-encode" is application/x-www-form-urlencoded (WHATWG URLSearchParams; the same bytes
// as PHP's urlencode and Java's URLEncoder for everything but '*' and '~'): it encodes
// ! ' ( ) ~, which encodeURIComponent leaves alone. The `vnpay` package signs exactly this
// (test: "characters where encoders disagree"); a value such as "Nop phi (lan 2)" would
// otherwise hash differently on VNPay's side.
const encode = (s: string) => new URLSearchParams([["", s]]).toString().slice(1);

const signedKeys = (params: Record<string, string>) =>
  Object.keys(params).filter(
    (k) => k.startsWith("vnp_") && k !== "vnp_SecureHash" && k !== "vnp_SecureHashType",
  );

/**
 * Empty values are left out, as the `vnpay` package (2.5.0) does when it builds and
 * verifies URLs; we never send one. VNPay's PHP sample hashes `k=` for them instead, so a
 * callback carrying an empty field is also checked that way (verifyParams).
 */
export function canonicalQuery(params: Record<string, string>, opts: { keepEmpty?: boolean } = {}): string {
  return signedKeys(params)
    .filter((k) => params[k] !== undefined && (opts.keepEmpty || params[k] !== ""))
    .sort()
    .map((k) => `${encode(k)}=${encode(String(params[k]))}`)
    .join("&");
}

export function signParams(
  params: Record<string, string>,
  secret: string,
  opts: { keepEmpty?: boolean } = {},
): string {
  return createHmac("sha512", secret).update(canonicalQuery(params, opts), "utf8").digest("hex");
}

const sameHex = (a: string, b: string) => {
  const x = Buffer.from(a.toLowerCase(), "hex");
  const y = Buffer.from(b.toLowerCase(), "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
};

/**
 * Constant-time check of vnp_SecureHash. A callback with an empty vnp_* value is accepted
 * when it was signed with that value left out or hashed as `k=`: both are keyed with our
 * secret, so accepting either lets nobody forge one, and a gateway hashing the PHP way is
 * not refused (97) into ten useless retries.
 */
export function verifyParams(params: Record<string, string>, secret: string): boolean {
  const given = String(params.vnp_SecureHash ?? "");
  if (!/^[0-9a-fA-F]{128}$/.test(given)) return false;
  if (sameHex(signParams(params, secret), given)) return true;
  const hasEmpty = signedKeys(params).some((k) => params[k] === "");
  return hasEmpty && sameHex(signParams(params, secret, { keepEmpty: true }), given);
}

/** Constant-time comparison of two hex digests (querydr/refund response checksums). */
export const sameDigest = sameHex;

export function buildPaymentUrl(baseUrl: string, params: Record<string, string>, secret: string): string {
  const query = canonicalQuery(params);
  return `${baseUrl}?${query}&vnp_SecureHash=${signParams(params, secret)}`;
}
