import { z } from "zod";
import { feeLine } from "../procedures/procedure.schema.js";

export const EXEMPT_GROUPS = {
  poor_household: "Hộ nghèo",
  disabled: "Người khuyết tật",
  revolutionary_family: "Gia đình có công với cách mạng",
} as const;
export type ExemptGroup = keyof typeof EXEMPT_GROUPS;
export const EXEMPT_GROUP_KEYS = Object.keys(EXEMPT_GROUPS) as [ExemptGroup, ...ExemptGroup[]];

export interface FeeQuoteLine {
  label: string;
  amountVnd: number;
  quantity: number;
  exempt: boolean;
}

/**
 * Fee lines of a dossier from its procedure's fee schedule: a fixed fee per dossier, or a
 * fee per copy times the copies asked for; a line the citizen is exempt from stays listed
 * (so they see what was waived) with exempt = true and counts for nothing.
 */
export function feeLinesFor(
  schedule: unknown,
  input: { copies?: number; exemptGroup?: ExemptGroup | null },
): FeeQuoteLine[] {
  const lines = z.array(feeLine).catch([]).parse(schedule);
  return lines.map((l) => {
    const exempt = Boolean(input.exemptGroup && l.exemptGroups.includes(input.exemptGroup));
    const label = l.per === "copy" ? `${l.label} (mỗi bản)` : l.label;
    return {
      // An exemption says which group it was claimed for: the clerk checks it at reception
      // and can still ask for the fee (a financial obligation).
      label: exempt ? `${label} — miễn: ${EXEMPT_GROUPS[input.exemptGroup!]} (công dân kê khai)` : label,
      amountVnd: l.amountVnd,
      quantity: l.per === "copy" ? Math.max(1, input.copies ?? 1) : 1,
      exempt,
    };
  });
}

export const totalOf = (lines: FeeQuoteLine[]) =>
  lines.filter((l) => !l.exempt).reduce((s, l) => s + l.amountVnd * l.quantity, 0);
