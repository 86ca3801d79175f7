import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { makeRouter, route } from "../platform/http.js";

const commune = z.object({
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  type: z.enum(["xa", "phuong"]),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});

let cache: { at: number; communes: z.infer<typeof commune>[] } | undefined;

/** The province's 99 communes (GSO codes, names, centroids): public reference data. */
export function placesRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  route(r, {
    method: "get",
    path: "/communes",
    summary: "The communes and wards of Lào Cai province",
    tag: "Places",
    response: z.object({ communes: z.array(commune) }),
    handler: async ({ res }) => {
      if (!cache || Date.now() - cache.at > 10 * 60_000) {
        const units = await ctx.db.adminUnit.findMany({
          where: { parentCode: "15" },
          orderBy: { name: "asc" },
        });
        cache = {
          at: Date.now(),
          communes: units.map((u) => ({
            code: u.code,
            name: u.name,
            fullName: u.fullName,
            type: u.type === "phuong" ? ("phuong" as const) : ("xa" as const),
            lat: u.centroidLat,
            lon: u.centroidLon,
          })),
        };
      }
      res.setHeader("cache-control", "public, max-age=3600");
      return { communes: cache.communes };
    },
  });
  route(r, {
    method: "get",
    path: "/map",
    summary: "The maps' background tiles, when configured (else the maps draw our own data only)",
    tag: "Places",
    response: z.object({ tileUrl: z.string().nullable(), attribution: z.string().nullable() }),
    handler: async ({ res }) => {
      res.setHeader("cache-control", "public, max-age=3600");
      return {
        tileUrl: ctx.config.MAP_TILE_URL ?? null,
        attribution: ctx.config.MAP_TILE_ATTRIBUTION ?? null,
      };
    },
  });
  return r;
}
