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

  it.each([
    ["glued to a word before", "sđt0912345678", "sđt********78"],
    ["glued to a word after", "0912345678xin cảm ơn", "********78xin cảm ơn"],
    ["area code in brackets", "gọi (0912) 345 678", "gọi ********78"],
    ["two spaces", "0912  345 678", "********78"],
    ["en dashes", "0912–345–678", "********78"],
    ["slashes", "0912/345/678", "********78"],
    ["underscores", "0912_345_678", "********78"],
    ["full-width digits", "ĐT ０９１２３４５６７８", "ĐT ********78"],
    ["84 without the plus", "zalo 84912345678", "zalo *********78"],
    ["+84 (0) …", "+84 (0) 912 345 678", "**********78"],
    ["a landline of Lào Cai", "UBND xã: 0214 3840 123", "UBND xã: *********23"],
    ["two phones in a row", "0912345678 0987654321", "********78 ********21"],
    ["a CCCD in groups", "CCCD 001 234 567 890", "CCCD **********90"],
    ["a CMND said to be one", "CMND 123.456.789", "CMND *******89"],
  ])("masks %s", (_why, text, masked) => {
    expect(maskPersonalNumbers(text)).toBe(masked);
  });

  it("leaves ordinary numbers alone: house numbers, dates, kilometre posts", () => {
    const text = "Km 12+300 QL4D, số nhà 125, ngày 23/11/2026, 3 hố sâu 40 cm";
    expect(maskPersonalNumbers(text)).toBe(text);
  });

  it.each([
    ["years in a row", "Ngập năm 2024 2025 2026 đều ở đây"],
    ["a date and a time", "từ 01/12/2026 08.30 đến 02-12-2026"],
    ["an amount with dots", "thiệt hại 150.000.000 đồng"],
    ["an amount with a currency", "đã đóng 150000000đ tiền điện"],
    ["an amount without a unit", "ước tính 1.500.000.000"],
    ["a national hotline", "tổng đài 1800 599 920"],
  ])("does not mask %s", (_why, text) => {
    expect(maskPersonalNumbers(text)).toBe(text);
  });
});
