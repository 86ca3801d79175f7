import type { AppContext } from "../platform/context.js";

/**
 * A citizen's erasure request (Law 91/2025): personal fields are blanked, sessions,
 * subscriptions, drafts and consents removed. Dossiers stay (the state must keep the
 * record of administrative acts) but lose the link to the Zalo identity's profile data.
 */
export async function eraseCitizen(ctx: AppContext, citizenId: string): Promise<void> {
  await ctx.db.$transaction([
    ctx.db.citizenSession.deleteMany({ where: { citizenId } }),
    ctx.db.alertSubscription.deleteMany({ where: { citizenId } }),
    ctx.db.dossierDraft.deleteMany({ where: { citizenId } }),
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
