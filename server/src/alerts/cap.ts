import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { validateXML } from "xmllint-wasm";
import { HAZARDS, PARAM_RISK_LEVEL, hazardOf, levelRange, riskLevelParam } from "./hazards.js";

// CAP 1.2 (OASIS, ITU-T X.1303): refuse, check against the official XSD, parse, check for
// meaning, build. Pure functions; the ingest path and the public feed both use them.

export const CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2";
// Province of Lào Cai (after the 2025 merger) bounding box, as agreed for meaning checks.
export const PROVINCE_BBOX = { minLon: 103.52, maxLon: 105.1, minLat: 21.32, maxLat: 22.85 } as const;

const XSD_PATH = fileURLToPath(new URL("../../../prisma/data/cap-1.2.xsd", import.meta.url));
let xsdCache: string | undefined;
const xsd = (): string => (xsdCache ??= readFileSync(XSD_PATH, "utf8"));

export interface CapProblem {
  field: string;
  message: string; // Vietnamese, shown to the operator
}

export interface CapArea {
  areaDesc: string;
  polygons: [number, number][][]; // [lat, lon] rings
  circles: { lat: number; lon: number; radiusKm: number }[];
  geocodes: { valueName: string; value: string }[];
}

export interface CapInfo {
  language: string;
  category: string[];
  event: string;
  responseType: string[];
  urgency: string;
  severity: string;
  certainty: string;
  effective?: string;
  expires?: string;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  parameters: { valueName: string; value: string }[];
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: string;
  msgType: string;
  scope: string;
  references: { sender: string; identifier: string; sent: string }[];
  infos: CapInfo[];
}

/**
 * Refuses any DTD before a parser sees the text: internal entities are the billion-laughs
 * attack, external ones fetch files or URLs (XXE). CAP needs neither.
 */
export function findForbiddenMarkup(xml: string): CapProblem | undefined {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return { field: "xml", message: "Tài liệu CAP không được chứa khai báo DOCTYPE hoặc ENTITY." };
  }
  return undefined;
}

/** Validates against the official CAP 1.2 XSD (libxml2 in WebAssembly; no network access). */
export async function validateCapSchema(xml: string): Promise<CapProblem[]> {
  const forbidden = findForbiddenMarkup(xml);
  if (forbidden) return [forbidden];
  const result = await validateXML({
    xml: [{ fileName: "alert.xml", contents: xml }],
    schema: [{ fileName: "cap-1.2.xsd", contents: xsd() }],
    // --nonet: libxml2 never loads anything from the network.
    modifyArguments: (args) => ["--nonet", ...args],
  });
  if (result.valid) return [];
  const problems = result.errors.map((e) => ({
    field: e.loc ? `xml:${e.loc.lineNumber}` : "xml",
    message: `Không đúng lược đồ CAP 1.2: ${e.message.trim()}`,
  }));
  return problems.length > 0 ? problems : [{ field: "xml", message: "Không đúng lược đồ CAP 1.2." }];
}

const ARRAY_TAGS = new Set([
  "info",
  "area",
  "polygon",
  "circle",
  "geocode",
  "parameter",
  "category",
  "responseType",
  "eventCode",
  "resource",
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

type Node = Record<string, unknown>;
// Entity processing is off in the parser (no DTD can define any); the five predefined XML
// entities and character references are decoded here, in one pass, so "&amp;lt;" stays "&lt;".
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, ref: string) =>
    ref.startsWith("#x")
      ? String.fromCodePoint(parseInt(ref.slice(2), 16))
      : ref.startsWith("#")
        ? String.fromCodePoint(parseInt(ref.slice(1), 10))
        : (PREDEFINED[ref] ?? ""),
  );
const str = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : decodeXml(String(v));
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const pairs = (v: unknown) =>
  arr(v).map((p) => ({ valueName: str((p as Node).valueName) ?? "", value: str((p as Node).value) ?? "" }));

/** "lat,lon lat,lon ..." → [[lat, lon], ...] (NaN kept so the meaning check reports it). */
export function parsePolygon(text: string): [number, number][] {
  return text
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [lat, lon] = pair.split(",").map(Number);
      return [lat ?? NaN, lon ?? NaN] as [number, number];
    });
}

/** "lat,lon radius_km" */
export function parseCircle(text: string): { lat: number; lon: number; radiusKm: number } {
  const [point = "", radius = ""] = text.trim().split(/\s+/);
  const [lat, lon] = point.split(",").map(Number);
  return { lat: lat ?? NaN, lon: lon ?? NaN, radiusKm: Number(radius) };
}

