import { describe, expect, it } from "vitest";
import { vndInWords } from "./vnd-in-words.js";

describe("[PAYMENTS] amounts in Vietnamese words on receipts", () => {
  it.each([
    [8000, "Tám nghìn đồng"],
    [15000, "Mười lăm nghìn đồng"],
    [21000, "Hai mươi mốt nghìn đồng"],
    [105000, "Một trăm lẻ năm nghìn đồng"],
    [1250000, "Một triệu hai trăm năm mươi nghìn đồng"],
    [1005000, "Một triệu không trăm lẻ năm nghìn đồng"],
    [24000, "Hai mươi tư nghìn đồng"],
    [100000000, "Một trăm triệu đồng"],
    [2000000015, "Hai tỷ không trăm mười lăm đồng"],
  ])("%i → %s", (n, words) => {
    expect(vndInWords(n)).toBe(words);
  });
});
