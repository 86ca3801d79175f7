import { describe, expect, it } from "vitest";
import {
  PREF_KINDS,
  isCancel,
  isConfirm,
  isMenu,
  isSkip,
  parseLanguage,
  parsePrefCommand,
  pickNumber,
} from "./commands.js";
import { classify } from "./intents.js";
import { R } from "./replies.js";

describe("[BOT] short answers inside a step", () => {
  it("understands cancel, skip and confirm with or without diacritics, and in English", () => {
    expect(["huỷ", "Hủy", "huy", "Cancel"].every(isCancel)).toBe(true);
    expect(["Bỏ qua", "bo qua", "skip"].every(isSkip)).toBe(true);
    expect(["gửi", "GUI", "đồng ý", "send"].every(isConfirm)).toBe(true);
    expect(isConfirm("gửi ảnh sau")).toBe(false);
  });

  it("understands the same short answers in Chinese", () => {
    expect(["取消", "算了"].every(isCancel)).toBe(true);
    expect(["跳过", "没有", "不用了"].every(isSkip)).toBe(true);
    expect(["发送", "确认", "好的。", "提交"].every(isConfirm)).toBe(true);
    expect(["菜单", "返回"].every(isMenu)).toBe(true);
    expect(isConfirm("发送照片")).toBe(false);
    expect(isCancel("取消预警")).toBe(false);
    // The reply buttons' payloads are understood by the step they answer.
    expect(isSkip(R.askPhoto("zh").buttons![0]!.payload)).toBe(true);
    const [send, cancel] = R.confirmIncident("zh", {
      category: "垃圾",
      description: "x",
      hasPhoto: false,
    }).buttons!;
    expect(isConfirm(send!.payload)).toBe(true);
    expect(isCancel(cancel!.payload)).toBe(true);
  });

  it("picks a number from typed text or a button payload, within the list", () => {
    expect(pickNumber("2", 9)).toBe(2);
    expect(pickNumber("#menu:3", 9)).toBe(3);
    expect(pickNumber("3.", 9)).toBe(3);
    expect(pickNumber("10", 9)).toBeNull();
    expect(pickNumber("0", 9)).toBeNull();
    expect(pickNumber("hai", 9)).toBeNull();
  });

  it("reads a language choice", () => {
    expect(parseLanguage("Tiếng Việt")).toBe("vi");
    expect(parseLanguage("english")).toBe("en");
    expect(parseLanguage("2")).toBe("en");
    expect(parseLanguage("français")).toBeNull();
  });

  it("reads Chinese as a third language choice, typed, numbered or tapped", () => {
    expect(parseLanguage("中文")).toBe("zh");
    expect(parseLanguage("3")).toBe("zh");
    expect(parseLanguage("Chinese")).toBe("zh");
    expect(parseLanguage("tiếng Trung")).toBe("zh");
    expect(parseLanguage("英语")).toBe("en");
    expect(parseLanguage("越南语")).toBe("vi");
    expect(R.askLanguage().buttons!.map((b) => parseLanguage(b.payload))).toEqual(["vi", "en", "zh"]);
    expect(R.askLanguage().text).toContain("3. 中文");
  });

  it("picks full-width digits typed on a Chinese keyboard", () => {
    expect(pickNumber("３", 9)).toBe(3);
  });

  it("reads preference commands; alerts cannot be switched off", () => {
    expect(parsePrefCommand("tắt thanh toán")).toEqual({ kind: "set", key: "payment", on: false });
    expect(parsePrefCommand("bat ho so")).toEqual({ kind: "set", key: "dossier_status", on: true });
    expect(parsePrefCommand("off news")).toEqual({ kind: "set", key: "news", on: false });
    expect(parsePrefCommand("yên tĩnh 22-6")).toEqual({ kind: "quiet", from: 1320, to: 360 });
    expect(parsePrefCommand("quiet 21:30 - 6:15")).toEqual({ kind: "quiet", from: 1290, to: 375 });
    expect(parsePrefCommand("tắt yên tĩnh")).toEqual({ kind: "quiet_off" });
    expect(parsePrefCommand("tắt cảnh báo")).toEqual({ kind: "alerts_always_on" });
    expect(parsePrefCommand("yên tĩnh 25-6")).toBeNull();
    expect(parsePrefCommand("tắt đèn")).toBeNull();
  });

  it("reads preference commands in Chinese", () => {
    expect(parsePrefCommand("关闭缴费")).toEqual({ kind: "set", key: "payment", on: false });
    expect(parsePrefCommand("关闭付款通知")).toEqual({ kind: "set", key: "payment", on: false });
    expect(parsePrefCommand("开启申请进度")).toEqual({ kind: "set", key: "dossier_status", on: true });
    expect(parsePrefCommand("打开新闻")).toEqual({ kind: "set", key: "news", on: true });
    expect(parsePrefCommand("关闭问题处理结果")).toEqual({ kind: "set", key: "incident_status", on: false });
    expect(parsePrefCommand("免打扰 22-6")).toEqual({ kind: "quiet", from: 1320, to: 360 });
    expect(parsePrefCommand("免打扰22点30到6点")).toEqual({ kind: "quiet", from: 1350, to: 360 });
    expect(parsePrefCommand("免打扰 21：30－6：15")).toEqual({ kind: "quiet", from: 1290, to: 375 });
    expect(parsePrefCommand("关闭免打扰")).toEqual({ kind: "quiet_off" });
    expect(parsePrefCommand("关闭预警")).toEqual({ kind: "alerts_always_on" });
    expect(parsePrefCommand("关闭灯")).toBeNull();
  });

  it("names every message kind in Chinese", () => {
    expect(PREF_KINDS.every((k) => k.zh.length > 0 && k.words.test(k.zh))).toBe(true);
  });
});

describe("[BOT] intents added for the conversation", () => {
  it("settings and stopping alerts, by number or words", () => {
    expect(classify("7").kind).toBe("settings");
    expect(classify("cài đặt").kind).toBe("settings");
    expect(classify("huỷ cảnh báo").kind).toBe("unsubscribe_alerts");
    expect(classify("stop alerts").kind).toBe("unsubscribe_alerts");
    // Subscribing is still subscribing.
    expect(classify("đăng ký cảnh báo").kind).toBe("subscribe_alerts");
  });

  it("a language named in the request is taken, otherwise asked", () => {
    expect(classify("đổi ngôn ngữ tiếng Anh")).toEqual({ kind: "change_language", lang: "en" });
    expect(classify("doi ngon ngu tieng viet")).toEqual({ kind: "change_language", lang: "vi" });
    expect(classify("ngôn ngữ")).toEqual({ kind: "change_language", lang: null });
    expect(classify("语言 中文")).toEqual({ kind: "change_language", lang: "zh" });
  });
});
