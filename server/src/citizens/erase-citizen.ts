import type { AppContext } from "../platform/context.js";

/**
 * A citizen's erasure request (Law 91/2025): personal fields are blanked, sessions,
 * subscriptions, drafts, bot conversations and support marks removed, incident reports
 * unlinked from the reporter. Dossiers stay (the state must keep the
 * record of administrative acts) but lose the link to the Zalo identity's profile data.
 */
export async function eraseCitizen(ctx: AppContext, citizenId: string): Promise<void> {
  await ctx.db.$transaction([
    ctx.db.citizenSession.deleteMany({ where: { citizenId } }),
    ctx.db.alertSubscription.deleteMany({ where: { citizenId } }),
    // Safety answers stay in the per-commune counts; the location shared with them goes.
    ctx.db.safetyReply.updateMany({ where: { citizenId }, data: { lat: null, lon: null } }),
    ctx.db.dossierDraft.deleteMany({ where: { citizenId } }),
    // Reports stay (a landslide on a road is the public's business) but no longer name anyone;
    // "this affects me too" marks go.
    ctx.db.incident.updateMany({
      where: { reporterId: citizenId },
      data: { reporterId: null, anonymous: true },
    }),
    ctx.db.incidentSupporter.deleteMany({ where: { citizenId } }),
    ctx.db.botConversation.deleteMany({ where: { citizenId } }),
    ctx.db.botMessage.deleteMany({ where: { citizenId } }),
    ctx.db.citizen.update({
      where: { id: citizenId },
      data: {
        displayName: null,
        phone: null,
        zaloIdByOA: null,
        deletedAt: new Date(),
        followsOA: false,
        messagePrefs: {},
        quietHoursFrom: null,
        quietHoursTo: null,
      },
    }),
  ]);
}
