import type { AppContext } from "../platform/context.js";
import { AppError, conflict, notFound } from "../platform/errors.js";
import { recordAudit } from "../staff/record-audit.js";
import { invalidateCatalogVocabulary } from "./catalog-vocabulary.js";
import { procedureNameSearch } from "./fold.js";
import { getProcedureForAdmin } from "./get-procedure-for-admin.js";
import type { ProcedureEdit } from "./procedure-admin.schema.js";

// Agencies a procedure can name; commune committees are chosen by the citizen's commune.
const NAMEABLE_KINDS = new Set(["province_department", "service_centre", "other"]);

/**
 * An admin's edit of a procedure: the row, its folded search name and the audit entry in one
 * transaction, refused when someone saved a newer version since the admin opened it. The
 * catalog's in-memory words are dropped so the next search sees the new name.
 */
export async function updateProcedure(
  ctx: AppContext,
  opts: { code: string; edit: ProcedureEdit; staffId: string; ip?: string | undefined },
) {
  const { code, edit, staffId } = opts;
  const current = await ctx.db.procedure.findUnique({
    where: { nationalCode: code },
    include: { agency: true },
  });
  if (!current) throw notFound("procedure");

  let agency: { id: string; kind: string } | null = null;
  if (edit.agencyCode) {
    const a = await ctx.db.agency.findUnique({ where: { code: edit.agencyCode } });
    if (!a || !NAMEABLE_KINDS.has(a.kind)) {
      throw new AppError("VALIDATION_FAILED", {
        fields: [{ field: "agencyCode", message: "Cơ quan thực hiện không có trong danh sách." }],
      });
    }
    agency = a;
  }

  const data = {
    name: edit.name,
    nameSearch: procedureNameSearch(edit.name),
    field: edit.field,
    level: edit.level,
    purpose: edit.purpose,
    eligibility: edit.eligibility,
    requiredDocuments: edit.requiredDocuments,
    feeSchedule: edit.fees,
    feeNote: edit.feeNote,
    processingDays: edit.processingDays,
    processingUnit: edit.processingUnit,
    processingNote: edit.processingNote,
    onlineLevel: edit.onlineLevel,
    agencyId: agency?.id ?? null,
    agencyKind: (agency?.kind ?? "commune_committee") as "province_department" | "commune_committee",
    active: edit.active,
    ...(edit.formSchema ? { formSchema: edit.formSchema } : {}),
  };
  const before: Record<string, unknown> = {
    ...current,
    agencyCode: current.agency?.code ?? null,
  };
  const after: Record<string, unknown> = { ...data, agencyCode: edit.agencyCode, feeSchedule: edit.fees };
  const changed = Object.keys(after).filter(
    (k) => k !== "nameSearch" && k !== "agencyId" && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );

  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.procedure.updateMany({
      where: { id: current.id, updatedAt: new Date(edit.expectedUpdatedAt) },
      data,
    });
    if (count === 0) {
      throw conflict(
        "procedure changed since it was opened",
        "Thủ tục vừa được người khác cập nhật. Vui lòng tải lại trang trước khi sửa.",
      );
    }
    await recordAudit(
      { db: tx },
      {
        staffId,
        action: "procedure.update",
        target: code,
        // Short values before → after so the log reads on its own; long texts as "changed".
        detail: {
          changed,
          values: Object.fromEntries(
            changed
              .filter((k) => typeof after[k] !== "object" || after[k] === null)
              .map((k) => [k, { from: short(before[k]), to: short(after[k]) }]),
          ),
        },
        ...(opts.ip ? { ip: opts.ip } : {}),
      },
    );
  });
  invalidateCatalogVocabulary(ctx);
  return getProcedureForAdmin(ctx, code);
}

function short(v: unknown): unknown {
  return typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…` : v;
}
