import { randomUUID } from "node:crypto";
import { R } from "../../../bot/src/replies.js";
import type { AppContext } from "../platform/context.js";
import { inPgTransaction } from "../platform/db.js";
import { notFound } from "../platform/errors.js";
import type { ConversationDetail, ConversationSummary } from "./conversation.schema.js";
import { sendBotReply } from "./send-bot-reply.js";

interface Row {
  citizenId: string;
  displayName: string | null;
  language: "vi" | "en" | "zh";
  handoffStaffId: string | null;
  updatedAt: Date;
  lastDirection: string | null;
  lastText: string | null;
}

const SUMMARY = `
  SELECT c."citizenId", z."displayName", z.language::text AS language, c."handoffStaffId", c."updatedAt",
         m.direction AS "lastDirection", m.text AS "lastText"
  FROM "BotConversation" c
  JOIN "Citizen" z ON z.id = c."citizenId"
  LEFT JOIN LATERAL (
    SELECT direction, text FROM "BotMessage" WHERE "citizenId" = c."citizenId" ORDER BY "createdAt" DESC, id DESC LIMIT 1
  ) m ON true
  WHERE c.handoff AND z."deletedAt" IS NULL`;

function toSummary(r: Row): ConversationSummary {
  return {
    citizenId: r.citizenId,
    displayName: r.displayName,
    language: r.language,
    clerkId: r.handoffStaffId,
    waiting: r.lastDirection === "in",
    lastMessage: r.lastText,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Conversations handed to clerks, the ones waiting for an answer first. */
export async function listHandoffConversations(ctx: AppContext): Promise<ConversationSummary[]> {
  const { rows } = await ctx.pg.query<Row>(`${SUMMARY} ORDER BY c."updatedAt" DESC LIMIT 200`);
  return rows.map(toSummary).sort((a, b) => Number(b.waiting) - Number(a.waiting));
}

/**
 * One handed-off conversation with its recent messages. A conversation the bot still has is
 * not shown: clerks see what citizens asked to show them, not every chat with the bot.
 */
export async function getHandoffConversation(
  ctx: AppContext,
  citizenId: string,
): Promise<ConversationDetail> {
  const { rows } = await ctx.pg.query<Row>(`${SUMMARY} AND c."citizenId" = $1`, [citizenId]);
  const row = rows[0];
  if (!row) throw notFound("conversation");
  const messages = await ctx.db.botMessage.findMany({
    where: { citizenId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
  });
  const ids = messages.flatMap((m) => (m.notificationId ? [m.notificationId] : []));
  const deliveries = new Map(
    (
      await ctx.db.notification.findMany({
        where: { id: { in: ids } },
        select: { id: true, status: true, reason: true },
      })
    ).map((n) => [n.id, { status: n.status, reason: n.reason }]),
  );
  return {
    ...toSummary(row),
    messages: messages.reverse().map((m) => ({
      id: m.id,
      direction: m.direction === "out" ? "out" : "in",
      text: m.text,
      staffId: m.staffId,
      delivery: (m.notificationId && deliveries.get(m.notificationId)) || null,
      at: m.createdAt.toISOString(),
    })),
  };
}

/** A clerk's answer, sent through the OA like every other message (and logged as theirs). */
export async function replyAsClerk(
  ctx: AppContext,
  input: { citizenId: string; staffId: string; text: string },
): Promise<void> {
  await inPgTransaction(ctx.pg, async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE "BotConversation" SET "handoffStaffId" = $2, "updatedAt" = now() WHERE "citizenId" = $1 AND handoff`,
      [input.citizenId, input.staffId],
    );
    if (!rowCount) throw notFound("conversation");
    await sendBotReply(tx, {
      citizenId: input.citizenId,
      reply: { text: input.text },
      dedupeKey: `clerk:${randomUUID()}`,
      staffId: input.staffId,
    });
  });
}

/** The clerk is done: the bot takes the conversation back and tells the citizen so. */
export async function handBack(
  ctx: AppContext,
  input: { citizenId: string; staffId: string },
): Promise<void> {
  await inPgTransaction(ctx.pg, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`bot:${input.citizenId}`]);
    const { rows } = await tx.query<{ language: "vi" | "en" | "zh" }>(
      `UPDATE "BotConversation" c SET handoff = false, "handoffStaffId" = NULL,
         state = jsonb_build_object('step', 'idle', 'lastEventKey', c.state->'lastEventKey'), "updatedAt" = now()
       FROM "Citizen" z WHERE z.id = c."citizenId" AND c."citizenId" = $1 AND c.handoff
       RETURNING z.language::text AS language`,
      [input.citizenId],
    );
    const row = rows[0];
    if (!row) throw notFound("conversation");
    await sendBotReply(tx, {
      citizenId: input.citizenId,
      reply: R.handedBack(row.language),
      dedupeKey: `handback:${randomUUID()}`,
      staffId: input.staffId,
    });
  });
}
