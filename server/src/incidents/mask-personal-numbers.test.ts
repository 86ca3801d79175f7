import { describe, expect, it } from "vitest";
import { maskPersonalNumbers } from "./mask-personal-numbers.js";

describe("[INCIDENTS] personal numbers are masked in public text", () => {
  it("masks mobiles in every common spelling and ID numbers, keeping the last two digits", () => {
    expect(maskPersonalNumbers("Gọi 0912345678 nhé")).toBe("Gọi ********78 nhé");
    expect(maskPersonalNumbers("sđt: 0912.345.678")).toBe("sđt: ********78");
    expect(maskPersonalNumbers("+84 912 345 678")).toBe("*********78");
    expect(maskPersonalNumbers("CCCD 001234567890, CMND 123456789")).toBe(
      "CCCD **********90, CMND *******89",
    );
  });
  it("leaves ordinary numbers alone: house numbers, dates, kilometre posts", () => {
    const text = "Km 12+300 QL4D, số nhà 125, ngày 23/11/2026, 3 hố sâu 40 cm";
    expect(maskPersonalNumbers(text)).toBe(text);
  });
});
