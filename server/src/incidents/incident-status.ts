import type { IncidentStatus } from "../platform/db.js";

// FixMyStreet's report states. "Open" ones are what the nearby-duplicate step and the
// Open311 `status=open` filter show.
export const INCIDENT_STATUSES = [
  "unconfirmed",
  "confirmed",
  "investigating",
  "in_progress",
  "action_scheduled",
  "fixed",
  "closed_not_responsible",
  "closed_duplicate",
  "closed_no_further_action",
  "hidden",
] as const satisfies readonly IncidentStatus[];

export const OPEN_STATUSES: IncidentStatus[] = [
  "unconfirmed",
  "confirmed",
  "investigating",
  "in_progress",
  "action_scheduled",
];

export const isOpen = (s: IncidentStatus) => OPEN_STATUSES.includes(s);

export const STATUS_TEXT: Record<IncidentStatus, { vi: string; en: string; zh: string }> = {
  unconfirmed: {
    vi: "Đã tiếp nhận, chờ xác minh",
    en: "Received, awaiting confirmation",
    zh: "已受理，待核实",
  },
  confirmed: { vi: "Đã xác nhận", en: "Confirmed", zh: "已确认" },
  investigating: { vi: "Đang kiểm tra", en: "Investigating", zh: "调查中" },
  in_progress: { vi: "Đang xử lý", en: "In progress", zh: "处理中" },
  action_scheduled: { vi: "Đã lên lịch xử lý", en: "Action scheduled", zh: "已安排处理" },
  fixed: { vi: "Đã khắc phục", en: "Fixed", zh: "已修复" },
  closed_not_responsible: {
    vi: "Đóng: không thuộc thẩm quyền",
    en: "Closed: not our responsibility",
    zh: "关闭：不属职责范围",
  },
  closed_duplicate: { vi: "Đóng: trùng phản ánh khác", en: "Closed: duplicate", zh: "关闭：重复" },
  closed_no_further_action: {
    vi: "Đóng: không cần xử lý thêm",
    en: "Closed: no further action",
    zh: "关闭：无需进一步处理",
  },
  hidden: { vi: "Đã ẩn", en: "Hidden", zh: "已隐藏" },
};

/** The IOC's statuses (server/src/simulators/ioc) in ours. "received" changes nothing. */
export const STATUS_FROM_IOC: Record<string, IncidentStatus | undefined> = {
  received: undefined,
  verified: "confirmed",
  assigned: "investigating",
  in_progress: "in_progress",
  resolved: "fixed",
  closed: "closed_no_further_action",
  rejected: "closed_not_responsible",
};

/**
 * Ours in the IOC's words, for changes our operators make (pushed by ioc.push-status).
 * Not "hidden": moderation is about what our public sees, not the state of the problem, so
 * the IOC is never told a hidden report was rejected.
 */
export const IOC_STATUS_OF: Partial<Record<IncidentStatus, string>> = {
  confirmed: "verified",
  investigating: "assigned",
  in_progress: "in_progress",
  action_scheduled: "in_progress",
  fixed: "resolved",
  closed_not_responsible: "rejected",
  closed_duplicate: "closed",
  closed_no_further_action: "closed",
};

/**
 * Who may move a report where. Staff and the IOC move freely between the states of the
 * problem; only moderation (a moderator's hide or show) moves into or out of "hidden"; a
 * reporter only reopens.
 */
export function mayTransition(
  actor: "staff" | "ioc" | "citizen" | "system",
  from: IncidentStatus,
  to: IncidentStatus,
  moderation = false,
): boolean {
  if (from === to) return false;
  if (moderation) return actor === "staff" && (from === "hidden") !== (to === "hidden");
  if (actor === "citizen") return to === "confirmed" && (from === "fixed" || from.startsWith("closed_"));
  if (actor === "system") return from === "unconfirmed" && to === "confirmed";
  // A hidden report stays hidden: only moderation brings it back.
  return from !== "hidden" && to !== "hidden";
}
