import type { Lang } from "./hazards.js";

// The "Tôi an toàn" / "Tôi cần giúp đỡ" buttons under an alert message. A tap sends the
// payload back to the OA as the user's message (oa.query.hide: not shown in the chat); the
// bot recognises it with parseSafetyPayload and calls recordSafetyReply.

const PREFIX = { safe: "#alert-safe:", help: "#alert-help:" } as const;

export const safetyPayload = (alertId: string, safe: boolean) =>
  `${safe ? PREFIX.safe : PREFIX.help}${alertId}`;

/** `{alertId, safe}` when the text is one of our safety payloads, else undefined. */
export function parseSafetyPayload(text: string): { alertId: string; safe: boolean } | undefined {
  const m = /^#alert-(safe|help):([A-Za-z0-9_-]{1,64})$/.exec(text.trim());
  return m?.[1] && m[2] ? { alertId: m[2], safe: m[1] === "safe" } : undefined;
}

const TITLES: Record<Lang, { safe: string; help: string; open: string }> = {
  vi: { safe: "Tôi an toàn", help: "Tôi cần giúp đỡ", open: "Xem chi tiết, bản đồ" },
  en: { safe: "I am safe", help: "I need help", open: "Details and map" },
  zh: { safe: "我平安", help: "我需要帮助", open: "查看详情和地图" },
};

/** The buttons of an alert message in one language (the send job's `buttons` parameter). */
export function safetyButtons(alertId: string, lang: Lang, link: string) {
  const t = TITLES[lang];
  return [
    { title: t.safe, type: "oa.query.hide" as const, payload: safetyPayload(alertId, true) },
    { title: t.help, type: "oa.query.hide" as const, payload: safetyPayload(alertId, false) },
    { title: t.open, type: "oa.open.url" as const, payload: { url: link } },
  ];
}
