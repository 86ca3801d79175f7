// Message templates per kind and language. Vietnamese is the reference text; English and
// Chinese fall back to Vietnamese where a key is missing so a citizen is never left
// without a message.
type Lang = "vi" | "en" | "zh";
type Render = (p: Record<string, string>) => string;

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
  dossier_status: {
    vi: (p) =>
      `Hồ sơ ${p.code}: ${p.statusText}.${p.note ? ` ${p.note}` : ""}${p.link ? ` Xem: ${p.link}` : ""}`,
    en: (p) =>
      `Dossier ${p.code}: ${p.statusText}.${p.note ? ` ${p.note}` : ""}${p.link ? ` View: ${p.link}` : ""}`,
  },
  dossier_received: {
    vi: (p) =>
      `Hồ sơ ${p.code} (${p.procedure}) đã được gửi tới ${p.agency}. Ngày hẹn trả kết quả: ${p.appointment}. Theo dõi trong mục "Hồ sơ của tôi".`,
    en: (p) =>
      `Dossier ${p.code} (${p.procedure}) was sent to ${p.agency}. Result expected on ${p.appointment}. Follow it in "My dossiers".`,
  },
  payment: {
    vi: (p) => `Đã nhận thanh toán ${p.amount} cho hồ sơ ${p.code}. Biên lai: ${p.receiptUrl ?? ""}`,
    en: (p) => `Payment of ${p.amount} received for dossier ${p.code}. Receipt: ${p.receiptUrl ?? ""}`,
  },
  incident_status: {
    vi: (p) =>
      `Phản ánh ${p.publicId}: ${p.statusText}.${p.note ? ` ${p.note}` : ""}${p.link ? ` Xem: ${p.link}` : ""}`,
    en: (p) =>
      `Report ${p.publicId}: ${p.statusText}.${p.note ? ` ${p.note}` : ""}${p.link ? ` View: ${p.link}` : ""}`,
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
