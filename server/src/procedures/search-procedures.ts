import type { AppContext } from "../platform/context.js";
import type { ProcedureLevel } from "../platform/db.js";
import { catalogVocabulary, type CatalogVocabulary } from "./catalog-vocabulary.js";
import { expandQuery, MAX_EXPANSIONS_PER_WORD, type WordExpansion } from "./expand-query.js";
import { foldedWords } from "./fold.js";
import type { ProcedureSummary } from "./procedure.schema.js";

export interface CatalogFilter {
  field?: string | undefined;
  level?: ProcedureLevel | undefined;
}

export interface ProcedureHit extends ProcedureSummary {
  /** Relevance: higher is better; 0 when browsing without a query. */
  score: number;
}

interface Row {
  code: string;
  name: string;
  field: string;
  level: ProcedureLevel;
  agencyKind: string;
  processingDays: number;
  processingUnit: string;
  onlineLevel: "full" | "partial" | "none";
  agencyCode: string | null;
  agencyName: string | null;
  score: number;
  total: string;
}

const COLUMNS = `p."nationalCode" AS code, p.name, p.field, p.level, p."agencyKind"::text AS "agencyKind",
  p."processingDays", p."processingUnit", p."onlineLevel"::text AS "onlineLevel",
  a.code AS "agencyCode", a.name AS "agencyName"`;

const NATIONAL_CODE = /^\d\.\d{6}$/;

const toHit = (r: Row): ProcedureHit => ({
  code: r.code,
  name: r.name,
  field: r.field,
  level: r.level,
  agency: r.agencyCode ? { code: r.agencyCode, name: r.agencyName ?? "" } : null,
  agencyKind: r.agencyKind,
  processingDays: r.processingDays,
  processingUnit: r.processingUnit === "calendar_days" ? "calendar_days" : "working_days",
  onlineLevel: r.onlineLevel,
  score: Number(r.score),
});

/**
 * The catalog, searched or browsed: one statement on the pg pool (the mini app's most
 * frequent request, and the OA bot's).
 *
 * Search ignores diacritics, word order and small typos. The query is folded into words;
 * each word is expanded in memory against the catalog's own words (see expand-query.ts)
 * and PostgreSQL then
 *   1. picks candidates whose folded name contains any expansion (LIKE '%word%', served by
 *      the pg_trgm GIN index on "nameSearch" when the words are selective);
 *   2. scores each candidate by the best expansion it holds as a whole word for each query
 *      word (rare words count more), requiring nearly all query words to match (half of
 *      them when that finds nothing);
 *   3. ranks by that score with a bonus when the folded query appears as a phrase, then the
 *      shorter name: the one closest to what was typed ("khai sinh" → "Thủ tục đăng ký khai
 *      sinh" before "… đăng ký lại khai sinh").
 * Trigram similarity() of whole names ranked well but cost ~14 µs a row: 2,000 rows blew the
 * 5 ms budget (bench procedure-search); word weights and length are nearly free.
 * Browsing (no query) lists by field and name.
 */
export async function findProcedures(
  ctx: AppContext,
  opts: CatalogFilter & { q?: string | undefined; limit: number; offset: number },
): Promise<{ items: ProcedureHit[]; total: number }> {
  const q = opts.q?.trim() ?? "";
  const field = opts.field ?? null;
  const level = opts.level ?? null;

  if (NATIONAL_CODE.test(q)) {
    const { rows } = await ctx.pg.query<Row>(
      `SELECT ${COLUMNS}, 1::float8 AS score, count(*) OVER () AS total
       FROM "Procedure" p LEFT JOIN "Agency" a ON a.id = p."agencyId"
       WHERE p.active AND p."nationalCode" = $1
         AND ($2::text IS NULL OR p.field = $2) AND ($3::text IS NULL OR p.level::text = $3)`,
      [q, field, level],
    );
    return { items: rows.map(toHit), total: rows.length };
  }

  if (foldedWords(q).length === 0) {
    const { rows } = await ctx.pg.query<Row>(
      `SELECT ${COLUMNS}, 0::float8 AS score, count(*) OVER () AS total
       FROM "Procedure" p LEFT JOIN "Agency" a ON a.id = p."agencyId"
       WHERE p.active AND ($1::text IS NULL OR p.field = $1) AND ($2::text IS NULL OR p.level::text = $2)
       ORDER BY p.field, p.name
       LIMIT $3 OFFSET $4`,
      [field, level, opts.limit, opts.offset],
    );
    return { items: rows.map(toHit), total: Number(rows[0]?.total ?? 0) };
  }

  const vocabulary = await catalogVocabulary(ctx);
  const { words, expansions } = expandQuery(q, vocabulary);
  const tokens = [...new Set(expansions.map((e) => e.token))];
  if (tokens.length === 0) return { items: [], total: 0 };
  const n = tokens.length;
  const search = { ctx, words, expansions, tokens, field, level, limit: opts.limit, offset: opts.offset };
  // Nearly every word must match (one in three may be missing: "làm giấy khai sinh"); only
  // when that finds nothing, half of them.
  const strict = await rankedSearch({ ...search, required: n - Math.floor(n / 3) }, vocabulary);
  const relaxed = Math.ceil(n / 2);
  if (strict.total > 0 || relaxed >= n - Math.floor(n / 3)) return strict;
  return rankedSearch({ ...search, required: relaxed }, vocabulary);
}

