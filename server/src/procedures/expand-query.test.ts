import { describe, expect, it } from "vitest";
import type { CatalogVocabulary } from "./catalog-vocabulary.js";
import { editDistance, expandQuery } from "./expand-query.js";

function vocabulary(counts: Record<string, number>, procedures = 100): CatalogVocabulary {
  const wordCounts = new Map(Object.entries(counts));
  const byLength = new Map<number, string[]>();
  for (const w of wordCounts.keys()) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  return { procedures, wordCounts, byLength, version: "t" };
}

const V = vocabulary({
  thu: 90,
  tuc: 90,
  dang: 40,
  ky: 45,
  khai: 8,
  sinh: 7,
  lai: 6,
  hai: 1,
  ho: 20,
  hoi: 2,
  ket: 3,
  hon: 3,
});
const words = (q: string, token: number) =>
  expandQuery(q, V)
    .expansions.filter((e) => e.token === token)
    .map((e) => e.word);

describe("[PROCEDURES] expanding a query against the catalog's words", () => {
  it("counts a transposition as one edit", () => {
    expect(editDistance("khia", "khai", 1)).toBe(1);
    expect(editDistance("dnag", "dang", 1)).toBe(1);
    expect(editDistance("kai", "khai", 1)).toBe(1);
    expect(editDistance("sinh", "tuc", 1)).toBe(2);
  });

  it("reads an unknown word as the catalog words one slip away, dropped letters first", () => {
    const e = expandQuery("kai sinh", V).expansions;
    const kai = e.filter((x) => x.token === 0).sort((a, b) => b.weight - a.weight);
    expect(kai[0]!.word).toBe("khai");
    expect(kai.map((x) => x.word)).toEqual(expect.arrayContaining(["lai", "hai"]));
    // The rarer "hai" or "lai" never outweighs the closer reading "khai".
    expect(kai.every((x) => x.weight <= kai[0]!.weight)).toBe(true);
  });

  it("keeps a known word as typed and weighs rare words above common ones", () => {
    expect(words("dang ky khai sinh", 0)).toEqual(["dang"]);
    const e = expandQuery("dang ky khai sinh", V).expansions;
    const w = (word: string) => e.find((x) => x.word === word)!.weight;
    expect(w("khai")).toBeGreaterThan(w("dang"));
  });

  it("completes the last word as typed so far, never above the word itself", () => {
    const e = expandQuery("ket ho", V).expansions.filter((x) => x.token === 1);
    expect(e.map((x) => x.word)).toEqual(expect.arrayContaining(["ho", "hoi", "hon"]));
    const ho = e.find((x) => x.word === "ho")!.weight;
    expect(e.every((x) => x.weight <= ho)).toBe(true);
  });

  it("a word nothing resembles is dropped; two letters are not guessed at", () => {
    expect(expandQuery("xyzw", V).expansions).toEqual([]);
    expect(words("kx khai", 0)).toEqual([]);
  });
});
