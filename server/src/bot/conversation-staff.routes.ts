import type { Request, Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { asyncHandler, makeRouter, route, routeRegistry } from "../platform/http.js";
import { requireStaff } from "../staff/require-staff.js";
import {
  clerkReplyBody,
  conversationDetail,
  conversationMessageParams,
  conversationParams,
  conversationSummary,
} from "./conversation.schema.js";
import {
  getHandoffConversation,
  handoffImage,
  handBack,
  listHandoffConversations,
  replyAsClerk,
  type ConversationScope,
} from "./hand-off.js";

/** An admin sees every conversation; a clerk their agency's and the general ones. */
const scopeOf = (req: Request): ConversationScope => ({
  agencyId: req.staff!.role === "admin" ? null : req.staff!.agencyId,
});

/** Clerk hand-off: OA conversations a citizen asked to take to a person. Writes are audited. */
export function conversationStaffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const staff = requireStaff(ctx, ["clerk", "admin"]);

  route(r, {
    method: "get",
    path: "/conversations",
    summary: "OA conversations handed to clerks (waiting for an answer first)",
    tag: "Bot",
    auth: "staff",
    middleware: [staff],
    response: z.object({ items: z.array(conversationSummary) }),
    handler: async ({ req }) => ({ items: await listHandoffConversations(ctx, scopeOf(req)) }),
  });

  route(r, {
    method: "get",
    path: "/conversations/:citizenId",
    summary: "One handed-off conversation with its recent messages",
    tag: "Bot",
    auth: "staff",
    middleware: [staff],
    params: conversationParams,
    response: conversationDetail,
    errors: [404],
    handler: async ({ params, req }) => getHandoffConversation(ctx, params.citizenId, scopeOf(req)),
  });

  routeRegistry.push({
    method: "get",
    path: "/api/staff/conversations/{citizenId}/messages/{messageId}/image",
    summary: "A photo the citizen sent to the clerk (fetched from Zalo's CDN)",
    tag: "Bot",
    auth: "staff",
    errors: [404],
    status: 200,
  });
  r.get(
    "/conversations/:citizenId/messages/:messageId/image",
    staff,
    asyncHandler(async (req, res) => {
      const p = conversationMessageParams.safeParse(req.params);
      if (!p.success) throw notFound("photo");
      const img = await handoffImage(ctx, p.data.citizenId, p.data.messageId, scopeOf(req));
      res.type(img.mimeType).setHeader("cache-control", "private, no-store");
      res.send(img.bytes);
    }),
  );

  route(r, {
    method: "post",
    path: "/conversations/:citizenId/reply",
    summary: "Answer the citizen through the OA",
    tag: "Bot",
    auth: "staff",
    middleware: [staff],
    params: conversationParams,
    body: clerkReplyBody,
    response: conversationDetail,
    errors: [400, 404],
    handler: async ({ params, body, req }) => {
      await replyAsClerk(ctx, {
        citizenId: params.citizenId,
        staffId: req.staff!.id,
        text: body.text,
        ...scopeOf(req),
      });
      return getHandoffConversation(ctx, params.citizenId, scopeOf(req));
    },
  });

  route(r, {
    method: "post",
    path: "/conversations/:citizenId/hand-back",
    summary: "Give the conversation back to the bot",
    tag: "Bot",
    auth: "staff",
    middleware: [staff],
    params: conversationParams,
    errors: [404],
    status: 204,
    handler: async ({ params, req }) => {
      await handBack(ctx, { citizenId: params.citizenId, staffId: req.staff!.id, ...scopeOf(req) });
    },
  });
  return r;
}
