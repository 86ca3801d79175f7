import type { AppContext } from "../platform/context.js";
import type { IncidentStatus } from "../platform/db.js";
import { transitionIncident } from "./transition-incident.js";

/**
 * A moderator's decision on a report: hide it from the public, show it again, or mark it
 * looked at (`hidden` equal to what it is: "Chờ kiểm duyệt" no longer lists it). Showing it
 * again puts back the state it had when it was hidden (from the hide event), so a fixed or
 * closed report is not reopened. Moderation is ours: the IOC is not told, the supporters are
 * not messaged (transitionIncident with `moderation`).
 */
export async function moderateIncident(
  ctx: AppContext,
  input: { incidentId: string; hidden: boolean; reason?: string | undefined; staffId: string },
): Promise<void> {
  const i = await ctx.db.incident.findUniqueOrThrow({
    where: { id: input.incidentId },
    select: { status: true, iocRef: true },
  });
  if (input.hidden === (i.status === "hidden")) {
    await ctx.db.incident.update({ where: { id: input.incidentId }, data: { moderatedAt: new Date() } });
    return;
  }
  let to: IncidentStatus = "hidden";
  if (!input.hidden) {
    const hiddenBy = await ctx.db.incidentEvent.findFirst({
      where: { incidentId: input.incidentId, toStatus: "hidden" },
      orderBy: { createdAt: "desc" },
    });
    to = hiddenBy?.fromStatus ?? "confirmed";
    // Hidden before the IOC took it: it has been delivered since (the push still runs).
    if (to === "unconfirmed" && i.iocRef) to = "confirmed";
  }
  await transitionIncident(ctx, {
    incidentId: input.incidentId,
    to,
    actor: "staff",
    actorId: input.staffId,
    moderation: true,
    note: input.reason ?? (input.hidden ? "Ẩn do vi phạm quy định đăng tải" : "Hiển thị lại"),
  });
}
