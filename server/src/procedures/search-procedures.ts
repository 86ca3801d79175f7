import type { AppContext } from "../platform/context.js";
import type { ProcedureLevel } from "../platform/db.js";
import { catalogVocabulary, type CatalogIndex } from "./catalog-vocabulary.js";
import { expandQuery, type WordExpansion } from "./expand-query.js";
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
}

const COLUMNS = `p."nationalCode" AS code, p.name, p.field, p.level, p."agencyKind"::text AS "agencyKind",
  p."processingDays", p."processingUnit", p."onlineLevel"::text AS "onlineLevel",
  a.code AS "agencyCode", a.name AS "agencyName"`;

const NATIONAL_CODE = /^\d\.\d{6}$/;

const toHit = (r: Row, score: number): ProcedureHit => ({
  code: r.code,
  name: r.name,
  field: r.field,
  level: r.level,
  agency: r.agencyCode ? { code: r.agencyCode, name: r.agencyName ?? "" } : null,
  agencyKind: r.agencyKind,
  processingDays: r.processingDays,
  processingUnit: r.processingUnit === "calendar_days" ? "calendar_days" : "working_days",
  onlineLevel: r.onlineLevel,
  score,
});

/**
 * The catalog, searched or browsed: the mini app's most frequent request, and the OA bot's.
 *
 * Search ignores diacritics, word order and small typos. The query is folded into words;
 * each word is expanded against the catalog's own words (see expand-query.ts), and the
 * catalog's in-memory index (catalog-vocabulary.ts: every active name's words, and per word
 * the names holding it) then
 *   1. scores each name by the best expansion it holds as a whole word for each query word
 *      (rare words count more), requiring nearly all query words to match (half of them
 *      when that finds nothing);
 *   2. ranks by that score with a bonus when the folded query appears as a phrase, then the
 *      shorter name: the one closest to what was typed ("khai sinh" → "Thủ tục đăng ký khai
 *      sinh" before "… đăng ký lại khai sinh"), then the name;
 * and one indexed statement fetches the page shown. Ranking in SQL (a LIKE per expansion per
 * candidate row) cost 2–8 ms over 2,000 procedures, past the 5 ms budget on a busy machine
 * (bench procedure-search); the index walks only the posting lists of the expanded words.
 * It is at most VERSION_CHECK_MS behind an edit made by another process, and the page is
 * fetched with `active` checked again, so a retired procedure is never shown.
 * Browsing (no query) lists by field and name in SQL.
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
      `SELECT ${COLUMNS}
       FROM "Procedure" p LEFT JOIN "Agency" a ON a.id = p."agencyId"
       WHERE p.active AND p."nationalCode" = $1
         AND ($2::text IS NULL OR p.field = $2) AND ($3::text IS NULL OR p.level::text = $3)`,
      [q, field, level],
    );
    return { items: rows.map((r) => toHit(r, 1)), total: rows.length };
  }

  if (foldedWords(q).length === 0) {
    const { rows } = await ctx.pg.query<Row & { total: string }>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total
       FROM "Procedure" p LEFT JOIN "Agency" a ON a.id = p."agencyId"
       WHERE p.active AND ($1::text IS NULL OR p.field = $1) AND ($2::text IS NULL OR p.level::text = $2)
       ORDER BY p.field, p.name
       LIMIT $3 OFFSET $4`,
      [field, level, opts.limit, opts.offset],
    );
    return { items: rows.map((r) => toHit(r, 0)), total: Number(rows[0]?.total ?? 0) };
  }

  const index = await catalogVocabulary(ctx);
  const { words, expansions } = expandQuery(q, index);
  const matches = matchNames(index, expansions, words.join(" "), field, level);
  const n = matches.tokens;
  if (n === 0) return { items: [], total: 0 };
  // Nearly every word must match (one in three may be missing: "làm giấy khai sinh"); only
  // when that finds nothing, half of them.
  let ranked = rank(index, matches.hits, n - Math.floor(n / 3));
  if (ranked.length === 0) ranked = rank(index, matches.hits, Math.ceil(n / 2));
  const page = ranked.slice(opts.offset, opts.offset + opts.limit);
  if (page.length === 0) return { items: [], total: ranked.length };

  const { rows } = await ctx.pg.query<Row & { id: string }>({
    name: "catalog-search-page",
    text: `SELECT p.id, ${COLUMNS}
       FROM "Procedure" p LEFT JOIN "Agency" a ON a.id = p."agencyId"
       WHERE p.id = ANY($1::text[]) AND p.active`,
    values: [page.map((h) => index.entries[h.entry]!.id)],
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = page.flatMap((h) => {
    const row = byId.get(index.entries[h.entry]!.id);
    return row ? [toHit(row, h.score)] : [];
  });
  return { items, total: ranked.length };
}

interface NameMatch {
  entry: number;
  /** Per query word, the weight of the best expansion the name holds; 0 when none. */
  weights: Float64Array;
  /** The folded query appears in the name as a phrase. */
  phrase: boolean;
}

/**
 * The active names (after the filters) that hold at least one expansion as a whole word,
 * with each query word's best weight. `tokens` is the number of query words that have any
 * expansion: a word the catalog has nothing like does not count against a name.
 */
function matchNames(
  index: CatalogIndex,
  expansions: WordExpansion[],
  phrase: string,
  field: string | null,
  level: string | null,
): { hits: NameMatch[]; tokens: number } {
  // Query words with an expansion, numbered 0..n-1 (a word with none is left out).
  const slot = new Map([...new Set(expansions.map((e) => e.token))].map((tok, i) => [tok, i]));
  const hits = new Map<number, NameMatch>();
  for (const e of expansions) {
    const i = slot.get(e.token)!;
    for (const entry of index.postings.get(e.word) ?? []) {
      let hit = hits.get(entry);
      if (!hit) {
        const p = index.entries[entry]!;
        if ((field !== null && p.field !== field) || (level !== null && p.level !== level)) continue;
        hit = { entry, weights: new Float64Array(slot.size), phrase: p.search.includes(phrase) };
        hits.set(entry, hit);
      }
      hit.weights[i] = Math.max(hit.weights[i]!, e.weight);
    }
  }
  return { hits: [...hits.values()], tokens: slot.size };
}

/**
 * Names matching at least `required` query words, best first: score, then the shorter folded
 * name, then the name by code point (as PostgreSQL's C.UTF-8 collation orders it), then the
 * national code, so that paging through equal names neither repeats nor skips one.
 */
function rank(index: CatalogIndex, hits: NameMatch[], required: number): { entry: number; score: number }[] {
  const ranked = hits
    .filter((h) => h.weights.reduce((k, w) => k + (w > 0 ? 1 : 0), 0) >= required)
    .map((h) => ({ entry: h.entry, score: h.weights.reduce((sum, w) => sum + w, 0) * (h.phrase ? 1.3 : 1) }));
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return ranked.sort((a, b) => {
    const ea = index.entries[a.entry]!;
    const eb = index.entries[b.entry]!;
    return (
      b.score - a.score ||
      ea.search.length - eb.search.length ||
      byCodePoint(ea.name, eb.name) ||
      byCodePoint(ea.code, eb.code)
    );
  });
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
