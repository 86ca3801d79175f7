// Short answers inside a conversation step ("huỷ", "bỏ qua", "gửi", a number, a
// preference command), in Vietnamese with or without diacritics, and English. Pure.
import { fold, type Lang } from "./intents.js";

const CANCEL = /^(huy|huy bo|thoi|dung|cancel|stop|quit|exit)$/;
const SKIP = /^(bo qua|khong co|khong|skip|no|none|next)$/;
const CONFIRM = /^(gui|gui di|dong y|xac nhan|co|ok|send|yes|confirm|submit)$/;
const MENU = /^(menu|#menu|quay lai|back|trang chu|home)$/;

export const isCancel = (text: string) => CANCEL.test(fold(text));
export const isSkip = (text: string) => SKIP.test(fold(text));
export const isConfirm = (text: string) => CONFIRM.test(fold(text));
export const isMenu = (text: string) => MENU.test(fold(text));

/** A number typed or tapped (1-based), or null. */
export function pickNumber(text: string, max: number): number | null {
  const m = /^#?(?:\w+:)?(\d{1,2})\.?$/.exec(fold(text));
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
}

export function parseLanguage(text: string): Lang | null {
  const f = fold(text);
  if (/^(1|vi|tieng viet|viet|vietnamese)$/.test(f)) return "vi";
  if (/^(2|en|english|tieng anh|anh)$/.test(f)) return "en";
  return null;
}

/** Message kinds a citizen can turn on and off, with the words that name them. */
export const PREF_KINDS: { key: string; words: RegExp; vi: string; en: string }[] = [
  {
    key: "dossier_status",
    words: /^(ho so|dossier|dossiers)$/,
    vi: "Trạng thái hồ sơ",
    en: "Dossier status",
  },
  { key: "payment", words: /^(thanh toan|phi|payment|payments)$/, vi: "Thanh toán", en: "Payments" },
  {
    key: "incident_status",
    words: /^(phan anh|su co|report|reports|incident)$/,
    vi: "Kết quả phản ánh",
    en: "Report updates",
  },
  { key: "news", words: /^(tin tuc|thong bao|news)$/, vi: "Tin tức, thông báo", en: "News" },
];

export type PrefCommand =
  | { kind: "set"; key: string; on: boolean }
  | { kind: "quiet"; from: number; to: number }
  | { kind: "quiet_off" }
  | { kind: "alerts_always_on" };

/**
 * "tắt thanh toán" / "off payment" / "bật hồ sơ"; "yên tĩnh 22-6" / "quiet 22:30-6";
 * "tắt yên tĩnh" / "quiet off". Alerts cannot be turned off here (unsubscribe the place).
 */
export function parsePrefCommand(text: string): PrefCommand | null {
  const f = fold(text);
  if (/^(tat yen tinh|yen tinh tat|quiet off|no quiet|off quiet)$/.test(f)) return { kind: "quiet_off" };
  const q =
    /^(?:gio )?(?:yen tinh|quiet(?: hours)?) (\d{1,2})(?:[:h](\d{2}))?\s*-\s*(\d{1,2})(?:[:h](\d{2}))?$/.exec(
      f,
    );
  if (q) {
    const from = Number(q[1]) * 60 + Number(q[2] ?? 0);
    const to = Number(q[3]) * 60 + Number(q[4] ?? 0);
    if (from < 1440 && to < 1440 && from !== to) return { kind: "quiet", from, to };
    return null;
  }
  const s = /^(tat|bat|off|on) (.+)$/.exec(f);
  if (!s) return null;
  const on = s[1] === "bat" || s[1] === "on";
  if (/^(canh bao|alert|alerts)$/.test(s[2]!)) return { kind: "alerts_always_on" };
  const kind = PREF_KINDS.find((k) => k.words.test(s[2]!));
  return kind ? { kind: "set", key: kind.key, on } : null;
}

/** 22:00 style, from minutes after midnight. */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
