import type { Agency, Procedure } from "../platform/db.js";
import { feeLine, formSchema, type ProcedureView } from "./procedure.schema.js";
import { z } from "zod";

const feeLines = z.array(feeLine).catch([]);
const docs = z.array(z.object({ group: z.string(), document: z.string(), quantity: z.string() })).catch([]);

export function toProcedureView(p: Procedure & { agency: Agency | null }): ProcedureView {
  return {
    code: p.nationalCode,
    name: p.name,
    field: p.field,
    level: p.level,
    agency: p.agency ? { code: p.agency.code, name: p.agency.name } : null,
    agencyKind: p.agencyKind,
    processingDays: p.processingDays,
    processingUnit: p.processingUnit === "calendar_days" ? "calendar_days" : "working_days",
    processingNote: p.processingNote,
    purpose: p.purpose,
    eligibility: p.eligibility,
    fees: feeLines.parse(p.feeSchedule),
    feeNote: p.feeNote,
    requiredDocuments: docs.parse(p.requiredDocuments),
    form: formSchema.catch({ fields: [], documents: [] }).parse(p.formSchema),
    onlineLevel: p.onlineLevel,
    channels: p.channels,
    sourceUrl: p.sourceUrl,
  };
}
