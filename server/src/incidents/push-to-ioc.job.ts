import { z } from "zod";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";
import { categoryName } from "./categories.js";
import { IOC_STATUS_OF } from "./incident-status.js";
import { maskPersonalNumbers } from "./mask-personal-numbers.js";
import { transitionIncident } from "./transition-incident.js";
import { publicBaseUrl } from "../notifications/public-links.js";

/**
 * Hands a report to the IOC. Idempotent by the report's publicId on both sides: a resend
 * after a timeout or a crash finds the record the first try made (the IOC answers 200 with
 * it), so the IOC never holds two. Retried with backoff, then the dead-letter view; every
 * call is in the integration call log. Once the IOC has it, the report is "confirmed".
 */
export const pushIncidentToIocJob = defineJob({
  name: "ioc.push-incident",
  queue: QUEUES.ioc,
  schema: z.object({ incidentId: z.string().min(1) }),
  attempts: 10,
  backoff: { type: "exponential", delay: 1000 },
  handler: async ({ incidentId }, ctx) => {
    const i = await ctx.db.incident.findUnique({
      where: { id: incidentId },
      include: { media: { where: { hidden: false } }, unit: true },
    });
    if (!i) return "skipped";
    let iocRef = i.iocRef;
    if (!iocRef) {
      const base = publicBaseUrl(ctx.config);
      const r = await ctx.integrations.ioc.createIncident({
        externalId: i.publicId,
        category: i.category,
        title: `${categoryName(i.category)}${i.unit ? ` - ${i.unit.fullName}` : ""}`,
        // The IOC gets the public text too: it is shared with agencies and contractors.
        description: i.descriptionPublic,
        location: {
          lat: i.lat,
          lon: i.lon,
          ...(i.address ? { address: maskPersonalNumbers(i.address) } : {}),
        },
        reportedAt: i.createdAt.toISOString(),
        media: i.media.map((m) => ({
          url: `${base}/api/v1/incidents/${i.publicId}/photos/${m.id}`,
          mimeType: m.mimeType,
        })),
      });
      iocRef = r.iocId;
      await ctx.db.incident.update({ where: { id: i.id }, data: { iocRef, iocSyncedAt: new Date() } });
    }
    // Also on a retry after a crash between the two writes: the event id makes it once.
    await transitionIncident(ctx, {
      incidentId: i.id,
      to: "confirmed",
      actor: "system",
      note: "Đã chuyển tới Trung tâm điều hành IOC",
      externalEventId: `ioc-accepted:${iocRef}`,
    });
    return "done";
  },
});

/**
 * Tells the IOC about a change our operators (or the reporter, reopening) made. Idempotent by
 * our event id on the IOC side; waits (retries) until the report itself is there. Each push
 * carries the report's status NOW, so retries landing out of order still end on the latest.
 */
export const pushIncidentStatusToIocJob = defineJob({
  name: "ioc.push-status",
  queue: QUEUES.ioc,
  schema: z.object({ eventId: z.string().min(1) }),
  attempts: 10,
  backoff: { type: "exponential", delay: 2000 },
  handler: async ({ eventId }, ctx) => {
    const e = await ctx.db.incidentEvent.findUnique({ where: { id: eventId }, include: { incident: true } });
    if (!e) return "skipped";
    // Hidden since by a moderator: the IOC still gets the change made to the problem.
    const status = IOC_STATUS_OF[e.incident.status === "hidden" ? e.toStatus : e.incident.status];
    if (!status) return "skipped";
    if (!e.incident.iocRef) throw new Error("incident not yet at the IOC");
    await ctx.integrations.ioc.updateIncidentStatus(e.incident.publicId, {
      eventId: e.id,
      status,
      note: e.note ? maskPersonalNumbers(e.note) : null,
    });
    return "done";
  },
});
