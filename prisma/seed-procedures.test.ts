import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { editableFormSchema } from "../server/src/procedures/procedure.schema.js";
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

describe("[PROCEDURES] processing times read from the research data", () => {
  const raw = JSON.parse(readFileSync(new URL("./data/procedures.json", import.meta.url), "utf8"));
  const seed = new Map(buildProcedureSeed(raw).map((p) => [p.nationalCode, p]));
  const time = (code: string) => {
    const p = seed.get(code)!;
    return { days: p.processingDays, unit: p.processingUnit };
  };

  it("the summary's statement wins over a DVC column that is empty, bare or another channel's", () => {
    // "Không quá 02 ngày làm việc" (NĐ 23/2015 Đ.37), DVC column "Không có thông tin".
    expect(time("2.001035")).toEqual({ days: 2, unit: "working_days" });
    expect(time("2.001406")).toEqual({ days: 2, unit: "working_days" });
    // "Tối đa không quá 20 ngày làm việc", DVC column "20 Ngày".
    expect(time("2.000986")).toEqual({ days: 20, unit: "working_days" });
    // "03 ngày làm việc" in the summary; DVC column empty / "1".
    expect(time("1.001612")).toEqual({ days: 3, unit: "working_days" });
    expect(time("2.000720")).toEqual({ days: 3, unit: "working_days" });
  });

  it("keeps same-day procedures, calendar days and a later clause's exception as they were", () => {
    expect(time("1.001193")).toEqual({ days: 0, unit: "working_days" }); // ngay trong ngày
    expect(time("2.000815")).toEqual({ days: 0, unit: "working_days" });
    expect(time("3.000333")).toEqual({ days: 10, unit: "calendar_days" }); // "10 ngày"
    // "Ngay sau khi nhận đủ giấy tờ (DVC: 1); nếu cần xác minh … 05 ngày làm việc": not 5.
    expect(time("1.000894")).toEqual({ days: 1, unit: "working_days" });
    // Online channel first: 17 working days, not the 27 of the in-person channel.
    expect(time("1.013978")).toEqual({ days: 17, unit: "working_days" });
  });
});

describe("[PROCEDURES] filing forms and content seeded from the research data", () => {
  const raw = JSON.parse(readFileSync(new URL("./data/procedures.json", import.meta.url), "utf8"));
  const seed = buildProcedureSeed(raw);
  const generic = seed.find((p) => p.nationalCode === "1.001612")!.formSchema;

  it("every hộ tịch and cư trú procedure has its own form, valid for the console's editor", () => {
    const own = seed.filter((p) => p.field === "Hộ tịch" || p.field === "Đăng ký, quản lý cư trú");
    expect(own.length).toBe(19);
    for (const p of own) {
      expect(JSON.stringify(p.formSchema), p.nationalCode).not.toBe(JSON.stringify(generic));
      const r = editableFormSchema.safeParse(p.formSchema);
      expect(r.success, `${p.nationalCode}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
    }
    const names = (code: string) =>
      (seed.find((p) => p.nationalCode === code)!.formSchema as { fields: { name: string }[] }).fields.map(
        (f) => f.name,
      );
    // Khai báo tạm vắng asks what the DVC record lists: reason, period, destination.
    expect(names("1.003677")).toEqual(
      expect.arrayContaining(["absenceReason", "absenceFrom", "absenceTo", "destination"]),
    );
    // Khai tử needs the death notice.
    const death = seed.find((p) => p.nationalCode === "1.000656")!.formSchema as {
      documents: { key: string; required: boolean }[];
    };
    expect(death.documents).toContainEqual(expect.objectContaining({ key: "death_notice", required: true }));
  });

  it("who may file only where the data says it; purpose nowhere (the data has none)", () => {
    const withEligibility = seed.filter((p) => p.eligibility).map((p) => p.nationalCode);
    expect(withEligibility.sort()).toEqual(["1.013978", "1.014061", "2.000986", "3.000333"]);
    expect(seed.find((p) => p.nationalCode === "1.014061")!.eligibility).toBe("Người từ đủ 14 tuổi trở lên.");
    expect(seed.every((p) => p.purpose === null)).toBe(true);
  });
});
