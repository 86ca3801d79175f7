import type { AppContext } from "../platform/context.js";
import type { StaffPrincipal } from "../platform/request-context.js";

interface GroupRow {
  key: string;
  label: string;
  average: number;
  count: number;
  distribution: number[];
}

// Periods are calendar days in Vietnam (UTC+7, no daylight saving).
const dayStart = (d: string) => `${d}T00:00:00+07:00`;
const dayEnd = (d: string) => `${d}T23:59:59.999+07:00`;

/**
 * Citizens' satisfaction (1–5 and a comment, given after the result is returned) for the
 * console: overall, per agency and per procedure, with the latest comments, over a period
 * of rating dates. A clerk sees their own agency only; an admin sees all.
 */
export async function reportRatings(
  ctx: AppContext,
  opts: { staff: StaffPrincipal; from?: string | undefined; to?: string | undefined },
) {
  const params: unknown[] = [
    opts.from ? dayStart(opts.from) : null,
    opts.to ? dayEnd(opts.to) : null,
    opts.staff.role === "admin" ? null : (opts.staff.agencyId ?? "none"),
  ];
  const where = `d."ratingScore" IS NOT NULL
    AND ($1::timestamptz IS NULL OR d."ratedAt" >= $1) AND ($2::timestamptz IS NULL OR d."ratedAt" <= $2)
    AND ($3::text IS NULL OR d."agencyId" = $3)`;
  const group = (key: string, label: string, join: string) =>
    ctx.pg.query<GroupRow>(
      `SELECT ${key} AS key, ${label} AS label, round(avg(d."ratingScore"), 2)::float8 AS average,
         count(*)::int AS count,
         ARRAY[count(*) FILTER (WHERE d."ratingScore" = 1), count(*) FILTER (WHERE d."ratingScore" = 2),
               count(*) FILTER (WHERE d."ratingScore" = 3), count(*) FILTER (WHERE d."ratingScore" = 4),
               count(*) FILTER (WHERE d."ratingScore" = 5)]::int[] AS distribution
       FROM "Dossier" d ${join}
       WHERE ${where}
       GROUP BY 1, 2 ORDER BY average ASC, count DESC`,
      params,
    );
  const [overall, byAgency, byProcedure, comments] = await Promise.all([
    group("''", "''", ""),
    group("a.code", "a.name", `JOIN "Agency" a ON a.id = d."agencyId"`),
    group(`p."nationalCode"`, "p.name", `JOIN "Procedure" p ON p.id = d."procedureId"`),
    ctx.pg.query<{
      dossierCode: string;
      procedure: string;
      agency: string;
      score: number;
      comment: string;
      ratedAt: Date;
    }>(
      `SELECT d.code AS "dossierCode", p.name AS procedure, a.name AS agency, d."ratingScore" AS score,
         d."ratingComment" AS comment, d."ratedAt" AS "ratedAt"
       FROM "Dossier" d JOIN "Procedure" p ON p.id = d."procedureId" JOIN "Agency" a ON a.id = d."agencyId"
       WHERE ${where} AND coalesce(btrim(d."ratingComment"), '') <> ''
       ORDER BY d."ratedAt" DESC LIMIT 200`,
      params,
    ),
  ]);
  const all = overall.rows[0];
  return {
    from: opts.from ?? null,
    to: opts.to ?? null,
    overall: all
      ? { average: all.average, count: all.count, distribution: all.distribution }
      : { average: 0, count: 0, distribution: [0, 0, 0, 0, 0] },
    byAgency: byAgency.rows.map((r) => ({
      agencyCode: r.key,
      agency: r.label,
      average: r.average,
      count: r.count,
      distribution: r.distribution,
    })),
    byProcedure: byProcedure.rows.map((r) => ({
      code: r.key,
      procedure: r.label,
      average: r.average,
      count: r.count,
      distribution: r.distribution,
    })),
    comments: comments.rows.map((c) => ({ ...c, ratedAt: new Date(c.ratedAt).toISOString() })),
  };
}
