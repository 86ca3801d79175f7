import { describe, expect, it } from "vitest";
import { classify, fold } from "./intents.js";
import { MENU_ITEMS } from "./replies.js";

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

  it("understands Simplified Chinese for every menu intent", () => {
    expect(classify("菜单").kind).toBe("menu");
    expect(classify("你好").kind).toBe("menu");
    expect(classify("帮助").kind).toBe("menu");
    expect(classify("查询档案")).toEqual({ kind: "dossier_lookup", code: null });
    expect(classify("我想查一下申请进度").kind).toBe("dossier_lookup");
    expect(classify("查询申请 H38.03006-261120-0012")).toEqual({
      kind: "dossier_lookup",
      code: "H38.03006-261120-0012",
    });
    expect(classify("办事程序")).toEqual({ kind: "procedure_search", query: null });
    expect(classify("查找办事指南")).toEqual({ kind: "procedure_search", query: null });
    expect(classify("手续 khai sinh")).toEqual({ kind: "procedure_search", query: "khai sinh" });
    expect(classify("报告事故").kind).toBe("report_incident");
    expect(classify("这里发生了事故").kind).toBe("report_incident");
    expect(classify("订阅灾害预警").kind).toBe("subscribe_alerts");
    expect(classify("警报").kind).toBe("subscribe_alerts");
    expect(classify("取消预警").kind).toBe("unsubscribe_alerts");
    expect(classify("停止接收警报").kind).toBe("unsubscribe_alerts");
    expect(classify("人工客服").kind).toBe("talk_to_clerk");
    expect(classify("我要找工作人员").kind).toBe("talk_to_clerk");
    expect(classify("消息设置").kind).toBe("settings");
  });

  it("understands each menu entry typed out, in every language", () => {
    const kinds = ["dossier_lookup", "procedure_search", "report_incident", "subscribe_alerts"];
    for (const l of ["vi", "en", "zh"] as const) {
      expect(MENU_ITEMS.map((m) => classify(m[l]).kind)).toEqual([
        ...kinds,
        "change_language",
        "talk_to_clerk",
        "settings",
      ]);
    }
    expect(classify("查找行政手续")).toEqual({ kind: "procedure_search", query: null });
  });

  it("takes Chinese as a language, named in Chinese, English or Vietnamese", () => {
    expect(classify("中文")).toEqual({ kind: "change_language", lang: "zh" });
    expect(classify("切换到简体中文")).toEqual({ kind: "change_language", lang: "zh" });
    expect(classify("Chinese")).toEqual({ kind: "change_language", lang: "zh" });
    expect(classify("đổi sang tiếng Trung")).toEqual({ kind: "change_language", lang: "zh" });
    expect(classify("切换语言")).toEqual({ kind: "change_language", lang: null });
    expect(classify("改成英语")).toEqual({ kind: "change_language", lang: "en" });
    expect(classify("越南语")).toEqual({ kind: "change_language", lang: "vi" });
  });

  it("reads full-width digits from a Chinese keyboard as menu numbers", () => {
    expect(classify("６").kind).toBe("talk_to_clerk");
  });

  it("returns unknown for text that matches nothing", () => {
    expect(classify("asdfgh qwerty").kind).toBe("unknown");
    expect(classify("谢谢你们").kind).toBe("unknown");
  });
});
