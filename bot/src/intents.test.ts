import { describe, expect, it } from "vitest";
import { classify, fold } from "./intents.js";

describe("[BOT] intents", () => {
  it("folds Vietnamese diacritics so unaccented typing still matches", () => {
    expect(fold("  Tra cứu  HỒ SƠ Đất ")).toBe("tra cuu ho so dat");
  });

  it("recognises a dossier code anywhere in the message", () => {
    expect(classify("hồ sơ h38.03006-261120-0012 thế nào?")).toEqual({
      kind: "dossier_lookup",
      code: "H38.03006-261120-0012",
    });
  });

  it("maps menu numbers and payloads to intents", () => {
    expect(classify("3").kind).toBe("report_incident");
    expect(classify("#menu:6").kind).toBe("talk_to_clerk");
  });

  it("understands plain Vietnamese without accents and English", () => {
    expect(classify("toi muon gap can bo").kind).toBe("talk_to_clerk");
    expect(classify("Đăng ký cảnh báo thiên tai").kind).toBe("subscribe_alerts");
    expect(classify("change language to English")).toEqual({ kind: "change_language", lang: "en" });
    expect(classify("thủ tục khai sinh")).toEqual({ kind: "procedure_search", query: "khai sinh" });
  });

  it("returns unknown for text that matches nothing", () => {
    expect(classify("asdfgh qwerty").kind).toBe("unknown");
  });
});
