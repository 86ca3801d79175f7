/** One cookie's value from a Cookie header (no cookie-parser: one cookie is all we read). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined; // malformed %-escape: treat as no cookie rather than a 500
      }
    }
  }
  return undefined;
}