/** Parses a CAP document that has passed `validateCapSchema` (so required elements exist). */
export function parseCap(xml: string): CapAlert {
  const forbidden = findForbiddenMarkup(xml);
  if (forbidden) throw new Error(forbidden.message);
  const doc = parser.parse(xml) as Node;
  const a = doc.alert as Node;
  const refs = (str(a.references) ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map((triplet) => {
      const [sender = "", identifier = "", sent = ""] = triplet.split(",");
      return { sender, identifier, sent };
    });
  return {
    identifier: str(a.identifier) ?? "",
    sender: str(a.sender) ?? "",
    sent: str(a.sent) ?? "",
    status: str(a.status) ?? "",
    msgType: str(a.msgType) ?? "",
    scope: str(a.scope) ?? "",
    references: refs,
    infos: arr(a.info).map((raw) => {
      const i = raw as Node;
      return {
        language: str(i.language) ?? "en-US",
        category: arr(i.category).map((c) => str(c) ?? ""),
        event: str(i.event) ?? "",
        responseType: arr(i.responseType).map((r) => str(r) ?? ""),
        urgency: str(i.urgency) ?? "",
        severity: str(i.severity) ?? "",
        certainty: str(i.certainty) ?? "",
        effective: str(i.effective),
        expires: str(i.expires),
        senderName: str(i.senderName),
        headline: str(i.headline),
        description: str(i.description),
        instruction: str(i.instruction),
        web: str(i.web),
        parameters: pairs(i.parameter),
        areas: arr(i.area).map((rawArea) => {
          const ar = rawArea as Node;
          return {
            areaDesc: str(ar.areaDesc) ?? "",
            polygons: arr(ar.polygon).map((p) => parsePolygon(str(p) ?? "")),
            circles: arr(ar.circle).map((c) => parseCircle(str(c) ?? "")),
            geocodes: pairs(ar.geocode),
          };
        }),
      };
    }),
  };
}

const inProvince = (lat: number, lon: number) =>
  lat >= PROVINCE_BBOX.minLat &&
  lat <= PROVINCE_BBOX.maxLat &&
  lon >= PROVINCE_BBOX.minLon &&
  lon <= PROVINCE_BBOX.maxLon;

/**
 * Checks what the XSD cannot: expiry after sending, closed polygons of at least 4 points,
 * areas inside the province, commune geocodes we know, references on Update/Cancel, and a
 * risk level, when one is given, that Decision 18/2021 allows for the hazard.
 */
export function checkCapMeaning(
  cap: CapAlert,
  opts: { knownCommunes: ReadonlySet<string>; now?: Date },
): CapProblem[] {
  const problems: CapProblem[] = [];
  const sent = Date.parse(cap.sent);
  const now = (opts.now ?? new Date()).getTime();
  if ((cap.msgType === "Update" || cap.msgType === "Cancel") && cap.references.length === 0) {
    problems.push({ field: "references", message: "Bản tin cập nhật/hủy phải dẫn chiếu bản tin gốc." });
  }
  if (cap.msgType === "Alert" || cap.msgType === "Update") {
    if (cap.infos.length === 0)
      problems.push({ field: "info", message: "Bản tin phải có ít nhất một info." });
  }
  cap.infos.forEach((info, i) => {
    const at = `info[${i}]`;
    if (!info.expires) {
      problems.push({ field: `${at}.expires`, message: "Thiếu thời điểm hết hiệu lực (expires)." });
    } else {
      const expires = Date.parse(info.expires);
      if (!(expires > sent)) {
        problems.push({ field: `${at}.expires`, message: "Thời điểm hết hiệu lực phải sau thời điểm gửi." });
      } else if (expires <= now && cap.msgType !== "Cancel") {
        problems.push({ field: `${at}.expires`, message: "Bản tin đã hết hiệu lực." });
      }
    }
    if (info.areas.length === 0 && cap.msgType !== "Cancel") {
      problems.push({ field: `${at}.area`, message: "Bản tin phải có vùng cảnh báo." });
    }
    const level = riskLevelParam(info.parameters);
    if (level !== undefined) {
      const n = Number(level);
      const hazard = hazardOf(info.parameters);
      const range = levelRange(hazard);
      if (!Number.isInteger(n) || n < 1 || n > 5) {
        problems.push({
          field: `${at}.parameter.${PARAM_RISK_LEVEL}`,
          message: "Cấp độ rủi ro phải từ 1 đến 5.",
        });
      } else if (n < range.min || n > range.max) {
        problems.push({
          field: `${at}.parameter.${PARAM_RISK_LEVEL}`,
          message: `Cấp độ rủi ro của "${HAZARDS[hazard].vi}" là từ ${range.min} đến ${range.max} (QĐ 18/2021/QĐ-TTg), không phải ${n}.`,
        });
      }
    }
    info.areas.forEach((area, j) => {
      const af = `${at}.area[${j}]`;
      area.polygons.forEach((ring, k) => {
        const pf = `${af}.polygon[${k}]`;
        if (ring.some(([lat, lon]) => !Number.isFinite(lat) || !Number.isFinite(lon))) {
          problems.push({ field: pf, message: "Đa giác có tọa độ không hợp lệ." });
          return;
        }
        const first = ring[0];
        const last = ring[ring.length - 1];
        if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) {
          problems.push({
            field: pf,
            message: "Đa giác phải khép kín (điểm đầu trùng điểm cuối) và có ít nhất 4 điểm.",
          });
        }
        if (ring.some(([lat, lon]) => !inProvince(lat, lon))) {
          problems.push({ field: pf, message: "Đa giác nằm ngoài địa bàn tỉnh Lào Cai." });
        }
      });
      area.circles.forEach((c, k) => {
        const cf = `${af}.circle[${k}]`;
        if (![c.lat, c.lon, c.radiusKm].every(Number.isFinite) || c.radiusKm <= 0 || c.radiusKm > 200) {
          problems.push({
            field: cf,
            message: 'Vòng tròn không hợp lệ (tâm "vĩ độ,kinh độ" và bán kính km).',
          });
        } else if (!inProvince(c.lat, c.lon)) {
          problems.push({ field: cf, message: "Tâm vòng tròn nằm ngoài địa bàn tỉnh Lào Cai." });
        }
      });
      area.geocodes.forEach((g, k) => {
        if (isCommuneGeocode(g.valueName) && !opts.knownCommunes.has(g.value)) {
          problems.push({
            field: `${af}.geocode[${k}]`,
            message: `Không có xã/phường mã ${g.value} trong tỉnh.`,
          });
        }
      });
      if (
        cap.msgType !== "Cancel" &&
        area.polygons.length === 0 &&
        area.circles.length === 0 &&
        !area.geocodes.some((g) => isCommuneGeocode(g.valueName))
      ) {
        problems.push({
          field: af,
          message: "Vùng cảnh báo phải có đa giác, vòng tròn hoặc mã xã/phường.",
        });
      }
    });
  });
  return problems;
}

