// Hazards and disaster risk levels (Quyết định 18/2021/QĐ-TTg). The portal republishes the
// official level from the bulletin (Điều 41); it never computes one of its own: a bulletin
// without a level is shown as having none ("chưa có cấp độ rủi ro").

export type Lang = "vi" | "en" | "zh";

/** Điều 4 khoản 3: one colour per level (the law names colours; the hex values are ours). */
export const RISK_LEVELS = {
  1: { colour: "#87CEEB", vi: "xanh dương nhạt", en: "light blue", zh: "浅蓝色", meaningVi: "rủi ro thấp" },
  2: { colour: "#FFF3A0", vi: "vàng nhạt", en: "light yellow", zh: "浅黄色", meaningVi: "rủi ro trung bình" },
  3: { colour: "#FFA94D", vi: "da cam", en: "orange", zh: "橙色", meaningVi: "rủi ro lớn" },
  4: { colour: "#E03131", vi: "đỏ", en: "red", zh: "红色", meaningVi: "rủi ro rất lớn" },
  5: { colour: "#862E9C", vi: "tím", en: "purple", zh: "紫色", meaningVi: "rủi ro ở mức thảm họa" },
} as const;
export type RiskLevel = keyof typeof RISK_LEVELS;

/**
 * Hazards of Điều 3 that matter here, with the levels each can reach (Điều 42–56): at most
 * `maxLevel`, and for storms and tropical depressions at least 3 (Điều 42: cấp 3–5).
 */
export const HAZARDS = {
  heavy_rain: { maxLevel: 4, category: "Met", vi: "Mưa lớn", en: "Heavy rain", zh: "暴雨" },
  flood: { maxLevel: 5, category: "Met", vi: "Lũ, ngập lụt", en: "Flood", zh: "洪水" },
  flash_flood: { maxLevel: 3, category: "Geo", vi: "Lũ quét", en: "Flash flood", zh: "山洪" },
  landslide: { maxLevel: 3, category: "Geo", vi: "Sạt lở đất", en: "Landslide", zh: "山体滑坡" },
  land_subsidence: { maxLevel: 3, category: "Geo", vi: "Sụt lún đất", en: "Land subsidence", zh: "地面沉降" },
  hail_lightning: {
    maxLevel: 2,
    category: "Met",
    vi: "Lốc, sét, mưa đá",
    en: "Whirlwind, lightning, hail",
    zh: "龙卷风、雷电、冰雹",
  },
  cold_spell: {
    maxLevel: 3,
    category: "Met",
    vi: "Rét hại, sương muối",
    en: "Severe cold, frost",
    zh: "严寒、霜冻",
  },
  heat: { maxLevel: 4, category: "Met", vi: "Nắng nóng", en: "Heat wave", zh: "高温" },
  drought: { maxLevel: 4, category: "Met", vi: "Hạn hán", en: "Drought", zh: "干旱" },
  storm: {
    minLevel: 3,
    maxLevel: 5,
    category: "Met",
    vi: "Bão, áp thấp nhiệt đới",
    en: "Storm",
    zh: "台风",
  },
  forest_fire: { maxLevel: 5, category: "Fire", vi: "Cháy rừng", en: "Forest fire", zh: "森林火灾" },
  earthquake: { maxLevel: 5, category: "Geo", vi: "Động đất", en: "Earthquake", zh: "地震" },
  other: { maxLevel: 5, category: "Other", vi: "Thiên tai khác", en: "Other hazard", zh: "其他灾害" },
} as const;
export type HazardCode = keyof typeof HAZARDS;

/** The levels Decision 18/2021 gives a hazard. */
export function levelRange(hazard: HazardCode): { min: number; max: number } {
  const h: { minLevel?: number; maxLevel: number } = HAZARDS[hazard];
  return { min: h.minLevel ?? 1, max: h.maxLevel };
}
export const HAZARD_CODES = Object.keys(HAZARDS) as [HazardCode, ...HazardCode[]];

/** CAP parameters carrying what CAP itself has no element for. */
export const PARAM_HAZARD = "VN_HAZARD";
export const PARAM_RISK_LEVEL = "VN_RISK_LEVEL";
const HAZARD_PARAM_NAMES = [PARAM_HAZARD, "hazard"];
const LEVEL_PARAM_NAMES = [PARAM_RISK_LEVEL, "riskLevel", "risk_level"];

export const isHazard = (s: string): s is HazardCode => s in HAZARDS;

export function hazardOf(params: { valueName: string; value: string }[]): HazardCode {
  const v = params.find((p) => HAZARD_PARAM_NAMES.includes(p.valueName))?.value.trim() ?? "";
  return isHazard(v) ? v : "other";
}

/** The level named in the bulletin, or undefined when the sender gave none. */
export function riskLevelParam(params: { valueName: string; value: string }[]): string | undefined {
  return params.find((p) => LEVEL_PARAM_NAMES.includes(p.valueName))?.value.trim();
}

/** CAP severity that goes with a level, for consumers that only read CAP. */
export function severityFor(level: RiskLevel): "Minor" | "Moderate" | "Severe" | "Extreme" {
  return level <= 1 ? "Minor" : level === 2 ? "Moderate" : level <= 4 ? "Severe" : "Extreme";
}

/** "vi-VN" → "vi"; unknown languages count as Vietnamese. */
export function langOf(capLanguage: string): Lang {
  const l = capLanguage.toLowerCase();
  return l.startsWith("en") ? "en" : l.startsWith("zh") ? "zh" : "vi";
}

export const CAP_LANGUAGE: Record<Lang, string> = { vi: "vi-VN", en: "en-US", zh: "zh-CN" };
