import { randomUUID } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError, notFound } from "../platform/errors.js";
import { inPgTransaction, type IncidentStatus } from "../platform/db.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";
import { jobIdFor } from "../platform/jobs.js";
import { mayTransition } from "./incident-status.js";
import { maskPersonalNumbers } from "./mask-personal-numbers.js";
import { pushIncidentStatusToIocJob } from "./push-to-ioc.job.js";
import { miniappLink } from "../notifications/public-links.js";

export interface TransitionInput {
  incidentId: string;
  to: IncidentStatus;
  actor: "staff" | "ioc" | "citizen" | "system";
  actorId?: string | null;
  note?: string | null;
  /** A change that came from elsewhere (IOC eventId): the same one twice is one change. */
  externalEventId?: string | null;
  /**
   * A moderator hiding or showing the report (moderate-incident.ts): not a change of the
   * problem, so the IOC is not told and only the reporter hears of it.
   */
  moderation?: boolean;
}

/**
 * The only writer of an incident's status: compare-and-set under a row lock, an event with
 * who and why, and a message to the reporter and every supporter ("this affects me too").
 * Returns changed=false for a repeated external event or a move the actor may not make
 * when it came from the IOC (the IOC is told nothing back; it is logged as an event-less no-op).
 */
export async function transitionIncident(
  ctx: AppContext,
  input: TransitionInput,
): Promise<{ changed: boolean; status: IncidentStatus }> {
  return inPgTransaction(ctx.pg, async (tx) => {
    const {
      rows: [i],
    } = await tx.query<{ id: string; publicId: string; status: IncidentStatus; reporterId: string | null }>(
      `SELECT id, "publicId", status, "reporterId" FROM "Incident" WHERE id = $1 FOR UPDATE`,
      [input.incidentId],
    );
    if (!i) throw notFound("incident");
    if (input.externalEventId) {
      const seen = await tx.query(
        `SELECT 1 FROM "IncidentEvent" WHERE "incidentId" = $1 AND "externalEventId" = $2`,
        [i.id, input.externalEventId],
      );
      if (seen.rowCount) return { changed: false, status: i.status };
    }
    const moderation = input.moderation ?? false;
    if (!mayTransition(input.actor, i.status, input.to, moderation)) {
      if (input.actor === "ioc" || input.actor === "system") return { changed: false, status: i.status };
      throw new AppError("CONFLICT", {
        message: `${input.actor} may not move ${i.status} → ${input.to}`,
        userMessage: "Không thể chuyển phản ánh sang trạng thái này.",
      });
    }
    const eventId = randomUUID();
    const note = input.note?.trim().slice(0, 2000) || null;
    await tx.query(
      `WITH u AS (
         UPDATE "Incident" SET status = $2::"IncidentStatus", "updatedAt" = now(),
           -- Fixed anew asks the reporter again; shown again after moderation keeps their answer.
           "fixConfirmedAt" = CASE WHEN $2 = 'fixed' AND NOT $9::boolean THEN NULL ELSE "fixConfirmedAt" END,
           "moderatedAt" = CASE WHEN $9::boolean THEN now() ELSE "moderatedAt" END
         WHERE id = $1 RETURNING id
       )
       INSERT INTO "IncidentEvent" (id, "incidentId", "fromStatus", "toStatus", "actorType", "actorId", note, "externalEventId")
       SELECT $3, u.id, $4::"IncidentStatus", $2::"IncidentStatus", $5, $6, $7, $8 FROM u`,
      [
        i.id,
        input.to,
        eventId,
        i.status,
        input.actor,
        input.actorId ?? null,
        note,
        input.externalEventId ?? null,
        moderation,
      ],
    );
    // Our operators' (and reporters') changes go to the IOC too; its own come from there.
    if ((input.actor === "staff" || input.actor === "citizen") && !moderation) {
      const job = pushIncidentStatusToIocJob;
      await tx.query(
        `INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT ("jobId") DO NOTHING`,
        [job.queue, job.name, jobIdFor(job.name, eventId), JSON.stringify({ eventId })],
      );
    }
    // Who hears of it: the reporter and the supporters (moderation: only its reporter).
    const { rows: people } = await tx.query<{ citizenId: string }>(
      `SELECT "reporterId" AS "citizenId" FROM "Incident" WHERE id = $1 AND "reporterId" IS NOT NULL
       UNION
       SELECT "citizenId" FROM "IncidentSupporter" WHERE "incidentId" = $1 AND NOT $2::boolean`,
      [i.id, moderation],
    );
    for (const p of people) {
      // A reporter who reopened it knows; everyone else is told.
      if (input.actor === "citizen" && p.citizenId === input.actorId) continue;
      // The note may carry a phone number (an operator's, or the reporter's own in a reopen
      // reason): the reporter reads it whole, supporters masked like the public.
      const told = note && p.citizenId !== i.reporterId ? maskPersonalNumbers(note) : note;
      await notifyCitizen(tx, {
        citizenId: p.citizenId,
        kind: "incident_status",
        template: "incident_status",
        dedupeKey: `incident-event:${eventId}:${p.citizenId}`,
        params: {
          publicId: i.publicId,
          status: input.to,
          link: miniappLink(ctx.config, `/reports/${i.publicId}`),
          ...(told ? { note: told } : {}),
        },
      });
    }
    return { changed: true, status: input.to };
  });
}
