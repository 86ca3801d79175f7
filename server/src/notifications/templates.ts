// Message templates per kind and language. Vietnamese is the reference text; English and
// Chinese fall back to Vietnamese where a key is missing so a citizen is never left
// without a message.
import { STATUS_TEXT as DOSSIER_STATUS_TEXT } from "../dossiers/dossier-status.js";
import { categoryName } from "../incidents/categories.js";
import { STATUS_TEXT as INCIDENT_STATUS_TEXT } from "../incidents/incident-status.js";
import type { DossierStatus, IncidentStatus } from "../platform/db.js";

type Lang = "vi" | "en" | "zh";
type Render = (p: Record<string, string>) => string;

const dossierStatus = (p: Record<string, string>, l: Lang) =>
  p.status && p.status in DOSSIER_STATUS_TEXT
    ? DOSSIER_STATUS_TEXT[p.status as DossierStatus][l].toLowerCase()
    : (p.statusText ?? "");
const incidentStatus = (p: Record<string, string>, l: Lang) =>
  p.status && p.status in INCIDENT_STATUS_TEXT
    ? INCIDENT_STATUS_TEXT[p.status as IncidentStatus][l]
    : (p.statusText ?? "");

const TEMPLATES: Record<string, Partial<Record<Lang, Render>> & { vi: Render }> = {
  test_message: {
    vi: (p) => `Cổng hành chính công Lào Cai: ${p.text ?? "tin nhắn thử"}`,
    en: (p) => `Lào Cai Public Administration Portal: ${p.text ?? "test message"}`,
    zh: (p) => `老街省公共行政门户：${p.text ?? "测试消息"}`,
  },
  welcome: {
    vi: () =>
      "Chào mừng bạn đến với Cổng hành chính công Lào Cai! Bạn có thể tra cứu hồ sơ, tìm thủ tục, gửi phản ánh hiện trường và nhận cảnh báo thiên tai ngay trên Zalo.",
    en: () =>
      "Welcome to the Lào Cai Public Administration Portal! Look up dossiers, find procedures, report incidents and receive disaster alerts right here on Zalo.",
    zh: () =>
      "欢迎使用老街省公共行政门户！您可以在Zalo上查询档案、查找办事程序、报告现场问题并接收灾害预警。",
  },
  // Statuses travel as keys (`status`) and are worded in the reader's language here; older
  // messages carry a Vietnamese `statusText`, still honoured.
  dossier_status: {
    vi: (p) =>
      `Hồ sơ ${p.code}: ${dossierStatus(p, "vi")}.${p.note ? ` ${p.note}` : ""}${p.link ? ` Xem: ${p.link}` : ""}`,
    en: (p) =>
      `Dossier ${p.code}: ${dossierStatus(p, "en")}.${p.note ? ` ${p.note}` : ""}${p.link ? ` View: ${p.link}` : ""}`,
    zh: (p) =>
      `申请 ${p.code}：${dossierStatus(p, "zh")}。${p.note ? `${p.note} ` : ""}${p.link ? `查看：${p.link}` : ""}`,
  },
  dossier_received: {
    vi: (p) =>
      `Hồ sơ ${p.code} (${p.procedure}) đã được gửi tới ${p.agency}. Ngày hẹn trả kết quả: ${p.appointment}. Theo dõi trong mục "Hồ sơ của tôi".`,
    en: (p) =>
      `Dossier ${p.code} (${p.procedure}) was sent to ${p.agency}. Result expected on ${p.appointment}. Follow it in "My dossiers".`,
    zh: (p) =>
      `申请 ${p.code}（${p.procedure}）已提交至 ${p.agency}。预约取件日期：${p.appointment}。可在“我的申请”中查看进度。`,
  },
  payment: {
    vi: (p) => `Đã nhận thanh toán ${p.amount} cho hồ sơ ${p.code}. Biên lai: ${p.receiptUrl ?? ""}`,
    en: (p) => `Payment of ${p.amount} received for dossier ${p.code}. Receipt: ${p.receiptUrl ?? ""}`,
    zh: (p) => `已收到申请 ${p.code} 的缴费 ${p.amount}。收据：${p.receiptUrl ?? ""}`,
  },
  incident_status: {
    vi: (p) =>
      `Phản ánh ${p.publicId}: ${incidentStatus(p, "vi")}.${p.note ? ` ${p.note}` : ""}${p.link ? ` Xem: ${p.link}` : ""}`,
    en: (p) =>
      `Report ${p.publicId}: ${incidentStatus(p, "en")}.${p.note ? ` ${p.note}` : ""}${p.link ? ` View: ${p.link}` : ""}`,
    zh: (p) =>
      `报告 ${p.publicId}：${incidentStatus(p, "zh")}。${p.note ? `${p.note} ` : ""}${p.link ? `查看：${p.link}` : ""}`,
  },
  incident_received: {
    vi: (p) =>
      `Đã nhận phản ánh ${p.publicId}: ${categoryName(p.category ?? "", "vi")} tại ${p.commune} đã được chuyển tới ${p.agency ?? "Trung tâm IOC"}. Theo dõi trong mục "Phản ánh của tôi".${p.link ? ` Xem: ${p.link}` : ""}`,
    en: (p) =>
      `Report ${p.publicId} received: ${categoryName(p.category ?? "", "en")} in ${p.commune} has been passed to ${p.agency ?? "the IOC"}. Follow it in "My reports".${p.link ? ` View: ${p.link}` : ""}`,
    zh: (p) =>
      `已收到报告 ${p.publicId}：${p.commune} 的“${categoryName(p.category ?? "", "zh")}”已转交 ${p.agency ?? "智慧运营中心"}。可在“我的报告”中查看。${p.link ? `查看：${p.link}` : ""}`,
  },
  alert: {
    vi: (p) => p.text ?? "",
    en: (p) => p.text ?? "",
    zh: (p) => p.text ?? "",
  },
  bot_reply: {
    vi: (p) => p.text ?? "",
  },
};

export function renderTemplate(template: string, language: Lang, params: Record<string, string>): string {
  const t = TEMPLATES[template];
  if (!t) throw new Error(`unknown template ${template}`);
  return (t[language] ?? t.vi)(params);
}

export function hasTemplate(template: string): boolean {
  return template in TEMPLATES;
}
