import type { AppContext } from "../platform/context.js";
import { AppError, conflict } from "../platform/errors.js";
import type { FullIncident } from "./incident.mapper.js";
import { isOpen } from "./incident-status.js";
import { transitionIncident } from "./transition-incident.js";

const mustBeReporter = (i: FullIncident, citizenId: string) => {
  if (i.reporterId !== citizenId)
    throw new AppError("FORBIDDEN", {
      message: "not the reporter",
      userMessage: "Chỉ người gửi phản ánh mới thực hiện được thao tác này.",
    });
};

/** "Tôi cũng gặp sự cố này": follow an open report instead of filing a duplicate. */
export async function addSupporter(ctx: AppContext, i: FullIncident, citizenId: string) {
  if (i.reporterId === citizenId) return; // the reporter already follows it
  if (!isOpen(i.status))
    throw conflict(
      "incident closed",
      "Phản ánh này đã kết thúc, vui lòng gửi phản ánh mới nếu sự cố vẫn còn.",
    );
  await ctx.db.incidentSupporter.upsert({
    where: { incidentId_citizenId: { incidentId: i.id, citizenId } },
    create: { incidentId: i.id, citizenId },
    update: {},
  });
}

/** FixMyStreet's questionnaire: the reporter says the fix is real. */
export async function confirmFix(ctx: AppContext, i: FullIncident, citizenId: string) {
  mustBeReporter(i, citizenId);
  if (i.status !== "fixed") throw conflict("not fixed", "Phản ánh chưa ở trạng thái đã khắc phục.");
  await ctx.db.$transaction([
    ctx.db.incident.update({ where: { id: i.id }, data: { fixConfirmedAt: new Date() } }),
    ctx.db.incidentEvent.create({
      data: {
        incidentId: i.id,
        fromStatus: "fixed",
        toStatus: "fixed",
        actorType: "citizen",
        actorId: citizenId,
        note: "Người phản ánh xác nhận đã khắc phục",
      },
    }),
  ]);
}

/** Not fixed after all: back to confirmed, and everyone following it hears so. */
export async function reopenIncident(ctx: AppContext, i: FullIncident, citizenId: string, reason: string) {
  mustBeReporter(i, citizenId);
  await transitionIncident(ctx, {
    incidentId: i.id,
    to: "confirmed",
    actor: "citizen",
    actorId: citizenId,
    note: `Người phản ánh mở lại: ${reason}`,
  });
}

export async function rateIncident(
  ctx: AppContext,
  i: FullIncident,
  citizenId: string,
  r: { score: number; comment?: string | undefined },
) {
  mustBeReporter(i, citizenId);
  if (isOpen(i.status) || i.status === "hidden")
    throw conflict("not finished", "Chỉ đánh giá được khi phản ánh đã được xử lý xong.");
  await ctx.db.incident.update({
    where: { id: i.id },
    data: { ratingScore: r.score, ratingComment: r.comment || null },
  });
}
