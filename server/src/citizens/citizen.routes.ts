import type { Router } from "express";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { makeRouter, route } from "../platform/http.js";
import { requireCitizen, signInWithZalo } from "./citizen-auth.js";
import { toCitizenView } from "./citizen.mapper.js";
import { citizenView, signInBody, signInResponse, updateMeBody } from "./citizen.schema.js";
import { eraseCitizen } from "./erase-citizen.js";
import { locationFromToken, removePhone, savePhoneFromToken } from "./exchange-zalo-tokens.js";
import { z } from "zod";

export function citizenRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  const auth = requireCitizen(ctx);

  route(r, {
    method: "post",
    path: "/auth/zalo",
    summary: "Sign in with the mini app's Zalo access token",
    tag: "Citizens",
    body: signInBody,
    response: signInResponse,
    errors: [401, 502],
    handler: async ({ body }) => {
      const { token, expiresAt, citizen } = await signInWithZalo(ctx, body);
      return { token, expiresAt: expiresAt.toISOString(), citizen: toCitizenView(citizen) };
    },
  });

  route(r, {
    method: "get",
    path: "/me",
    summary: "The signed-in citizen",
    tag: "Citizens",
    auth: "citizen",
    middleware: [auth],
    response: citizenView,
    handler: async ({ req }) => {
      const c = await ctx.db.citizen.findUnique({ where: { id: req.citizen!.id } });
      if (!c) throw new AppError("UNAUTHENTICATED");
      return toCitizenView(c);
    },
  });

  route(r, {
    method: "patch",
    path: "/me",
    summary: "Change language, quiet hours or which kinds of messages to receive",
    tag: "Citizens",
    auth: "citizen",
    middleware: [auth],
    body: updateMeBody,
    response: citizenView,
    handler: async ({ req, body }) => {
      const prefs = body.messagePrefs
        ? {
            ...((await ctx.db.citizen.findUnique({ where: { id: req.citizen!.id } }))?.messagePrefs as
              Record<string, boolean> | undefined),
            ...body.messagePrefs,
          }
        : undefined;
      const c = await ctx.db.citizen.update({
        where: { id: req.citizen!.id },
        data: {
          ...(prefs ? { messagePrefs: prefs } : {}),
          ...(body.language ? { language: body.language } : {}),
          ...(body.quietHours !== undefined
            ? { quietHoursFrom: body.quietHours?.from ?? null, quietHoursTo: body.quietHours?.to ?? null }
            : {}),
        },
      });
      return toCitizenView(c);
    },
  });

  route(r, {
    method: "delete",
    path: "/me",
    summary: "Erase my personal data (Law 91/2025)",
    tag: "Citizens",
    auth: "citizen",
    middleware: [auth],
    handler: async ({ req }) => {
      await eraseCitizen(ctx, req.citizen!.id);
    },
  });

  const tokenBody = z.object({ accessToken: z.string().max(2000), token: z.string().min(1).max(2000) });

  route(r, {
    method: "post",
    path: "/me/phone",
    summary: "Share the Zalo phone number (getPhoneNumber token), with consent",
    tag: "Citizens",
    auth: "citizen",
    middleware: [auth],
    body: tokenBody.extend({
      consent: z.literal(true, "Bạn cần đồng ý để chúng tôi lưu số điện thoại."),
      consentTextVersion: z.string().max(40).default("phone-v1"),
    }),
    response: z.object({ phoneMasked: z.string() }),
    errors: [502],
    handler: ({ req, body }) => savePhoneFromToken(ctx, req.citizen!.id, body),
  });

  route(r, {
    method: "delete",
    path: "/me/phone",
    summary: "Withdraw consent and remove the phone number",
    tag: "Citizens",
    auth: "citizen",
    middleware: [auth],
    handler: async ({ req }) => {
      await removePhone(ctx, req.citizen!.id);
    },
  });

  route(r, {
    method: "post",
    path: "/location",
    summary: "Redeem a getLocation token (the position is returned, not stored)",
    tag: "Citizens",
    auth: "citizen",
    middleware: [auth],
    body: tokenBody,
    response: z.object({ lat: z.number(), lon: z.number() }),
    errors: [502],
    handler: ({ body }) => locationFromToken(ctx, body),
  });

  return r;
}
