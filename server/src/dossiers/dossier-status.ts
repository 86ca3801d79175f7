import type { DossierStatus } from "../platform/db.js";

// One-stop status codes (integrations.md §4; seen in systems syncing with the national
// portal). "Overdue" is a timeliness flag, not a status.
export const ONESTOP_CODE: Record<DossierStatus, number> = {
  new_registered: 1,
  received: 2,
  not_received: 3,
  processing: 4,
  supplement_requested: 5,
  financial_obligation: 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  result_returned: 10,
};

export const STATUS_FROM_CODE = Object.fromEntries(
  Object.entries(ONESTOP_CODE).map(([k, v]) => [v, k]),
) as Record<number, DossierStatus>;

export const STATUS_TEXT: Record<DossierStatus, { vi: string; en: string; zh: string }> = {
  new_registered: {
    vi: "Mới đăng ký, chờ tiếp nhận",
    en: "Submitted, awaiting reception",
    zh: "已提交，等待受理",
  },
  received: { vi: "Đã tiếp nhận", en: "Received", zh: "已受理" },
  not_received: { vi: "Không tiếp nhận", en: "Not accepted", zh: "不予受理" },
  processing: { vi: "Đang xử lý", en: "Being processed", zh: "办理中" },
  supplement_requested: { vi: "Cần bổ sung hồ sơ", en: "More documents needed", zh: "需补充材料" },
  financial_obligation: { vi: "Cần nộp phí, lệ phí", en: "Fees to pay", zh: "待缴费" },
  withdrawn: { vi: "Công dân đã rút hồ sơ", en: "Withdrawn", zh: "申请人已撤回" },
  stopped: { vi: "Dừng xử lý", en: "Processing stopped", zh: "已停止办理" },
  processed: { vi: "Đã có kết quả, chờ trả", en: "Result ready", zh: "已办结，待领取" },
  result_returned: { vi: "Đã trả kết quả", en: "Result returned", zh: "结果已发放" },
};

export type Actor = "citizen" | "staff" | "onestop" | "system";

/**
 * Every legal transition, and who may make it. Anything else is refused (409): the status
 * history must be a story a citizen, a clerk and an inspector can all follow.
 */
export const TRANSITIONS: Record<DossierStatus, Partial<Record<DossierStatus, Actor[]>>> = {
  new_registered: {
    received: ["staff", "onestop"],
    not_received: ["staff", "onestop"],
    supplement_requested: ["staff", "onestop"],
    withdrawn: ["citizen"],
  },
  received: {
    processing: ["staff", "onestop"],
    supplement_requested: ["staff", "onestop"],
    financial_obligation: ["staff", "onestop"],
    stopped: ["staff", "onestop"],
    processed: ["staff", "onestop"],
    withdrawn: ["citizen"],
  },
  processing: {
    supplement_requested: ["staff", "onestop"],
    financial_obligation: ["staff", "onestop"],
    processed: ["staff", "onestop"],
    stopped: ["staff", "onestop"],
    withdrawn: ["citizen"],
  },
  supplement_requested: {
    new_registered: ["citizen"],
    received: ["onestop"],
    stopped: ["staff", "onestop"],
    withdrawn: ["citizen"],
  },
  financial_obligation: {
    processing: ["system", "staff", "onestop"],
    stopped: ["staff", "onestop"],
    withdrawn: ["citizen"],
  },
  processed: { result_returned: ["staff", "onestop"] },
  not_received: {},
  withdrawn: {},
  stopped: {},
  result_returned: {},
};

export function canTransition(from: DossierStatus, to: DossierStatus, actor: Actor): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** Changes a citizen must know about or act on get a message. */
export const NOTIFY_ON: ReadonlySet<DossierStatus> = new Set([
  "received",
  "not_received",
  "supplement_requested",
  "financial_obligation",
  "stopped",
  "processed",
  "result_returned",
]);

/**
 * Where the processing clock runs: it is the agency's turn. While a supplement or a fee is
 * awaited it is the citizen's turn, so those dossiers are never overdue; after a supplement
 * the time limit restarts from its receipt (holidays.md §3.3, a new appointment date).
 */
export const CLOCK_RUNNING: readonly DossierStatus[] = ["new_registered", "received", "processing"];

export const FINAL: ReadonlySet<DossierStatus> = new Set([
  "not_received",
  "withdrawn",
  "stopped",
  "result_returned",
]);
