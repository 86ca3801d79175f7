import { describe, expect, it } from "vitest";
import { feeLinesFor, totalOf } from "./fee-lines.js";

const perCopy = [{ label: "Phí chứng thực", amountVnd: 2000, per: "copy", exemptGroups: [] }];
const fixed = [
  { label: "Lệ phí", amountVnd: 50000, per: "dossier", exemptGroups: ["poor_household", "disabled"] },
];

describe("[PAYMENTS] fee lines from a procedure's fee schedule", () => {
  it("charges per copy", () => {
    expect(totalOf(feeLinesFor(perCopy, { copies: 5 }))).toBe(10000);
  });
  it("charges a fixed fee once whatever the copies", () => {
    expect(totalOf(feeLinesFor(fixed, { copies: 3 }))).toBe(50000);
  });
  it("shows an exempted line but charges nothing for it", () => {
    const lines = feeLinesFor(fixed, { exemptGroup: "poor_household" });
    expect(lines).toEqual([
      // The line names the group claimed, for the clerk to check at reception.
      { label: "Lệ phí — miễn: Hộ nghèo (công dân kê khai)", amountVnd: 50000, quantity: 1, exempt: true },
    ]);
    expect(totalOf(lines)).toBe(0);
  });
  it("a free procedure has no lines", () => {
    expect(feeLinesFor([], {})).toEqual([]);
  });
});
