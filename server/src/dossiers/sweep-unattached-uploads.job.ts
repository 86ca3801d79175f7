import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";

/**
 * Uploads nobody filed (a filing abandoned, a report never sent) are photos of ID papers and
 * birth certificates: they go after a day, row and bytes, and stop counting against the
 * citizen's cap. Files a server draft still lists are kept with the draft. The row is deleted
 * first (a filing that claims the file meanwhile holds its lock and wins), the bytes after.
 */
export async function sweepUnattachedUploads(ctx: AppContext, olderThanMs = 24 * 3600_000): Promise<number> {
  const { rows } = await ctx.pg.query<{ storageKey: string }>(
    `DELETE FROM "DossierFile" f
     WHERE f."dossierId" IS NULL AND f."ownerCitizenId" IS NOT NULL
       AND f."createdAt" < now() - make_interval(secs => $1)
       AND NOT EXISTS (
         SELECT 1 FROM "DossierDraft" d WHERE d."citizenId" = f."ownerCitizenId" AND f.id = ANY(d."fileIds")
       )
     RETURNING f."storageKey"`,
    [olderThanMs / 1000],
  );
  for (const r of rows) await ctx.files.delete(r.storageKey);
  return rows.length;
}

export const sweepUnattachedUploadsJob = defineJob({
  name: "dossiers.sweep-unattached-uploads",
  queue: QUEUES.maintenance,
  schema: z.object({}).loose(),
  attempts: 1,
  deadLetter: false,
  handler: async (_p, ctx) => {
    const n = await sweepUnattachedUploads(ctx);
    if (n > 0) ctx.logger.info({ swept: n }, "unattached uploads older than a day removed");
    return "done";
  },
});
