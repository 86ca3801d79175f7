// Pure intent recognition for the OA bot: plain Vietnamese (with or without diacritics), English
// and Simplified Chinese. No I/O here; the server glue (server/src/bot) decides what to do with
// the result. Chinese has no spaces between words and `\b` only knows ASCII letters, so the
// Chinese keywords are plain alternatives without word boundaries.

import { foldVietnamese as fold } from "../../server/src/procedures/fold.js";

export type Lang = "vi" | "en" | "zh";

export type Intent =
  | { kind: "menu" }
  | { kind: "dossier_lookup"; code: string | null }
  | { kind: "procedure_search"; query: string | null }
  | { kind: "report_incident" }
  | { kind: "subscribe_alerts" }
  | { kind: "change_language"; lang: Lang | null }
  | { kind: "talk_to_clerk" }
  | { kind: "settings" }
  | { kind: "unsubscribe_alerts" }
  | { kind: "unknown" };

/** Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces: the portal's one folding. */
export { fold };

// Dossier codes look like `<agency>-yymmdd-NNNN`, e.g. H38.03006-261120-0012.
const DOSSIER_CODE = /\b(H\d{2}(?:\.[A-Z0-9]+)*-\d{6}-\d{3,6})\b/i;

const MENU_NUMBERS: Record<string, Intent["kind"]> = {
  "1": "dossier_lookup",
  "2": "procedure_search",
  "3": "report_incident",
  "4": "subscribe_alerts",
  "5": "change_language",
  "6": "talk_to_clerk",
  "7": "settings",
};

const KEYWORDS: Array<[Intent["kind"], RegExp]> = [
  [
    "unsubscribe_alerts",
    /\b(huy|dung|tat|bo) (nhan )?canh bao\b|\b(stop|cancel|unsubscribe)( from)? alerts?\b|(取消|停止|退订|关闭|不要)(接收|订阅)?(灾害)?(预警|警报)/,
  ],
  ["settings", /\b(cai dat|tuy chon|settings|preferences)\b|设置/],
  [
    "talk_to_clerk",
    /\b(can bo|gap nguoi|nhan vien|tu van vien|clerk|human|agent|staff)\b|人工|客服|工作人员|真人/,
  ],
  [
    "change_language",
    /\b(ngon ngu|tieng anh|tieng viet|tieng trung|tieng hoa|language|english|vietnamese|chinese)\b|语言|中文|汉语|华语|英文|英语|越南语|越南文/,
  ],
  ["report_incident", /\b(phan anh|bao cao su co|su co|report|incident)\b|报告|事故|险情|反映问题/],
  ["subscribe_alerts", /\b(canh bao|dang ky tin|thien tai|alert|alerts|warning)\b|预警|警报|灾害/],
  ["dossier_lookup", /\b(ho so|tra cuu|dossier|status|application)\b|档案|办件|我的申请|查询申请|进度/],
  [
    "procedure_search",
    /\b(thu tuc|tim thu tuc|procedure|procedures)\b|(查找|查询|搜索|查)?(行政|办事)?(手续|程序|指南)|办事/,
  ],
  [
    "menu",
    /^(menu|xin chao|chao|hello|hi|bat dau|start|help|giup|tro giup)\b|^(菜单|主菜单|你好|您好|帮助|开始|主页)/,
  ],
];

/** Classify one free-text message (or a menu payload such as "#menu:1" / "1"). */
export function classify(text: string): Intent {
  const raw = text.trim();
  const code = raw.match(DOSSIER_CODE)?.[1]?.toUpperCase() ?? null;
  if (code) return { kind: "dossier_lookup", code };

  // NFKC first: full-width digits and letters from a Chinese keyboard ("３") become ASCII.
  const folded = fold(raw.normalize("NFKC"));
  const numbered = MENU_NUMBERS[folded.replace(/^#menu:/, "")];
  if (numbered) return withDefaults(numbered, "");

  for (const [kind, re] of KEYWORDS) {
    const m = folded.match(re);
    if (m) return withDefaults(kind, kind === "change_language" ? folded : folded.replace(re, "").trim());
  }
  return { kind: "unknown" };
}

function withDefaults(kind: Intent["kind"], rest: string): Intent {
  switch (kind) {
    case "dossier_lookup":
      return { kind, code: null };
    case "procedure_search":
      return { kind, query: rest.length >= 2 ? rest : null };
    case "change_language":
      return {
        kind,
        lang: /\b(tieng anh|english|en)\b|英文|英语/.test(rest)
          ? "en"
          : /\b(tieng viet|vietnamese|vi)\b|越南语|越南文/.test(rest)
            ? "vi"
            : /\b(tieng trung|tieng hoa|chinese|zh)\b|中文|汉语|华语|普通话|简体/.test(rest)
              ? "zh"
              : null,
      };
    default:
      return { kind } as Intent;
  }
}
