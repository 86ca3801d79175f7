import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors.js";
import { validateForm } from "./validate-form.js";

const schema = {
  fields: [{ name: "childBirthDate", type: "date", label: "Ngày sinh của trẻ", required: true }],
  documents: [],
};
const problem = (v: string) => {
  try {
    validateForm(schema, { childBirthDate: v });
    return null;
  } catch (e) {
    return (e as AppError).fields?.[0]?.message ?? "?";
  }
};

describe("[DOSSIERS] dates in a filing form", () => {
  it("refuse a day that does not exist instead of rolling it over", () => {
    expect(problem("2026-02-30")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
    expect(problem("2026-04-31")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
    expect(problem("2025-02-29")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
    expect(problem("2026-13-01")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
    expect(problem("10/11/2026")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
  });

  it("accept real days, 29 February of a leap year included", () => {
    expect(problem("2024-02-29")).toBeNull();
    expect(problem("2026-11-10")).toBeNull();
  });
});
