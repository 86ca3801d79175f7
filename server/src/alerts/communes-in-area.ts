import type { CapArea } from "./cap.js";

// Which communes an alert area covers. The seeded communes have centroids and bounding boxes
// but no boundaries, so the rule is:
//  1. a commune named by its GSO geocode is always in;
//  2. a polygon or circle takes every commune whose centroid lies inside it;
//  3. as a secondary rule, a commune whose bounding box overlaps the shape's own bounding box
//     AND whose box contains a vertex of the polygon (or the circle's centre) is in as well,
//     so a small shape drawn inside one commune (missing its centroid) still reaches it.
// Resolved once at ingest (99 communes) into AlertAreaUnit rows; recipients are then a plain
// join on unit codes in SQL, which is what makes the fan-out cheap at 200,000 subscribers.

export interface CommuneGeo {
  code: string;
  centroidLat: number | null;
  centroidLon: number | null;
  bboxMinLon: number | null;
  bboxMinLat: number | null;
  bboxMaxLon: number | null;
  bboxMaxLat: number | null;
}

/** Ray casting on [lat, lon] rings (fine at commune scale: no pole or antimeridian here). */
export function pointInPolygon(
  lat: number,
  lon: number,
  ring: readonly (readonly [number, number])[],
): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i]!;
    const [yj, xj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const inBox = (c: CommuneGeo, lat: number, lon: number) =>
  c.bboxMinLat !== null &&
  c.bboxMaxLat !== null &&
  c.bboxMinLon !== null &&
  c.bboxMaxLon !== null &&
  lat >= c.bboxMinLat &&
  lat <= c.bboxMaxLat &&
  lon >= c.bboxMinLon &&
  lon <= c.bboxMaxLon;

export function communesInArea(area: CapArea, communes: readonly CommuneGeo[]): string[] {
  const codes = new Set<string>();
  const known = new Set(communes.map((c) => c.code));
  for (const g of area.geocodes) if (known.has(g.value)) codes.add(g.value);
  for (const c of communes) {
    const hasCentroid = c.centroidLat !== null && c.centroidLon !== null;
    for (const ring of area.polygons) {
      if (hasCentroid && pointInPolygon(c.centroidLat!, c.centroidLon!, ring)) codes.add(c.code);
      else if (ring.some(([lat, lon]) => inBox(c, lat, lon))) codes.add(c.code);
    }
    for (const circle of area.circles) {
      if (
        hasCentroid &&
        distanceKm(circle.lat, circle.lon, c.centroidLat!, c.centroidLon!) <= circle.radiusKm
      ) {
        codes.add(c.code);
      } else if (inBox(c, circle.lat, circle.lon)) codes.add(c.code);
    }
  }
  return [...codes].sort();
}
