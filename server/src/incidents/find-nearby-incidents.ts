import type { Pool } from "pg";
import { OPEN_STATUSES } from "./incident-status.js";

export interface NearbyIncident {
  publicId: string;
  category: string;
  status: string;
  description: string;
  lat: number;
  lon: number;
  distanceM: number;
  supporters: number;
  createdAt: Date;
}

const M_PER_DEG_LAT = 111_320;

/**
 * Open reports of a category near a point: the duplicate check before a citizen submits.
 * One statement on the pg pool. The box (lat ± r, lon ± r/cos lat) is a range on the
 * (category, status, lat, lon) index; the exact distance only orders the few rows inside.
 * Hidden reports are never suggested.
 */
export async function findNearbyIncidents(
  pg: Pool,
  q: { category: string; lat: number; lon: number; radiusM: number; limit?: number },
): Promise<NearbyIncident[]> {
  const dLat = q.radiusM / M_PER_DEG_LAT;
  const dLon = q.radiusM / (M_PER_DEG_LAT * Math.cos((q.lat * Math.PI) / 180));
  const { rows } = await pg.query<NearbyIncident>(
    `SELECT n.*, (SELECT count(*) FROM "IncidentSupporter" s WHERE s."incidentId" = n.id)::int AS supporters
     FROM (
       SELECT id, "publicId", category, status, "descriptionPublic" AS description, lat, lon, "createdAt",
         (2 * 6371000 * asin(sqrt(power(sin(radians(lat - $2) / 2), 2)
           + cos(radians($2)) * cos(radians(lat)) * power(sin(radians(lon - $3) / 2), 2))))::float8 AS "distanceM"
       FROM "Incident"
       WHERE category = $1 AND status = ANY($4::"IncidentStatus"[])
         AND lat BETWEEN $2::float8 - $5 AND $2::float8 + $5 AND lon BETWEEN $3::float8 - $6 AND $3::float8 + $6
     ) n
     WHERE n."distanceM" <= $7
     ORDER BY n."distanceM"
     LIMIT $8`,
    [q.category, q.lat, q.lon, OPEN_STATUSES, dLat, dLon, q.radiusM, q.limit ?? 10],
  );
  return rows.map(({ id: _id, ...r }: NearbyIncident & { id?: string }) => r);
}
