import type { CatalogVocabulary } from "./catalog-vocabulary.js";
import { foldedWords } from "./fold.js";

/** One catalog word a query word may stand for, with how much a match on it counts. */
export interface WordExpansion {
  /** Index of the query word it stands for. */
  token: number;
  word: string;
  weight: number;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): "kahi" → "khai" is
 * one edit, as a thumb slip on a phone keyboard is. Stops early past `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

// Vietnamese syllables are short: one slip in a 3–5 letter word, two from 6 letters on.
// One or two letters ("ky", "xa") are too short to guess from.
const maxEdits = (len: number) => (len <= 2 ? 0 : len <= 5 ? 1 : 2);
export const MAX_EXPANSIONS_PER_WORD = 8;
const MAX_QUERY_WORDS = 12;

/**
 * The query's folded words, each expanded to the catalog words it may mean: itself, words
 * one or two edits away, and — for the last word, which the citizen may still be typing —
 * words that start with it. Each expansion is weighted by how close it is and how rare the
 * catalog word is (inverse document frequency), so "khai" outweighs "thu tuc".
 */
export function expandQuery(
  query: string,
  vocabulary: CatalogVocabulary,
): { words: string[]; expansions: WordExpansion[] } {
  const words = [...new Set(foldedWords(query))].slice(0, MAX_QUERY_WORDS);
  const expansions: WordExpansion[] = [];
  const idf = (w: string) => Math.log(1 + vocabulary.procedures / (vocabulary.wordCounts.get(w) ?? 1));
  words.forEach((q, token) => {
    const found = new Map<string, number>();
    const known = vocabulary.wordCounts.has(q);
    if (known) found.set(q, 1);
    // A word the catalog knows was meant as typed; only unknown words are corrected.
    const max = known ? 0 : maxEdits(q.length);
    for (let len = q.length - max; len <= q.length + max && max > 0; len++) {
      for (const w of vocabulary.byLength.get(len) ?? []) {
        const d = editDistance(q, w, max);
        if (d > max) continue;
        // Dropped letters ("kai" for "khai", "tuc" for "thuc") are the commonest slip when
        // typing Vietnamese without a Vietnamese keyboard: closer than a wrong letter.
        const closeness = (isSubsequence(q, w) ? 1.1 : 1) - 0.3 * d;
        found.set(w, Math.max(found.get(w) ?? 0, closeness));
      }
    }
    if (token === words.length - 1 && q.length >= 2) {
      for (const w of vocabulary.wordCounts.keys()) {
        if (w.length > q.length && w.startsWith(q)) found.set(w, Math.max(found.get(w) ?? 0, 0.8));
      }
    }
    // One rarity per query word, that of its closest reading: a guess must not outscore a
    // closer one just by being a rarer word ("kai" is "khai" before it is "lai"), nor the
    // word itself ("ho" must not count more through the rarer "hoi" it starts).
    const closest = Math.max(0, ...found.values());
    const rarity = Math.max(0, ...[...found].filter(([, c]) => c === closest).map(([w]) => idf(w)));
    [...found.entries()]
      .map(([word, closeness]) => ({ token, word, weight: closeness * rarity }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, MAX_EXPANSIONS_PER_WORD)
      .forEach((e) => expansions.push(e));
  });
  return { words, expansions };
}
