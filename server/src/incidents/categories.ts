// What a citizen can report, who answers it and how fast (FixMyStreet-style categories).
// `agency` is either the commune committee of the place reported, or a provincial department
// by its code (prisma/seed.ts). The category key is also the Open311 service_code.

export interface IncidentCategory {
  key: string;
  names: { vi: string; en: string; zh: string };
  /** Where it goes: the commune committee of the location, or a department's agency code. */
  agency: "commune" | `H38.${string}`;
  /** Hours the responsible body has to act (shown to the citizen as "dự kiến xử lý"). */
  slaHours: number;
  /** Higher first in the operators' queue. */
  priority: number;
  icon: string;
}

export const INCIDENT_CATEGORIES = [
  {
    key: "roads_bridges",
    names: { vi: "Đường, cầu hư hỏng", en: "Roads and bridges", zh: "道路桥梁损坏" },
    agency: "H38.05",
    slaHours: 72,
    priority: 1,
    icon: "🛣️",
  },
  {
    key: "landslide",
    names: { vi: "Sạt lở đất", en: "Landslide", zh: "山体滑坡" },
    agency: "commune",
    slaHours: 12,
    priority: 3,
    icon: "⛰️",
  },
  {
    key: "flooding",
    names: { vi: "Ngập úng, tắc cống", en: "Flooding and blocked drains", zh: "积水、排水堵塞" },
    agency: "commune",
    slaHours: 24,
    priority: 2,
    icon: "🌊",
  },
  {
    key: "waste",
    names: { vi: "Rác thải", en: "Waste and rubbish", zh: "垃圾" },
    agency: "commune",
    slaHours: 48,
    priority: 0,
    icon: "🗑️",
  },
  {
    key: "pollution",
    names: { vi: "Ô nhiễm môi trường", en: "Pollution", zh: "环境污染" },
    agency: "H38.04",
    slaHours: 72,
    priority: 1,
    icon: "🏭",
  },
  {
    key: "street_lighting",
    names: { vi: "Đèn chiếu sáng", en: "Street lighting", zh: "路灯" },
    agency: "commune",
    slaHours: 72,
    priority: 0,
    icon: "💡",
  },
  {
    key: "trees",
    names: { vi: "Cây xanh gãy đổ", en: "Trees", zh: "树木倒伏" },
    agency: "commune",
    slaHours: 48,
    priority: 1,
    icon: "🌳",
  },
  {
    key: "forest_fire",
    names: { vi: "Cháy rừng, khói", en: "Forest fire or smoke", zh: "森林火灾、烟雾" },
    agency: "H38.04",
    slaHours: 2,
    priority: 3,
    icon: "🔥",
  },
  {
    key: "public_order",
    names: { vi: "An ninh trật tự", en: "Public order", zh: "治安秩序" },
    agency: "H38.02",
    slaHours: 24,
    priority: 2,
    icon: "🚨",
  },
  {
    key: "other",
    names: { vi: "Vấn đề khác", en: "Other", zh: "其他" },
    agency: "commune",
    slaHours: 120,
    priority: 0,
    icon: "📌",
  },
] as const satisfies readonly IncidentCategory[];

export type IncidentCategoryKey = (typeof INCIDENT_CATEGORIES)[number]["key"];
export const CATEGORY_KEYS = INCIDENT_CATEGORIES.map((c) => c.key) as [
  IncidentCategoryKey,
  ...IncidentCategoryKey[],
];

const byKey = new Map<string, IncidentCategory>(INCIDENT_CATEGORIES.map((c) => [c.key, c]));

export function categoryOf(key: string): IncidentCategory | undefined {
  return byKey.get(key);
}

export function categoryName(key: string, lang: "vi" | "en" | "zh" = "vi"): string {
  return byKey.get(key)?.names[lang] ?? key;
}
