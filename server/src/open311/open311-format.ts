import type { Response } from "express";

// Open311 GeoReport v2 answers in JSON or XML (the format is the path's extension). XML is
// written by hand: elements only, every text escaped, so report text cannot break out.

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

const escapeXml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    // Characters XML 1.0 cannot carry at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");

function element(name: string, v: Value, itemName?: string): string {
  if (v === undefined) return "";
  if (v === null) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => element(itemName ?? "item", x)).join("")}</${name}>`;
  if (typeof v === "object")
    return `<${name}>${Object.entries(v)
      .map(([k, x]) => element(k, x, ITEM_NAMES[k]))
      .join("")}</${name}>`;
  return `<${name}>${escapeXml(String(v))}</${name}>`;
}

// Nested lists and their item elements (spec: attributes/attribute, values/value, keywords).
const ITEM_NAMES: Record<string, string> = { attributes: "attribute", values: "value" };

export function toXml(root: string, item: string, list: Value[]): string;
export function toXml(root: string, item: null, value: Value): string;
export function toXml(root: string, item: string | null, value: Value): string {
  const body = item ? element(root, value, item) : element(root, value);
  return `<?xml version="1.0" encoding="utf-8"?>${body}`;
}

export type Format = "json" | "xml";

/** Sends a list: `[...]` in JSON, `<root><item>…</item></root>` in XML. */
export function sendList(
  res: Response,
  format: Format,
  root: string,
  item: string,
  list: Value[],
  status = 200,
) {
  if (format === "xml")
    res
      .status(status)
      .type("application/xml")
      .send(toXml(root, item, list));
  else res.status(status).json(list);
}

export function sendObject(res: Response, format: Format, root: string, value: Value, status = 200) {
  if (format === "xml")
    res
      .status(status)
      .type("application/xml")
      .send(toXml(root, null, value));
  else res.status(status).json(value);
}

/**
 * The spec's error form: a list of {code, description} with HTTP 400, 403 or 404; and 429
 * (same form) when an api_key sends more than its hourly share.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly description: string,
  ) {
    super(description);
  }
}

export function sendError(res: Response, format: Format, status: number, description: string) {
  sendList(res, format, "errors", "error", [{ code: status, description }], status);
}
