import { randomUUID } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { R } from "../../../bot/src/replies.js";
import type { AppContext } from "../platform/context.js";
import { inPgTransaction } from "../platform/db.js";
import { notFound } from "../platform/errors.js";
import type { ConversationDetail, ConversationMessage, ConversationSummary } from "./conversation.schema.js";
import { fetchZaloMedia } from "./zalo-media.js";
import { sendBotReply } from "./send-bot-reply.js";

/** Whose conversations a staff member may see: an admin all, a clerk their agency's and the general ones. */
export interface ConversationScope {
  /** null for an admin. */
  agencyId: string | null;
}

interface Row {
  agencyName: string | null;
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
         m.direction AS "lastDirection", m.text AS "lastText", a.name AS "agencyName"
  FROM "BotConversation" c
  JOIN "Citizen" z ON z.id = c."citizenId"
  LEFT JOIN "Agency" a ON a.id = c."handoffAgencyId"
  LEFT JOIN LATERAL (
    SELECT direction, text FROM "BotMessage" WHERE "citizenId" = c."citizenId" ORDER BY "createdAt" DESC, id DESC LIMIT 1
  ) m ON true
  WHERE c.handoff AND z."deletedAt" IS NULL
    AND ($1::text IS NULL OR c."handoffAgencyId" IS NULL OR c."handoffAgencyId" = $1)`;

/** The same scope as SUMMARY, for writes: $2 is the staff member's agency (null: admin). */
const IN_SCOPE = `($2::text IS NULL OR "handoffAgencyId" IS NULL OR "handoffAgencyId" = $2)`;

function toSummary(r: Row): ConversationSummary {
  return {
    citizenId: r.citizenId,
    displayName: r.displayName,
    language: r.language,
    clerkId: r.handoffStaffId,
    agencyName: r.agencyName,
    waiting: r.lastDirection === "in",
    lastMessage: r.lastText,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Conversations handed to clerks, the ones waiting for an answer first. */
export async function listHandoffConversations(
  ctx: AppContext,
  scope: ConversationScope,
): Promise<ConversationSummary[]> {
  const { rows } = await ctx.pg.query<Row>(`${SUMMARY} ORDER BY c."updatedAt" DESC LIMIT 200`, [
    scope.agencyId,
  ]);
  return rows.map(toSummary).sort((a, b) => Number(b.waiting) - Number(a.waiting));
}

/**
 * One handed-off conversation with its recent messages. A conversation the bot still has is
 * not shown: clerks see what citizens asked to show them, not every chat with the bot.
 */
export async function getHandoffConversation(
  ctx: AppContext,
  citizenId: string,
  scope: ConversationScope,
): Promise<ConversationDetail> {
  const { rows } = await ctx.pg.query<Row>(`${SUMMARY} AND c."citizenId" = $2`, [scope.agencyId, citizenId]);
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
      attachment: attachmentOf(citizenId, m.id, m.payload),
      delivery: (m.notificationId && deliveries.get(m.notificationId)) || null,
      at: m.createdAt.toISOString(),
    })),
  };
}

/** What the clerk's view shows of a stored photo or location (converse.ts writes them). */
function attachmentOf(
  citizenId: string,
  messageId: string,
  payload: unknown,
): ConversationMessage["attachment"] {
  const p = (payload ?? {}) as {
    image?: { url?: string };
    location?: { lat?: number; lon?: number; commune?: string | null };
  };
  if (p.image?.url)
    return {
      kind: "image",
      url: `/api/staff/conversations/${encodeURIComponent(citizenId)}/messages/${encodeURIComponent(messageId)}/image`,
    };
  if (typeof p.location?.lat === "number" && typeof p.location.lon === "number")
    return {
      kind: "location",
      lat: p.location.lat,
      lon: p.location.lon,
      commune: p.location.commune ?? null,
    };
  return null;
}

/**
 * The photo of one message of a handed-off conversation, fetched from Zalo's CDN for the
 * clerk (the console loads images from our origin only), if it is an image indeed.
 */
export async function handoffImage(
  ctx: AppContext,
  citizenId: string,
  messageId: string,
  scope: ConversationScope,
): Promise<{ mimeType: string; bytes: Buffer }> {
  const { rows } = await ctx.pg.query(`${SUMMARY} AND c."citizenId" = $2`, [scope.agencyId, citizenId]);
  if (!rows[0]) throw notFound("conversation");
  const m = await ctx.db.botMessage.findFirst({ where: { id: messageId, citizenId } });
  const url = (m?.payload as { image?: { url?: string } } | null)?.image?.url;
  if (!url) throw notFound("photo");
  const bytes = await fetchZaloMedia(ctx, url);
  const type = bytes ? await fileTypeFromBuffer(bytes) : undefined;
  if (!bytes || !type || !["image/jpeg", "image/png", "image/webp", "image/gif"].includes(type.mime))
    throw notFound("photo");
  return { mimeType: type.mime, bytes };
}

/** A clerk's answer, sent through the OA like every other message (and logged as theirs). */
export async function replyAsClerk(
  ctx: AppContext,
  input: { citizenId: string; staffId: string; text: string } & ConversationScope,
): Promise<void> {
  await inPgTransaction(ctx.pg, async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE "BotConversation" SET "handoffStaffId" = $3, "updatedAt" = now()
       WHERE "citizenId" = $1 AND handoff AND ${IN_SCOPE}`,
      [input.citizenId, input.agencyId, input.staffId],
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
  input: { citizenId: string; staffId: string } & ConversationScope,
): Promise<void> {
  await inPgTransaction(ctx.pg, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`bot:${input.citizenId}`]);
    const { rows } = await tx.query<{ language: "vi" | "en" | "zh" }>(
      `UPDATE "BotConversation" c SET handoff = false, "handoffStaffId" = NULL, "handoffAgencyId" = NULL,
         state = jsonb_build_object('step', 'idle', 'lastEventKey', c.state->'lastEventKey'), "updatedAt" = now()
       FROM "Citizen" z WHERE z.id = c."citizenId" AND c."citizenId" = $1 AND c.handoff
         AND ($2::text IS NULL OR c."handoffAgencyId" IS NULL OR c."handoffAgencyId" = $2)
       RETURNING z.language::text AS language`,
      [input.citizenId, input.agencyId],
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
