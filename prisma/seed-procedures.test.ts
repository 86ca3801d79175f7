import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildProcedureSeed, citizenText } from "./seed-procedures.js";

describe("[PROCEDURES] the texts a citizen reads on a procedure page", () => {
  it("lose the research data's source annotations but keep the rule", () => {
    expect(citizenText("03 ngày làm việc (DVC: 3; Luật Hộ tịch Đ.25); cần xác minh kéo dài thêm.")).toBe(
      "03 ngày làm việc; cần xác minh kéo dài thêm.",
    );
    expect(
      citizenText(
        "Miễn lệ phí đúng hạn (Luật Hộ tịch 2014 Đ.11 — knowledge) và cho hộ nghèo; DVC ghi 'Miễn phí' cho cả 3 kênh. Bản sao: 8.000 đ/bản.",
      ),
    ).toBe("Miễn lệ phí đúng hạn và cho hộ nghèo. Bản sao: 8.000 đ/bản.");
    // A legal reference that is not an annotation stays.
    expect(citizenText("Tối đa 03 ngày làm việc (Luật Hộ tịch Đ.34).")).toBe(
      "Tối đa 03 ngày làm việc (Luật Hộ tịch Đ.34).",
    );
  });

  it("no seeded procedure shows an annotation", () => {
    const raw = JSON.parse(readFileSync(new URL("./data/procedures.json", import.meta.url), "utf8"));
    const seed = buildProcedureSeed(raw);
    expect(seed.length).toBeGreaterThan(30);
    for (const p of seed) expect(`${p.processingNote} ${p.feeNote}`).not.toMatch(/DVC|knowledge/);
  });
});
