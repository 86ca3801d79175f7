// Short answers inside a conversation step ("huỷ", "bỏ qua", "gửi", a number, a
// preference command), in Vietnamese with or without diacritics, English and Simplified
// Chinese. Pure.
import { fold as foldVi, type Lang } from "./intents.js";

/**
 * The portal's folding after NFKC (a Chinese keyboard's full-width "３", "：", "－" become
 * ASCII), without the full stop or exclamation mark a short answer may end with ("好的。").
 */
const fold = (text: string) =>
  foldVi(text.normalize("NFKC"))
    .replace(/[。.!！]+$/, "")
    .trim();

const CANCEL = /^(huy|huy bo|thoi|dung|cancel|stop|quit|exit|取消|算了|不要了|退出)$/;
const SKIP = /^(bo qua|khong co|khong|skip|no|none|next|跳过|没有|没有照片|不用|不用了)$/;
const CONFIRM =
  /^(gui|gui di|dong y|xac nhan|co|ok|send|yes|confirm|submit|发送|提交|确认|确定|是|是的|好|好的|同意)$/;
const MENU = /^(menu|#menu|quay lai|back|trang chu|home|菜单|主菜单|返回|主页)$/;

export const isCancel = (text: string) => CANCEL.test(fold(text));
export const isSkip = (text: string) => SKIP.test(fold(text));
export const isConfirm = (text: string) => CONFIRM.test(fold(text));
export const isMenu = (text: string) => MENU.test(fold(text));

/** A number typed or tapped (1-based), or null. */
export function pickNumber(text: string, max: number): number | null {
  const m = /^#?(?:\w+:)?(\d{1,2})\.?$/.exec(foldVi(text.normalize("NFKC")));
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
}

export function parseLanguage(text: string): Lang | null {
  const f = fold(text);
  if (/^(1|vi|tieng viet|viet|vietnamese|越南语|越南文)$/.test(f)) return "vi";
  if (/^(2|en|english|tieng anh|anh|英语|英文)$/.test(f)) return "en";
  if (/^(3|zh|chinese|tieng trung|tieng hoa|trung|中文|简体中文|中文简体|汉语|华语|普通话)$/.test(f))
    return "zh";
  return null;
}

/** Message kinds a citizen can turn on and off, with the words that name them. */
export const PREF_KINDS: { key: string; words: RegExp; vi: string; en: string; zh: string }[] = [
  {
    key: "dossier_status",
    words: /^(ho so|dossier|dossiers)$|^(申请|办件|档案)(进度)?(通知|消息)?$/,
    vi: "Trạng thái hồ sơ",
    en: "Dossier status",
    zh: "申请进度",
  },
  {
    key: "payment",
    words: /^(thanh toan|phi|payment|payments)$|^(付款|缴费|支付|费用)(通知|消息)?$/,
    vi: "Thanh toán",
    en: "Payments",
    zh: "缴费",
  },
  {
    key: "incident_status",
    words: /^(phan anh|su co|report|reports|incident)$|^(报告|事故|问题)(处理)?(结果|进度)?(通知|消息)?$/,
    vi: "Kết quả phản ánh",
    en: "Report updates",
    zh: "问题处理结果",
  },
  {
    key: "news",
    words: /^(tin tuc|thong bao|news)$|^(新闻|资讯|通知|公告)(、?(通知|消息))?$/,
    vi: "Tin tức, thông báo",
    en: "News",
    zh: "新闻、通知",
  },
];

export type PrefCommand =
  | { kind: "set"; key: string; on: boolean }
  | { kind: "quiet"; from: number; to: number }
  | { kind: "quiet_off" }
  | { kind: "alerts_always_on" };

// One time of day: "22", "22:30", "22h30" or "22点30" ("点" may also close it: "22点").
const TIME = String.raw`(\d{1,2})(?:[:h点](\d{2}))?点?`;
const QUIET = new RegExp(
  String.raw`^(?:(?:gio )?(?:yen tinh|quiet(?: hours)?) |免打扰(?:时间|时段)?\s*)${TIME}\s*(?:-|~|到|至)\s*${TIME}$`,
);

/**
 * "tắt thanh toán" / "off payment" / "关闭缴费" / "bật hồ sơ" / "开启申请进度"; "yên tĩnh 22-6" /
 * "quiet 22:30-6" / "免打扰 22-6"; "tắt yên tĩnh" / "quiet off" / "关闭免打扰". Alerts cannot be
 * turned off here (unsubscribe the place).
 */
export function parsePrefCommand(text: string): PrefCommand | null {
  const f = fold(text);
  if (/^(tat yen tinh|yen tinh tat|quiet off|no quiet|off quiet|关闭免打扰|取消免打扰)$/.test(f))
    return { kind: "quiet_off" };
  const q = QUIET.exec(f);
  if (q) {
    const from = Number(q[1]) * 60 + Number(q[2] ?? 0);
    const to = Number(q[3]) * 60 + Number(q[4] ?? 0);
    if (from < 1440 && to < 1440 && from !== to) return { kind: "quiet", from, to };
    return null;
  }
  const s = /^(tat|bat|off|on) (.+)$/.exec(f) ?? /^(关闭|关掉|开启|打开)\s*(.+)$/.exec(f);
  if (!s) return null;
  const on = ["bat", "on", "开启", "打开"].includes(s[1]!);
  if (/^(canh bao|alert|alerts)$|^(灾害)?(预警|警报)(通知|消息)?$/.test(s[2]!))
    return { kind: "alerts_always_on" };
  const kind = PREF_KINDS.find((k) => k.words.test(s[2]!));
  return kind ? { kind: "set", key: kind.key, on } : null;
}

/** 22:00 style, from minutes after midnight. */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