/** Geocode names we accept for a commune (GSO code). */
export const COMMUNE_GEOCODE = "GSO";
const isCommuneGeocode = (name: string) => ["GSO", "gso", "VN-GSO", "commune"].includes(name);

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const el = (name: string, value: string | undefined, pad: string) =>
  value === undefined || value === "" ? "" : `${pad}<${name}>${esc(value)}</${name}>\n`;

/**
 * CAP dateTime for what we write: no fractional seconds, an explicit offset (the XSD pattern
 * forbids "Z"), in Vietnam's time (Asia/Ho_Chi_Minh is UTC+7 all year, no daylight saving),
 * as CAP readers here expect: "2024-09-10T06:00:00+07:00".
 */
export function capDateTime(d: Date): string {
  return new Date(d.getTime() + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, "+07:00");
}

/** Builds a CAP 1.2 document (one `info` per language) in the XSD's element order. */
export function buildCap(cap: CapAlert): string {
  const p2 = "  ";
  const p4 = "    ";
  const p6 = "      ";
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NS}">\n`;
  out += el("identifier", cap.identifier, p2);
  out += el("sender", cap.sender, p2);
  out += el("sent", cap.sent, p2);
  out += el("status", cap.status, p2);
  out += el("msgType", cap.msgType, p2);
  out += el("scope", cap.scope, p2);
  if (cap.references.length > 0) {
    out += el("references", cap.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(" "), p2);
  }
  for (const info of cap.infos) {
    out += `${p2}<info>\n`;
    out += el("language", info.language, p4);
    for (const c of info.category) out += el("category", c, p4);
    out += el("event", info.event, p4);
    for (const r of info.responseType) out += el("responseType", r, p4);
    out += el("urgency", info.urgency, p4);
    out += el("severity", info.severity, p4);
    out += el("certainty", info.certainty, p4);
    out += el("effective", info.effective, p4);
    out += el("expires", info.expires, p4);
    out += el("senderName", info.senderName, p4);
    out += el("headline", info.headline, p4);
    out += el("description", info.description, p4);
    out += el("instruction", info.instruction, p4);
    out += el("web", info.web, p4);
    for (const p of info.parameters) {
      out += `${p4}<parameter>\n${el("valueName", p.valueName, p6)}${el("value", p.value, p6)}${p4}</parameter>\n`;
    }
    for (const area of info.areas) {
      out += `${p4}<area>\n`;
      out += el("areaDesc", area.areaDesc, p6);
      for (const ring of area.polygons)
        out += el("polygon", ring.map(([la, lo]) => `${la},${lo}`).join(" "), p6);
      for (const c of area.circles) out += el("circle", `${c.lat},${c.lon} ${c.radiusKm}`, p6);
      for (const g of area.geocodes) {
        out += `${p6}<geocode>\n${el("valueName", g.valueName, p6 + p2)}${el("value", g.value, p6 + p2)}${p6}</geocode>\n`;
      }
      out += `${p4}</area>\n`;
    }
    out += `${p2}</info>\n`;
  }
  return out + "</alert>\n";
}
