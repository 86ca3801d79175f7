import type { AppContext } from "../platform/context.js";
import type { CommuneGeo } from "./communes-in-area.js";

export interface CommuneRow extends CommuneGeo {
  name: string;
  type: string;
}

let cache: { at: number; communes: CommuneRow[] } | undefined;

/** The province's communes with centroids and boxes (reference data: cached 10 minutes). */
export async function loadCommunes(ctx: AppContext): Promise<CommuneRow[]> {
  if (cache && Date.now() - cache.at < 10 * 60_000 && cache.communes.length > 0) return cache.communes;
  const { rows } = await ctx.pg.query<CommuneRow>(
    `SELECT code, name, type::text AS type, "centroidLat", "centroidLon",
            "bboxMinLon", "bboxMinLat", "bboxMaxLon", "bboxMaxLat"
     FROM "AdminUnit" WHERE "parentCode" = '15' ORDER BY code`,
  );
  cache = { at: Date.now(), communes: rows };
  return rows;
}
