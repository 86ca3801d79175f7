import { describe, expect, it } from "vitest";
import { foldedWords, foldVietnamese, procedureNameSearch } from "./fold.js";

describe("[PROCEDURES] folding Vietnamese", () => {
  it("drops diacritics and case, đ becomes d, spaces collapse", () => {
    expect(foldVietnamese("  Đăng ký KẾT HÔN  ")).toBe("dang ky ket hon");
    expect(foldVietnamese("Lý lịch tư pháp")).toBe("ly lich tu phap");
    // Composed (NFC) and decomposed (NFD) input fold alike: phones send either.
    expect(foldVietnamese("khai sinh".normalize("NFD"))).toBe(foldVietnamese("khai sinh".normalize("NFC")));
    expect(foldVietnamese("Hmông, Dao, Tày, Giáy")).toBe("hmong, dao, tay, giay");
  });

  it("splits words on punctuation for search and stored names", () => {
    expect(foldedWords("Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh")).toEqual([
      "cap",
      "ban",
      "sao",
      "trich",
      "luc",
      "ho",
      "tich",
      "ban",
      "sao",
      "giay",
      "khai",
      "sinh",
    ]);
    expect(procedureNameSearch("Công trình (cấp III/cấp IV)")).toBe("cong trinh cap iii cap iv");
    expect(foldedWords(" -- ")).toEqual([]);
  });
});
