import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { categoryOf } from "./categories.js";

interface Commune {
  code: string;
  name: string;
  lat: number | null;
  lon: number | null;
  bbox: [number, number, number, number] | null; // minLon, minLat, maxLon, maxLat
}

let cache:
  { at: number; communes: Commune[]; agencies: Map<string, { id: string; name: string }> } | undefined;

async function load(ctx: AppContext) {
  if (cache && Date.now() - cache.at < 10 * 60_000) return cache;
  const [units, agencies] = await Promise.all([
    ctx.pg.query<{
      code: string;
      name: string;
      centroidLat: number | null;
      centroidLon: number | null;
      bboxMinLon: number | null;
      bboxMinLat: number | null;
      bboxMaxLon: number | null;
      bboxMaxLat: number | null;
    }>(
      `SELECT code, "fullName" AS name, "centroidLat", "centroidLon", "bboxMinLon", "bboxMinLat", "bboxMaxLon", "bboxMaxLat"
       FROM "AdminUnit" WHERE "parentCode" = '15'`,
    ),
    ctx.pg.query<{ id: string; code: string; name: string; unitCode: string | null }>(
      `SELECT id, code, name, "unitCode" FROM "Agency"`,
    ),
  ]);
  const agencyMap = new Map<string, { id: string; name: string }>();
  for (const a of agencies.rows) {
    agencyMap.set(a.code, { id: a.id, name: a.name });
    if (a.unitCode) agencyMap.set(`unit:${a.unitCode}`, { id: a.id, name: a.name });
  }
  cache = {
    at: Date.now(),
    agencies: agencyMap,
    communes: units.rows.map((u) => ({
      code: u.code,
      name: u.name,
      lat: u.centroidLat,
      lon: u.centroidLon,
      bbox:
        u.bboxMinLon != null && u.bboxMinLat != null && u.bboxMaxLon != null && u.bboxMaxLat != null
          ? [u.bboxMinLon, u.bboxMinLat, u.bboxMaxLon, u.bboxMaxLat]
          : null,
    })),
  };
  return cache;
}

/** Distance in km on a sphere (haversine): enough to pick the nearest centroid. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const a =
    Math.sin(r(lat2 - lat1) / 2) ** 2 +
    Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

// A commune without a bounding box is still chosen when its centroid is this close.
const NEAREST_CENTROID_KM = 8;

export const outsideProvince = () =>
  new AppError("VALIDATION_FAILED", {
    message: "location outside the province",
    fields: [
      {
        field: "location",
        message: "Vị trí nằm ngoài tỉnh Lào Cai. Vui lòng chọn một điểm trong tỉnh.",
      },
    ],
  });

/**
 * The commune of a point. We have no boundaries, only centroids and bounding boxes: the
 * communes whose box holds the point are candidates (boxes overlap), and the nearest
 * centroid among them wins; where no box holds it, the nearest centroid of a commune
 * without a box, if close; otherwise the point is outside the province.
 */
export async function communeAt(ctx: AppContext, lat: number, lon: number) {
  const { communes } = await load(ctx);
  const dist = (c: Commune) =>
    c.lat == null || c.lon == null ? Infinity : distanceKm(lat, lon, c.lat, c.lon);
  const inBox = communes.filter(
    (c) => c.bbox && lon >= c.bbox[0] && lat >= c.bbox[1] && lon <= c.bbox[2] && lat <= c.bbox[3],
  );
  const pool = inBox.length ? inBox : communes.filter((c) => !c.bbox && dist(c) <= NEAREST_CENTROID_KM);
  let best: Commune | undefined;
  for (const c of pool) if (!best || dist(c) < dist(best)) best = c;
  if (!best) throw outsideProvince();
  return { code: best.code, name: best.name };
}

/** The commune, the responsible agency and the deadline of a report. */
export async function routeIncident(ctx: AppContext, input: { category: string; lat: number; lon: number }) {
  const category = categoryOf(input.category);
  if (!category)
    throw new AppError("VALIDATION_FAILED", {
      fields: [{ field: "category", message: "Vui lòng chọn loại sự cố." }],
    });
  const commune = await communeAt(ctx, input.lat, input.lon);
  const { agencies } = await load(ctx);
  const agency =
    category.agency === "commune" ? agencies.get(`unit:${commune.code}`) : agencies.get(category.agency);
  return {
    category,
    commune,
    // Not found only on a database without reference data; the IOC operators then route by hand.
    agency: agency ?? agencies.get("H38.IOC") ?? null,
    slaHours: category.slaHours,
  };
}
