import type { AppContext } from "../platform/context.js";
import type { DossierStatus, Tx } from "../platform/db.js";
import { conflict, notFound } from "../platform/errors.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";
import { recordAudit } from "../staff/record-audit.js";
import { enqueueInTx } from "../platform/outbox.js";
import { pushStatusToOnestopJob } from "./push-to-onestop.job.js";
import { NOTIFY_ON, STATUS_TEXT, canTransition, type Actor } from "./dossier-status.js";
import { miniappLink } from "../notifications/public-links.js";

export interface TransitionInput {
  code: string;
  to: DossierStatus;
  actor: Actor;
  actorId?: string | null;
  reason?: string | null;
  /** Restrict to an agency (a clerk's own); undefined = no restriction. */
  agencyId?: string | null;
  /** Dedupe key of the external event (webhook) that caused it. */
  externalEventId?: string;
  /** Fields written with the status, in the same compare-and-set. */
  extra?: {
    supplementNote?: string | null;
    refusalReason?: string | null;
    resultFileId?: string | null;
    /** A new receipt (the supplement completed the dossier): the clock restarts from it. */
    receivedAt?: Date;
    receiptDate?: Date;
    appointmentAt?: Date | null;
  };
}

type Outcome = { changed: false; status: DossierStatus } | { changed: true; status: DossierStatus };

/**
 * The one place a dossier changes status: checks the transition table, applies it with a
 * compare-and-set on the current status, records who/when/why, and tells the citizen when
 * the change is one they must know about or act on. A repeated external event is a no-op.
 */
export async function transitionDossier(ctx: AppContext, input: TransitionInput) {
  const result = await ctx.db.$transaction((tx) => transitionDossierInTx(ctx, tx, input));
  await auditTransition(ctx, input, result);
  return { changed: result.changed, status: result.status } as Outcome;
}

/**
 * The same, inside a caller's transaction, so the change commits or rolls back with the
 * caller's other writes (a supplement's files are attached only if the dossier moves). The
 * caller records the staff audit entry after commit (auditTransition).
 */
export async function transitionDossierInTx(
  ctx: AppContext,
  tx: Tx,
  input: TransitionInput,
): Promise<Outcome & { from?: DossierStatus }> {
  const d = await tx.dossier.findUnique({ where: { code: input.code } });
  if (!d || (input.agencyId !== undefined && d.agencyId !== input.agencyId)) throw notFound("dossier");
  if (input.externalEventId) {
    const seen = await tx.dossierEvent.findUnique({
      where: { dossierId_externalEventId: { dossierId: d.id, externalEventId: input.externalEventId } },
    });
    if (seen) return { changed: false, status: d.status };
  }
  if (d.status === input.to) return { changed: false, status: d.status };
  if (!canTransition(d.status, input.to, input.actor)) {
    throw conflict(
      `illegal transition ${d.status} → ${input.to} by ${input.actor}`,
      `Không thể chuyển hồ sơ từ "${STATUS_TEXT[d.status].vi}" sang "${STATUS_TEXT[input.to].vi}".`,
    );
  }
  const x = input.extra ?? {};
  const moved = await tx.dossier.updateMany({
    where: { id: d.id, status: d.status },
    data: {
      status: input.to,
      ...(x.supplementNote !== undefined ? { supplementNote: x.supplementNote } : {}),
      ...(x.refusalReason !== undefined ? { refusalReason: x.refusalReason } : {}),
      ...(x.resultFileId !== undefined ? { resultFileId: x.resultFileId } : {}),
      ...(x.receivedAt !== undefined ? { receivedAt: x.receivedAt } : {}),
      ...(x.receiptDate !== undefined ? { receiptDate: x.receiptDate } : {}),
      ...(x.appointmentAt !== undefined ? { appointmentAt: x.appointmentAt } : {}),
    },
  });
  if (moved.count === 0)
    // Someone else moved it first.
    throw conflict("dossier changed meanwhile", "Hồ sơ vừa được cập nhật bởi người khác, vui lòng tải lại.");
  const event = await tx.dossierEvent.create({
    data: {
      dossierId: d.id,
      fromStatus: d.status,
      toStatus: input.to,
      actorType: input.actor,
      actorId: input.actorId ?? null,
      reason: input.reason ?? null,
      externalEventId: input.externalEventId ?? null,
    },
  });
  // The one-stop system is the province's record: changes made here go there too.
  if (input.actor !== "onestop") {
    await enqueueInTx(tx, pushStatusToOnestopJob, { eventId: event.id }, { entityId: event.id });
  }
  if (NOTIFY_ON.has(input.to)) {
    await notifyCitizen(tx, {
      citizenId: d.citizenId,
      kind: "dossier_status",
      dedupeKey: `dossier-event:${event.id}`,
      params: {
        code: d.code,
        status: input.to,
        note: input.reason ?? "",
        link: miniappLink(ctx.config, `/dossiers/${d.code}`),
      },
    });
  }
  return { changed: true, status: input.to, from: d.status };
}

/** Every staff action is audited (after commit: the audit log never holds a rolled-back change). */
export async function auditTransition(
  ctx: AppContext,
  input: TransitionInput,
  result: { changed: boolean; from?: DossierStatus },
) {
  if (!result.changed || input.actor !== "staff" || !input.actorId) return;
  await recordAudit(ctx, {
    staffId: input.actorId,
    action: `dossier.${input.to}`,
    target: input.code,
    detail: { from: result.from ?? null, reason: input.reason ?? null },
  });
}
