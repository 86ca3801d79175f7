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

/** An active procedure as the search ranks it: its folded name and the filters. */
export interface CatalogEntry {
  id: string;
  /** National code: the last tie-break, so pages of equal names stay stable. */
  code: string;
  /** `Procedure.nameSearch`: folded words joined by single spaces. */
  search: string;
  name: string;
  field: string;
  level: string;
}

/**
 * The vocabulary plus the active procedures' names and, per word, the procedures whose name
 * holds it (indexes into `entries`, ascending): the search ranks in memory and asks
 * PostgreSQL only for the page it shows (search-procedures.ts).
 */
export interface CatalogIndex extends CatalogVocabulary {
  entries: CatalogEntry[];
  postings: Map<string, number[]>;
}

const VERSION_CHECK_MS = 2_000;

interface Cached {
  vocabulary: Promise<CatalogIndex>;
  checkedAt: number;
}

const cache = new WeakMap<AppContext, Cached>();

async function catalogVersion(ctx: AppContext): Promise<string> {
  const { rows } = await ctx.pg.query<{ v: string }>(
    `SELECT count(*)::text || ':' || coalesce(max("updatedAt"), 'epoch')::text AS v FROM "Procedure"`,
  );
  return rows[0]?.v ?? "";
}

async function loadVocabulary(ctx: AppContext): Promise<CatalogIndex> {
  const version = await catalogVersion(ctx);
  const { rows: entries } = await ctx.pg.query<CatalogEntry>(
    `SELECT id, "nationalCode" AS code, "nameSearch" AS search, name, field, level::text AS level
     FROM "Procedure" WHERE active ORDER BY id`,
  );
  const postings = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const w of new Set(e.search.split(" "))) {
      if (w === "") continue;
      const list = postings.get(w);
      if (list) list.push(i);
      else postings.set(w, [i]);
    }
  });
  const wordCounts = new Map([...postings].map(([w, list]) => [w, list.length]));
  const byLength = new Map<number, string[]>();
  for (const w of wordCounts.keys()) {
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  return { procedures: entries.length, wordCounts, byLength, version, entries, postings };
}

export async function catalogVocabulary(ctx: AppContext): Promise<CatalogIndex> {
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
