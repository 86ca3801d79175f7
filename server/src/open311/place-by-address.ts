import type { AppContext } from "../platform/context.js";
import { foldVietnamese } from "../procedures/fold.js";
import { Open311Error } from "./open311-format.js";

// Open311 lets a client locate a request by lat/long, by address_string or by address_id.
// We have no street gazetteer, only the province's communes (GSO codes, names, centroids):
// address_id is a commune's GSO code, address_string is matched against the communes' folded
// names, and the request is placed at that commune's centroid.

interface Commune {
  code: string;
  name: string; // "Khao Mang"
  fullName: string; // "Xã Khao Mang"
  lat: number | null;
  lon: number | null;
}

let cache: { at: number; communes: Commune[] } | undefined;

async function communes(ctx: AppContext): Promise<Commune[]> {
  if (cache && Date.now() - cache.at < 10 * 60_000) return cache.communes;
  const { rows } = await ctx.pg.query<Commune>(
    `SELECT code, name, "fullName", "centroidLat" AS lat, "centroidLon" AS lon
     FROM "AdminUnit" WHERE "parentCode" = '15'`,
  );
  cache = { at: Date.now(), communes: rows };
  return rows;
}

/** Whole folded words of `needle` inside `hay` ("sa pa" in "cho sa pa", not in "sa pan"). */
const containsWords = (hay: string, needle: string) => ` ${hay} `.includes(` ${needle} `);
const words = (s: string) =>
  foldVietnamese(s)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

export async function placeByAddress(
  ctx: AppContext,
  q: { address_id?: string | undefined; address_string?: string | undefined },
): Promise<{ lat: number; lon: number; commune: string }> {
  const all = await communes(ctx);
  let found: Commune | undefined;
  if (q.address_id !== undefined) {
    found = all.find((c) => c.code === q.address_id!.trim());
    if (!found)
      throw new Open311Error(400, `address_id ${q.address_id} is not the GSO code of a commune of Lào Cai`);
  } else {
    const text = words(q.address_string ?? "");
    // "Xã Khao Mang" beats "Khao Mang"; a longer name beats one it contains.
    const scored = all
      .map((c) => {
        const full = words(c.fullName);
        const name = words(c.name);
        if (containsWords(text, full)) return { c, score: 1000 + full.length };
        if (containsWords(text, name)) return { c, score: name.length };
        return null;
      })
      .filter((x) => x !== null)
      .sort((a, b) => b.score - a.score);
    if (!scored.length)
      throw new Open311Error(
        400,
        "address_string names no commune of Lào Cai: send lat and long, or address_id (the commune's GSO code)",
      );
    if (scored.length > 1 && scored[0]!.score === scored[1]!.score)
      throw new Open311Error(
        400,
        `address_string names several communes (${scored
          .filter((s) => s.score === scored[0]!.score)
          .map((s) => s.c.fullName)
          .join(", ")}): send lat and long, or address_id`,
      );
    found = scored[0]!.c;
  }
  if (found.lat == null || found.lon == null)
    throw new Open311Error(400, `${found.fullName} has no known position: send lat and long`);
  return { lat: found.lat, lon: found.lon, commune: found.fullName };
}
