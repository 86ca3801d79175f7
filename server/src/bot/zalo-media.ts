import type { AppContext } from "../platform/context.js";

/**
 * Zalo hands us CDN URLs for photos a citizen sends. Only Zalo's hosts (or the Zalo endpoint
 * we are configured with, i.e. the simulator) are fetched: the URL comes from a message
 * body, and fetching whatever it names would let anyone make the server call internal
 * addresses.
 */
export function isZaloMediaUrl(ctx: AppContext, url: string): boolean {
  try {
    const u = new URL(url);
    if (u.origin === new URL(ctx.config.ZALO_OA_API_URL).origin) return true;
    return u.protocol === "https:" && /(^|\.)(zadn\.vn|zdn\.vn|zalo\.me|zaloapp\.com)$/.test(u.hostname);
  } catch {
    return false;
  }
}

const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

/** The bytes behind a Zalo media URL (at most 10 MB), or null when it cannot be had. */
export async function fetchZaloMedia(ctx: AppContext, url: string): Promise<Buffer | null> {
  if (!isZaloMediaUrl(ctx, url)) return null;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
    if (!res.ok) return null;
    if (Number(res.headers.get("content-length") ?? 0) > MAX_MEDIA_BYTES) return null;
    const buffer = Buffer.from(await res.arrayBuffer());
    return buffer.length > MAX_MEDIA_BYTES ? null : buffer;
  } catch (e) {
    ctx.logger.info({ err: (e as Error).message }, "Zalo media not fetched");
    return null;
  }
}
