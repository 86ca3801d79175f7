import { describe, expect, it } from "vitest";
import { isCancel, isConfirm, isSkip, parseLanguage, parsePrefCommand, pickNumber } from "./commands.js";
import { classify } from "./intents.js";

describe("[BOT] short answers inside a step", () => {
  it("understands cancel, skip and confirm with or without diacritics, and in English", () => {
    expect(["huỷ", "Hủy", "huy", "Cancel"].every(isCancel)).toBe(true);
    expect(["Bỏ qua", "bo qua", "skip"].every(isSkip)).toBe(true);
    expect(["gửi", "GUI", "đồng ý", "send"].every(isConfirm)).toBe(true);
    expect(isConfirm("gửi ảnh sau")).toBe(false);
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
  });
});
