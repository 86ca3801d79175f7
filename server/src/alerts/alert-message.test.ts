import { describe, expect, it } from "vitest";
import { alertText, issuedAt } from "./alert-message.js";
import { parseSafetyPayload, safetyButtons, safetyPayload } from "./safety-payload.js";
import type { StoredInfo } from "./ingest-cap.js";

const info = (language: "vi" | "en", over: Partial<StoredInfo> = {}): StoredInfo => ({
  language,
  event: "Lũ quét",
  headline: language === "vi" ? "Cảnh báo lũ quét" : "Flash flood warning",
  description: language === "vi" ? "Mưa lớn." : "Heavy rain.",
  instruction: language === "vi" ? "Sơ tán ngay." : "Evacuate now.",
  senderName: "Đài KTTV tỉnh Lào Cai",
  web: null,
  urgency: "Immediate",
  severity: "Severe",
  certainty: "Likely",
  category: ["Geo"],
  responseType: ["Evacuate"],
  effective: null,
  ...over,
});
const alert = {
  id: "a1",
  msgType: "Alert",
  hazard: "flash_flood",
  riskLevel: 3,
  sent: new Date("2024-09-09T23:00:00Z"),
  infos: [info("vi"), info("en")],
};
const opts = { areaNames: ["xã Phúc Khánh"], link: "https://portal.example/miniapp/#/alerts/a1" };

describe("[ALERTS] alert message text", () => {
  it("is in the reader's language with the level's colour, the time issued in Vietnam's time, and the link", () => {
    const vi = alertText(alert, "vi", opts);
    expect(vi).toMatch(/^\[CẢNH BÁO LŨ QUÉT\] – Cấp độ rủi ro thiên tai: 3 \(da cam\)/);
    expect(vi).toContain("Khuyến cáo: Sơ tán ngay.");
    expect(vi).toContain("ban hành lúc 06:00 10/09/2024");
    expect(vi.endsWith(opts.link)).toBe(true);
    expect(alertText(alert, "en", opts)).toMatch(
      /^\[WARNING FLASH FLOOD\] – Disaster risk level: 3 \(orange\)/,
    );
    // No Chinese text in the bulletin: Chinese labels, Vietnamese content.
    expect(alertText(alert, "zh", opts)).toMatch(/^\[预警 山洪\].*\n.*\nCảnh báo lũ quét/);
  });

  it("a bulletin that gives no risk level says so instead of showing one", () => {
    const none = { ...alert, riskLevel: null };
    expect(alertText(none, "vi", opts)).toMatch(/^\[CẢNH BÁO LŨ QUÉT\] – chưa có cấp độ rủi ro\n/);
    expect(alertText(none, "en", opts)).toMatch(/^\[WARNING FLASH FLOOD\] – no risk level given\n/);
    expect(alertText(none, "vi", opts)).not.toMatch(/Cấp độ rủi ro thiên tai: \d/);
  });

  it("a very long bulletin is cut to Zalo's 2,000 characters and keeps its link", () => {
    const long = { ...alert, infos: [info("vi", { description: "Mưa rất lớn. ".repeat(400) })] };
    const text = alertText(long, "vi", opts);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.endsWith(opts.link)).toBe(true);
    expect(issuedAt(new Date("2026-01-01T17:30:00Z"))).toBe("00:30 02/01/2026");
  });

  it("safety buttons carry a payload the bot can read back; other text is not one", () => {
    const buttons = safetyButtons("a1", "en", opts.link);
    expect(buttons.map((b) => b.title)).toEqual(["I am safe", "I need help", "Details and map"]);
    expect(parseSafetyPayload(safetyPayload("a1", false))).toEqual({ alertId: "a1", safe: false });
    expect(parseSafetyPayload(" #alert-safe:a1 ")).toEqual({ alertId: "a1", safe: true });
    expect(parseSafetyPayload("#alert-safe:a1; DROP")).toBeUndefined();
    expect(parseSafetyPayload("tôi an toàn")).toBeUndefined();
  });
});
