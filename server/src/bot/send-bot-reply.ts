import type { BotReply } from "../../../bot/src/replies.js";
import type { OaButton, OaListElement } from "../integrations/zalo/oa-client.js";
import type { PgTx } from "../platform/db.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";

/**
 * How a reply travels: plain text; text with quick-answer buttons; or, when it carries links,
 * a list message whose first row holds the text (a list has no text of its own).
 */
export function replyParams(reply: BotReply): Record<string, string> {
  const buttons: OaButton[] = (reply.buttons ?? []).slice(0, 5).map((b) => ({
    title: b.title.slice(0, 100),
    type: "oa.query.show",
    payload: b.payload,
  }));
  if (reply.links?.length) {
    const [first, ...rest] = reply.text.split("\n");
    const elements: OaListElement[] = [
      {
        title: (first ?? "").slice(0, 100),
        ...(rest.length ? { subtitle: rest.join("\n").slice(0, 500) } : {}),
      },
      ...reply.links.slice(0, 4).map((k) => ({
        title: k.title,
        ...(k.subtitle ? { subtitle: k.subtitle } : {}),
        action: { type: "oa.open.url" as const, url: k.url },
      })),
    ];
    return { text: reply.text, list: JSON.stringify({ elements, buttons }) };
  }
  return { text: reply.text, ...(buttons.length ? { buttons: JSON.stringify(buttons) } : {}) };
}

/**
 * Logs an outbound message in the conversation and queues it as a `bot_reply` notification
 * in the caller's transaction: one sender and one rate limit for everything the OA sends.
 */
export async function sendBotReply(
  tx: PgTx,
  input: { citizenId: string; reply: BotReply; dedupeKey: string; staffId?: string },
): Promise<string> {
  const shown = [input.reply.text, ...(input.reply.links ?? []).map((k) => `• ${k.title} ${k.url}`)].join(
    "\n",
  );
  const notificationId = await notifyCitizen(tx, {
    citizenId: input.citizenId,
    kind: "bot_reply",
    dedupeKey: input.dedupeKey,
    params: replyParams(input.reply),
  });
  // clock_timestamp, not now(): the citizen's message and this reply share a transaction,
  // and the clerk's view orders them by time.
  await tx.query(
    `INSERT INTO "BotMessage" (id, "citizenId", direction, text, "staffId", "notificationId", "createdAt")
     VALUES (gen_random_uuid()::text, $1, 'out', $2, $3, $4, clock_timestamp())`,
    [input.citizenId, shown.slice(0, 4000), input.staffId ?? null, notificationId],
  );
  return notificationId;
}
