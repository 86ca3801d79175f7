import { HAZARDS, RISK_LEVELS, isHazard, type Lang, type RiskLevel } from "./hazards.js";
import type { StoredInfo } from "./ingest-cap.js";

export interface AlertForMessage {
  id: string;
  msgType: string;
  hazard: string;
  riskLevel: number | null;
  sent: Date;
  infos: StoredInfo[];
}

const LABELS = {
  vi: {
    alert: "CẢNH BÁO",
    update: "CẬP NHẬT CẢNH BÁO",
    cancel: "HỦY CẢNH BÁO",
    level: "Cấp độ rủi ro thiên tai",
    noLevel: "chưa có cấp độ rủi ro",
    area: "Khu vực",
    advice: "Khuyến cáo",
    source: "Nguồn",
    issued: "ban hành lúc",
    reply: "Xem chi tiết, bản đồ và báo an toàn/cần giúp đỡ",
    cancelled: "Bản tin cảnh báo trước đây đã được hủy.",
  },
  en: {
    alert: "WARNING",
    update: "WARNING UPDATE",
    cancel: "WARNING CANCELLED",
    level: "Disaster risk level",
    noLevel: "no risk level given",
    area: "Area",
    advice: "What to do",
    source: "Source",
    issued: "issued at",
    reply: "Details, map, and tell us you are safe or need help",
    cancelled: "The earlier warning has been cancelled.",
  },
  zh: {
    alert: "预警",
    update: "预警更新",
    cancel: "预警已取消",
    level: "灾害风险等级",
    noLevel: "未给出风险等级",
    area: "地区",
    advice: "建议",
    source: "来源",
    issued: "发布时间",
    reply: "查看详情、地图，并报告平安或求助",
    cancelled: "此前的预警已取消。",
  },
} as const;

/** Time issued in Vietnam's time zone: it must be repeated when a bulletin is rebroadcast (QĐ 18/2021 Điều 36). */
export function issuedAt(d: Date): string {
  const vn = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(vn.getUTCHours())}:${p(vn.getUTCMinutes())} ${p(vn.getUTCDate())}/${p(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}

export function infoFor(infos: StoredInfo[], lang: Lang): StoredInfo | undefined {
  return infos.find((i) => i.language === lang) ?? infos.find((i) => i.language === "vi") ?? infos[0];
}

/**
 * The message a recipient gets, in their language (falling back to Vietnamese), in the
 * order of the suggested bulletin: hazard and level with its colour, areas, what happens,
 * what to do, source and time issued, and the link to answer.
 */
export function alertText(
  alert: AlertForMessage,
  lang: Lang,
  opts: { areaNames: string[]; link: string; original?: AlertForMessage },
): string {
  const L = LABELS[lang];
  const info = infoFor(alert.infos, lang) ?? (opts.original ? infoFor(opts.original.infos, lang) : undefined);
  const hazard = isHazard(alert.hazard) ? HAZARDS[alert.hazard][lang] : alert.hazard;
  const level = alert.riskLevel !== null && alert.riskLevel in RISK_LEVELS ? alert.riskLevel : null;
  const kind = alert.msgType === "Cancel" ? L.cancel : alert.msgType === "Update" ? L.update : L.alert;
  const lines = [
    `[${kind} ${hazard.toLocaleUpperCase(lang)}] – ${
      level === null ? L.noLevel : `${L.level}: ${level} (${RISK_LEVELS[level as RiskLevel][lang]})`
    }`,
  ];
  if (opts.areaNames.length) lines.push(`${L.area}: ${opts.areaNames.join(", ")}`);
  if (alert.msgType === "Cancel") lines.push(L.cancelled);
  if (info?.headline) lines.push(info.headline);
  if (info?.description) lines.push(info.description);
  if (info?.instruction) lines.push(`${L.advice}: ${info.instruction}`);
  lines.push(`${L.source}: ${info?.senderName ?? "IOC Lào Cai"} – ${L.issued} ${issuedAt(alert.sent)}`);
  const tail = `${L.reply}: ${opts.link}`;
  const body = lines.join("\n");
  // Zalo consultation messages stop at 2,000 characters; the link must survive the cut.
  const room = 2000 - tail.length - 2;
  return `${body.length > room ? `${body.slice(0, room - 1)}…` : body}\n${tail}`;
}
