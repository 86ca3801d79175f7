import { describe, expect, it } from "vitest";
import { renderTemplate } from "./templates.js";

describe("[NOTIFICATIONS] messages in the reader's language", () => {
  it("words a dossier's or a report's status in each language, from the status key", () => {
    const dossier = {
      code: "H38.03006-261123-0001",
      status: "supplement_requested",
      note: "Thiếu giấy chứng sinh",
    };
    expect(renderTemplate("dossier_status", "vi", dossier)).toContain("cần bổ sung hồ sơ");
    expect(renderTemplate("dossier_status", "en", dossier)).toContain("more documents needed");
    expect(renderTemplate("dossier_status", "zh", dossier)).toContain("需补充材料");
    const report = { publicId: "PA-ABCD1234", status: "fixed" };
    expect(renderTemplate("incident_status", "en", report)).toBe("Report PA-ABCD1234: Fixed.");
    expect(renderTemplate("incident_status", "zh", report)).toContain("已修复");
  });

  it("still sends messages queued before statuses became keys (Vietnamese statusText)", () => {
    expect(renderTemplate("incident_status", "en", { publicId: "PA-1", statusText: "Đang xử lý" })).toBe(
      "Report PA-1: Đang xử lý.",
    );
  });

  it("tells a tourist in Chinese where their report went", () => {
    const text = renderTemplate("incident_received", "zh", {
      publicId: "PA-XY",
      category: "landslide",
      commune: "Sa Pa",
      agency: "UBND phường Sa Pa",
    });
    expect(text).toContain("山体滑坡");
    expect(text).toContain("Sa Pa");
  });
});
