import type { AppContext } from "../platform/context.js";
import type { DossierStatus } from "../platform/db.js";
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
  extra?: { supplementNote?: string | null; refusalReason?: string | null; resultFileId?: string | null };
}

/**
 * The one place a dossier changes status: checks the transition table, applies it with a
 * compare-and-set on the current status, records who/when/why, and tells the citizen when
 * the change is one they must know about or act on. A repeated external event is a no-op.
 */
export async function transitionDossier(ctx: AppContext, input: TransitionInput) {
  const d = await ctx.db.dossier.findUnique({ where: { code: input.code }, include: { procedure: true } });
  if (!d || (input.agencyId !== undefined && d.agencyId !== input.agencyId)) throw notFound("dossier");
  if (input.externalEventId) {
    const seen = await ctx.db.dossierEvent.findUnique({
      where: { dossierId_externalEventId: { dossierId: d.id, externalEventId: input.externalEventId } },
    });
    if (seen) return { changed: false as const, status: d.status };
  }
  if (d.status === input.to) return { changed: false as const, status: d.status };
  if (!canTransition(d.status, input.to, input.actor)) {
    throw conflict(
      `illegal transition ${d.status} → ${input.to} by ${input.actor}`,
      `Không thể chuyển hồ sơ từ "${STATUS_TEXT[d.status].vi}" sang "${STATUS_TEXT[input.to].vi}".`,
    );
  }
  const changed = await ctx.db.$transaction(async (tx) => {
    const moved = await tx.dossier.updateMany({
      where: { id: d.id, status: d.status },
      data: {
        status: input.to,
        ...(input.extra?.supplementNote !== undefined ? { supplementNote: input.extra.supplementNote } : {}),
        ...(input.extra?.refusalReason !== undefined ? { refusalReason: input.extra.refusalReason } : {}),
        ...(input.extra?.resultFileId !== undefined ? { resultFileId: input.extra.resultFileId } : {}),
      },
    });
    if (moved.count === 0) return false; // someone else moved it first
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
    return true;
  });
  if (!changed)
    throw conflict("dossier changed meanwhile", "Hồ sơ vừa được cập nhật bởi người khác, vui lòng tải lại.");
  if (input.actor === "staff" && input.actorId) {
    await recordAudit(ctx, {
      staffId: input.actorId,
      action: `dossier.${input.to}`,
      target: d.code,
      detail: { from: d.status, reason: input.reason ?? null },
    });
  }
  return { changed: true as const, status: input.to };
}