async function rankedSearch(
  s: {
    ctx: AppContext;
    words: string[];
    expansions: WordExpansion[];
    tokens: number[];
    field: string | null;
    level: string | null;
    limit: number;
    offset: number;
    required: number;
  },
  vocabulary: CatalogVocabulary,
): Promise<{ items: ProcedureHit[]; total: number }> {
  // One prepared statement per number of query words (each word gets MAX_EXPANSIONS_PER_WORD
  // slots, unused ones NULL, which never match): parsed and planned once per connection.
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  // Words are [a-z0-9]+ after folding: no LIKE wildcards to escape. Padding makes them whole words.
  const padded = `p.padded`;
  const of = (tok: number) => s.expansions.filter((e) => e.token === tok);
  // Per query word, the weight of the best expansion the name contains (CASE takes the first:
  // expansions are sorted by weight, best first).
  const perToken = s.tokens.map((tok, i) => {
    const sorted = of(tok).sort((a, b) => b.weight - a.weight);
    const cases = Array.from({ length: MAX_EXPANSIONS_PER_WORD }, (_, k) => sorted[k])
      .map(
        (e) =>
          `WHEN ${padded} LIKE ${param(e ? `% ${e.word} %` : null)}::text THEN ${param(e?.weight ?? 0)}::float8`,
      )
      .join(" ");
    return `CASE ${cases} ELSE 0 END AS t${i}`;
  });
  // A name that may miss k query words holds one of the k + 1 rarest: those alone pick the
  // candidates, so common words ("đăng ký", "thủ tục") do not drag in half the catalog.
  const spread = (tok: number) =>
    of(tok).reduce((sum, e) => sum + (vocabulary.wordCounts.get(e.word) ?? 0), 0);
  const rarest = [...s.tokens]
    .sort((a, b) => spread(a) - spread(b))
    .slice(0, s.tokens.length - s.required + 1);
  const rareWords = [...new Set(rarest.flatMap((tok) => of(tok).map((e) => e.word)))];
  // Substring first (cheap, and what the trigram index can serve), then as a whole word:
  // "hon" must not pick every "thong" and "phong".
  const candidates = param(rareWords.map((w) => `%${w}%`));
  const wholeWords = param(rareWords.map((w) => `% ${w} %`));
  const t = s.tokens.map((_, i) => `c.t${i}`);
  const phrase = param(s.words.join(" "));
  const field = param(s.field);
  const level = param(s.level);
  const required = param(s.required);
  const limit = param(s.limit);
  const offset = param(s.offset);

  const { rows } = await s.ctx.pg.query<Row>({
    name: `catalog-search-${s.tokens.length}`,
    text: `SELECT c.code, c.name, c.field, c.level, c."agencyKind", c."processingDays", c."processingUnit",
       c."onlineLevel", c."agencyCode", c."agencyName",
       (${t.join(" + ")}) * (CASE WHEN strpos(c."nameSearch", ${phrase}) > 0 THEN 1.3 ELSE 1 END) AS score,
       count(*) OVER () AS total
     FROM (
       SELECT ${COLUMNS}, p."nameSearch", ${perToken.join(", ")}
       FROM (
         -- The padded name is built once per row, not once per CASE branch.
         SELECT p."nationalCode", p.name, p.field, p.level, p."agencyKind", p."processingDays",
           p."processingUnit", p."onlineLevel", p."agencyId", p."nameSearch",
           ' ' || p."nameSearch" || ' ' AS padded
         FROM "Procedure" p
         WHERE p.active AND p."nameSearch" LIKE ANY (${candidates}::text[])
           AND (${field}::text IS NULL OR p.field = ${field}) AND (${level}::text IS NULL OR p.level::text = ${level})
         OFFSET 0
       ) p
       LEFT JOIN "Agency" a ON a.id = p."agencyId"
       WHERE ${padded} LIKE ANY (${wholeWords}::text[])
       OFFSET 0 -- keeps the CASEs computed once per row
     ) c
     WHERE (${t.map((x) => `(${x} > 0)::int`).join(" + ")}) >= ${required}
     ORDER BY score DESC, length(c."nameSearch"), c.name
     LIMIT ${limit} OFFSET ${offset}`,
    values: params,
  });
  return { items: rows.map(toHit), total: Number(rows[0]?.total ?? 0) };
}

/**
 * Best matches for a citizen's words, best first: for callers that want a short list (the
 * OA bot answering "tìm thủ tục khai sinh"). An empty query lists the catalog.
 */
export async function searchProcedures(
  ctx: AppContext,
  query: string,
  opts: CatalogFilter & { limit?: number } = {},
): Promise<ProcedureHit[]> {
  const { items } = await findProcedures(ctx, {
    q: query,
    field: opts.field,
    level: opts.level,
    limit: Math.min(Math.max(opts.limit ?? 5, 1), 50),
    offset: 0,
  });
  return items;
}
