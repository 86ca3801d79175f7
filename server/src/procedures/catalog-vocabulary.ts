import type { AppContext } from "../platform/context.js";

/**
 * The distinct words of the active procedures' folded names with how many procedures use
 * each: what a typed word may have been meant as, and how much a word tells (a word in
 * every name, like "thu tuc", says little; "khai" says a lot).
 *
 * A few thousand words at most (the province publishes ~2,000 procedures), so it lives in
 * memory. The API process drops it when an admin edits a procedure; any other process (the
 * worker answering the OA bot) notices an edit through the catalog's version, checked at
 * most every VERSION_CHECK_MS.
 */
export interface CatalogVocabulary {
  /** Number of active procedures. */
  procedures: number;
  /** word → number of active procedures whose name contains it. */
  wordCounts: Map<string, number>;
  /** Words grouped by length, for edit-distance lookups that skip impossible lengths. */
  byLength: Map<number, string[]>;
  version: string;
}

const VERSION_CHECK_MS = 2_000;

interface Cached {
  vocabulary: Promise<CatalogVocabulary>;
  checkedAt: number;
}

const cache = new WeakMap<AppContext, Cached>();

async function catalogVersion(ctx: AppContext): Promise<string> {
  const { rows } = await ctx.pg.query<{ v: string }>(
    `SELECT count(*)::text || ':' || coalesce(max("updatedAt"), 'epoch')::text AS v FROM "Procedure"`,
  );
  return rows[0]?.v ?? "";
}

async function loadVocabulary(ctx: AppContext): Promise<CatalogVocabulary> {
  const version = await catalogVersion(ctx);
  const [{ rows: words }, { rows: total }] = await Promise.all([
    ctx.pg.query<{ w: string; n: number }>(
      `SELECT w, count(DISTINCT p.id)::int AS n
       FROM "Procedure" p, unnest(string_to_array(p."nameSearch", ' ')) AS w
       WHERE p.active AND w <> ''
       GROUP BY w`,
    ),
    ctx.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Procedure" WHERE active`),
  ]);
  const wordCounts = new Map(words.map((r) => [r.w, r.n]));
  const byLength = new Map<number, string[]>();
  for (const w of wordCounts.keys()) {
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  return { procedures: total[0]?.n ?? 0, wordCounts, byLength, version };
}

export async function catalogVocabulary(ctx: AppContext): Promise<CatalogVocabulary> {
  const now = Date.now();
  const hit = cache.get(ctx);
  if (hit && now - hit.checkedAt < VERSION_CHECK_MS) return hit.vocabulary;
  if (hit) {
    hit.checkedAt = now;
    const current = await hit.vocabulary.catch(() => null);
    if (current && current.version === (await catalogVersion(ctx))) return current;
  }
  const vocabulary = loadVocabulary(ctx);
  cache.set(ctx, { vocabulary, checkedAt: now });
  // A failed load must not stay cached: the next search tries again.
  vocabulary.catch(() => cache.delete(ctx));
  return vocabulary;
}

/** Called by the write path (admin edits): the next search reloads the words. */
export function invalidateCatalogVocabulary(ctx: AppContext): void {
  cache.delete(ctx);
}
