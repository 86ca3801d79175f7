// Pure intent recognition for the OA bot: plain Vietnamese (with or without diacritics) and English.
// No I/O here; the server glue (server/src/bot) decides what to do with the result.

import { foldVietnamese as fold } from "../../server/src/procedures/fold.js";

export type Lang = "vi" | "en";

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
    /\b(huy|dung|tat|bo) (nhan )?canh bao\b|\b(stop|cancel|unsubscribe)( from)? alerts?\b/,
  ],
  ["settings", /\b(cai dat|tuy chon|settings|preferences)\b/],
  ["talk_to_clerk", /\b(can bo|gap nguoi|nhan vien|tu van vien|clerk|human|agent|staff)\b/],
  ["change_language", /\b(ngon ngu|tieng anh|tieng viet|language|english|vietnamese)\b/],
  ["report_incident", /\b(phan anh|bao cao su co|su co|report|incident)\b/],
  ["subscribe_alerts", /\b(canh bao|dang ky tin|thien tai|alert|alerts|warning)\b/],
  ["dossier_lookup", /\b(ho so|tra cuu|dossier|status|application)\b/],
  ["procedure_search", /\b(thu tuc|tim thu tuc|procedure|procedures)\b/],
  ["menu", /^(menu|xin chao|chao|hello|hi|bat dau|start|help|giup|tro giup)\b/],
];

/** Classify one free-text message (or a menu payload such as "#menu:1" / "1"). */
export function classify(text: string): Intent {
  const raw = text.trim();
  const code = raw.match(DOSSIER_CODE)?.[1]?.toUpperCase() ?? null;
  if (code) return { kind: "dossier_lookup", code };

  const folded = fold(raw);
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
        lang: /\b(tieng anh|english|en)\b/.test(rest)
          ? "en"
          : /\b(tieng viet|vietnamese|vi)\b/.test(rest)
            ? "vi"
            : null,
      };
    default:
      return { kind } as Intent;
  }
}
