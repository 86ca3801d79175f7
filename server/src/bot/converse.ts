import { z } from "zod";
import { classify, type Lang } from "../../../bot/src/intents.js";
import {
  PREF_KINDS,
  hhmm,
  isCancel,
  isConfirm,
  isMenu,
  isSkip,
  parseLanguage,
  parsePrefCommand,
  pickNumber,
} from "../../../bot/src/commands.js";
import { NEXT_STEP, R, menu, type BotReply } from "../../../bot/src/replies.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { inPgTransaction, type Citizen, type PgTx } from "../platform/db.js";
import { STATUS_TEXT } from "../dossiers/dossier-status.js";
import { searchProcedures } from "../procedures/search-procedures.js";
import { foldVietnamese, foldedWords } from "../procedures/fold.js";
import { INCIDENT_CATEGORIES, categoryName } from "../incidents/categories.js";
import { createIncident } from "../incidents/create-incident.js";
import { storeIncidentPhoto } from "../incidents/store-incident-photo.js";
import { loadCommunes, type CommuneRow } from "../alerts/commune-geo.js";
import { communeAt, listSubscriptions, subscribe, unsubscribe } from "../alerts/subscriptions.js";
import type { ZaloEvent } from "./zalo-event.schema.js";
import { sendBotReply } from "./send-bot-reply.js";
import { fetchZaloMedia } from "./zalo-media.js";
import { parseSafetyPayload } from "../alerts/safety-payload.js";
import { recordSafetyReply } from "../alerts/safety.js";

/** Where a citizen is in a conversation (BotConversation.state). */
export const conversationState = z.object({
  step: z
    .enum([
      "idle",
      "dossier_code",
      "procedure_query",
      "incident_category",
      "incident_description",
      "incident_photo",
      "incident_location",
      "incident_confirm",
      "alert_place",
      "alert_choice",
      "alert_unsubscribe",
      "language",
      "prefs",
    ])
    .catch("idle"),
  /** The last inbound event applied: a redelivered job changes nothing twice. */
  lastEventKey: z.string().optional(),
  incident: z
    .object({
      category: z.string().optional(),
      description: z.string().optional(),
      fileId: z.string().optional(),
      lat: z.number().optional(),
      lon: z.number().optional(),
      commune: z.string().optional(),
    })
    .optional(),
  communeChoices: z.array(z.string()).optional(),
  /** The subscriptions offered by number when the citizen asked to stop alerts. */
  subscriptionChoices: z.array(z.string()).optional(),
  /** After "Tôi cần giúp đỡ": a location sent before `until` goes to that request for help. */
  help: z.object({ alertId: z.string(), until: z.string() }).optional(),
});
export type ConversationState = z.infer<typeof conversationState>;

/** What one inbound event brings: text, a photo, a location, or something else. */
interface Inbound {
  text: string | null;
  imageUrl: string | null;
  location: { lat: number; lon: number } | null;
  /** A submitted form (user_submit_info) rather than a message. */
  info: boolean;
}

function inboundOf(e: ZaloEvent): Inbound {
  const atts = e.message?.attachments ?? [];
  const loc = atts.find((a) => a.type === "location")?.payload?.coordinates;
  const img = atts.find((a) => a.type === "image")?.payload?.url;
  return {
    info: e.event_name === "user_submit_info",
    text: e.message?.text?.trim() || null,
    imageUrl: img ?? null,
    location:
      loc && Number.isFinite(loc.latitude) && Number.isFinite(loc.longitude)
        ? { lat: loc.latitude, lon: loc.longitude }
        : null,
  };
}

/** How an inbound message is kept for the clerk's view: its text, or what it was. */
function logText(i: Inbound): string {
  return (
    i.text ??
    (i.location
      ? "[vị trí / location]"
      : i.imageUrl
        ? "[ảnh / photo]"
        : i.info
          ? "[thông tin / details]"
          : "[tệp / attachment]")
  );
}

/**
 * What a clerk needs to see of a photo or a location the citizen sent while a clerk has the
 * conversation (BotMessage.payload): the photo's Zalo URL (the console shows it through our
 * server), the coordinates and their commune. Not kept while the bot has the conversation:
 * the bot acts on them at once, and a person's whereabouts are not logged for nothing.
 */
async function attachmentFor(ctx: AppContext, i: Inbound): Promise<object | null> {
  if (i.imageUrl) return { image: { url: i.imageUrl } };
  if (i.location) {
    const c = communeAt(await loadCommunes(ctx), i.location.lat, i.location.lon);
    return { location: { ...i.location, commune: c ? communeLabel(c) : null } };
  }
  return null;
}

const miniappBase = (ctx: AppContext) =>
  `${ctx.config.PUBLIC_BASE_URL ?? `http://localhost:${ctx.config.PORT}`}/miniapp/#`;
const langOf = (c: Citizen): Lang => (c.language === "en" || c.language === "zh" ? c.language : "vi");

/**
 * One inbound OA message through the conversation: the state machine in BotConversation.state,
 * under a per-citizen transaction lock (two messages sent quickly are handled in order, not
 * interleaved), the message and the reply logged for the clerk's view, the reply queued as a
 * notification (one global OA rate limit, alerts first). While a clerk has the conversation,
 * the bot only records what the citizen writes.
 */
export async function converse(
  ctx: AppContext,
  citizen: Citizen,
  event: ZaloEvent,
  eventKey: string,
): Promise<void> {
  const inbound = inboundOf(event);
  await inPgTransaction(ctx.pg, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`bot:${citizen.id}`]);
    const { rows } = await tx.query<{ state: unknown; handoff: boolean }>(
      `SELECT state, handoff FROM "BotConversation" WHERE "citizenId" = $1`,
      [citizen.id],
    );
    const state = conversationState.parse(rows[0]?.state ?? {});
    if (state.lastEventKey === eventKey) return; // already handled (a redelivered job)
    let handoff = rows[0]?.handoff ?? false;
    const attachment = handoff ? await attachmentFor(ctx, inbound) : null;
    await tx.query(
      `INSERT INTO "BotMessage" (id, "citizenId", direction, text, payload, "createdAt")
       VALUES (gen_random_uuid()::text, $1, 'in', $2, $3::jsonb, clock_timestamp())`,
      [citizen.id, logText(inbound).slice(0, 4000), attachment ? JSON.stringify(attachment) : null],
    );
    let next: ConversationState = { ...state, lastEventKey: eventKey };
    let reply: BotReply | null = null;
    // "Tôi an toàn" / "Tôi cần giúp đỡ" under an alert, and the location that follows a request
    // for help, are never held back by a hand-off: they are recorded (and help becomes an
    // incident) at once, and the clerk keeps the conversation.
    const safetyTurn =
      (inbound.text !== null && parseSafetyPayload(inbound.text) !== undefined) ||
      (inbound.location !== null && pendingHelp(state) !== undefined);
    if (handoff && !safetyTurn && !(inbound.text && isMenu(inbound.text))) {
      // The clerk answers from the console; the bot stays silent.
    } else {
      if (handoff && !safetyTurn) handoff = false; // the citizen left the clerk by asking for the menu
      const fresh = await withCurrentLanguage(tx, citizen);
      const out = await step(ctx, fresh, state, inbound);
      // A pending request for help outlives the other steps until its location comes or its time is up.
      const help = out.helpDone ? undefined : (out.state.help ?? pendingHelp(state));
      next = { ...out.state, help, lastEventKey: eventKey };
      reply = out.reply;
      if (out.handoff) handoff = true;
    }
    // A conversation handed to clerks goes to the agency of the citizen's latest open
    // dossier (most questions are about it); without one, to every clerk. Kept while the
    // hand-off lasts, cleared with it.
    await tx.query(
      `INSERT INTO "BotConversation" ("citizenId", state, handoff, "handoffAgencyId", "updatedAt")
       SELECT $1, $2::jsonb, $3,
              CASE WHEN $3 THEN (SELECT d."agencyId" FROM "Dossier" d WHERE d."citizenId" = $1
                AND d.status NOT IN ('not_received', 'withdrawn', 'stopped', 'result_returned')
                ORDER BY d."updatedAt" DESC LIMIT 1) END,
              now()
       ON CONFLICT ("citizenId") DO UPDATE SET state = EXCLUDED.state, handoff = EXCLUDED.handoff,
         "handoffStaffId" = CASE WHEN EXCLUDED.handoff THEN "BotConversation"."handoffStaffId" END,
         "handoffAgencyId" = CASE WHEN EXCLUDED.handoff AND "BotConversation".handoff
                                  THEN "BotConversation"."handoffAgencyId"
                                  WHEN EXCLUDED.handoff THEN EXCLUDED."handoffAgencyId" END,
         "updatedAt" = now()`,
      [citizen.id, JSON.stringify(next), handoff],
    );
    if (reply) await sendBotReply(tx, { citizenId: citizen.id, reply, dedupeKey: `bot:${eventKey}` });
  });
}

/** The citizen as it is now (a language change earlier in this conversation counts). */
async function withCurrentLanguage(tx: PgTx, citizen: Citizen): Promise<Citizen> {
  const { rows } = await tx.query<{ language: Citizen["language"] }>(
    `SELECT language FROM "Citizen" WHERE id = $1`,
    [citizen.id],
  );
  return { ...citizen, language: rows[0]?.language ?? citizen.language };
}

interface StepResult {
  state: ConversationState;
  reply: BotReply;
  handoff?: boolean;
  /** The pending request for help is settled (its location came, or the person is safe). */
  helpDone?: boolean;
}

/** How long after "Tôi cần giúp đỡ" a location sent to the OA is taken as that request's. */
export const HELP_LOCATION_MINUTES = 30;

const pendingHelp = (state: ConversationState) =>
  state.help && Date.parse(state.help.until) > Date.now() ? state.help : undefined;

const idle = (reply: BotReply, extra: Partial<StepResult> = {}): StepResult => ({
  state: { step: "idle" },
  reply,
  ...extra,
});

async function step(
  ctx: AppContext,
  citizen: Citizen,
  state: ConversationState,
  inbound: Inbound,
): Promise<StepResult> {
  const l = langOf(citizen);
  const text = inbound.text;
  // "menu" and "huỷ" work from every step.
  if (text && isMenu(text)) return idle(menu(l));
  // A tap on "Tôi an toàn" / "Tôi cần giúp đỡ" under an alert, from any step.
  const safety = text ? parseSafetyPayload(text) : undefined;
  if (safety) {
    try {
      const r = await recordSafetyReply(ctx, { ...safety, citizenId: citizen.id });
      if (r.safe) return { state, reply: R.safetyRecorded(l, true, r.incidentPublicId), helpDone: true };
      // Help first: whatever the conversation was doing, the next location is for the rescuers.
      const until = new Date(Date.now() + HELP_LOCATION_MINUTES * 60_000).toISOString();
      return {
        state: { step: "idle", help: { alertId: safety.alertId, until } },
        reply: R.safetyRecorded(l, false, r.incidentPublicId, HELP_LOCATION_MINUTES),
      };
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return { state, reply: R.safetyUnknown(l) };
      throw err;
    }
  }
  const help = pendingHelp(state);
  if (inbound.location && help) {
    const r = await recordSafetyReply(ctx, {
      alertId: help.alertId,
      citizenId: citizen.id,
      safe: false,
      lat: inbound.location.lat,
      lon: inbound.location.lon,
    }).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) return null; // the alert is gone
      throw err;
    });
    if (!r) return { state, reply: R.safetyUnknown(l), helpDone: true };
    return {
      state: { ...state, help: undefined },
      reply: r.approximateLocation
        ? R.helpLocationOutside(l, r.incidentPublicId)
        : R.helpLocationReceived(l, r.incidentPublicId),
      helpDone: true,
    };
  }
  if (text && state.step !== "idle" && isCancel(text)) return idle(R.cancelled(l));

  switch (state.step) {
    case "dossier_code":
      if (!text) return { state, reply: R.askDossierCode(l) };
      {
        const intent = classify(text);
        if (intent.kind === "dossier_lookup" && intent.code)
          return idle(await lookupDossier(ctx, citizen, intent.code));
        return { state, reply: R.badDossierCode(l) };
      }
    case "procedure_query": {
      if (!text) return { state, reply: R.askProcedureQuery(l) };
      // A menu number ("6": a clerk, as the answers suggest) or a request the catalog cannot
      // search ("联系工作人员") is a fresh message, not a query.
      const kind = classify(text).kind;
      const other = kind !== "unknown" && kind !== "procedure_search";
      if (other && (/^\d$/.test(text.normalize("NFKC")) || !hasSearchableWords(text))) break;
      return findProcedures(ctx, l, text);
    }
    case "incident_category": {
      const n = text ? pickNumber(text, INCIDENT_CATEGORIES.length) : null;
      if (!n) return { state, reply: R.badCategory(l) };
      const category = INCIDENT_CATEGORIES[n - 1]!.key;
      return {
        state: { step: "incident_description", incident: { category } },
        reply: R.askDescription(l, categoryName(category, l)),
      };
    }
    case "incident_description":
      if (!text || text.length < 3) {
        return { state, reply: R.askDescription(l, categoryName(state.incident?.category ?? "", l)) };
      }
      return {
        state: { step: "incident_photo", incident: { ...state.incident, description: text.slice(0, 2000) } },
        reply: R.askPhoto(l),
      };
    case "incident_photo":
      if (inbound.imageUrl) {
        const fileId = await takePhoto(ctx, citizen.id, inbound.imageUrl);
        if (!fileId) return { state, reply: R.photoFailed(l) };
        return {
          state: { step: "incident_location", incident: { ...state.incident, fileId } },
          reply: R.askLocation(l, true),
        };
      }
      if (text && isSkip(text))
        return { state: { ...state, step: "incident_location" }, reply: R.askLocation(l, false) };
      if (inbound.location) return confirmWithLocation(ctx, l, state, inbound.location);
      return { state, reply: R.askPhoto(l) };
    case "incident_location":
      if (!inbound.location) return { state, reply: R.askLocation(l, false) };
      return confirmWithLocation(ctx, l, state, inbound.location);
    case "incident_confirm":
      if (text && isConfirm(text)) return submitIncident(ctx, citizen, l, state);
      return { state, reply: confirmReply(l, state) };
    case "alert_place":
      if (inbound.location) return idle(await subscribeAt(ctx, citizen, l, inbound.location));
      if (!text) return { state, reply: R.askAlertPlace(l, []) };
      return subscribeByName(ctx, citizen, l, text);
    case "alert_choice": {
      const choices = state.communeChoices ?? [];
      const n = text ? pickNumber(text, choices.length) : null;
      if (inbound.location) return idle(await subscribeAt(ctx, citizen, l, inbound.location));
      if (!n) return subscribeByName(ctx, citizen, l, text ?? "");
      return idle(await subscribeCommune(ctx, citizen, l, choices[n - 1]!));
    }
    case "alert_unsubscribe": {
      const choices = state.subscriptionChoices ?? [];
      const n = text ? pickNumber(text, choices.length + 1) : null;
      if (!n) break; // not a number from the list: treat it as a fresh message
      return idle(await stopAlerts(ctx, citizen, l, n <= choices.length ? [choices[n - 1]!] : choices));
    }
    case "language": {
      const lang = text ? parseLanguage(text) : null;
      if (!lang) return { state, reply: R.askLanguage() };
      await ctx.db.citizen.update({ where: { id: citizen.id }, data: { language: lang } });
      return idle(R.languageSet(lang));
    }
    case "prefs": {
      const cmd = text ? parsePrefCommand(text) : null;
      if (!cmd) break; // not a settings command: treat it as a fresh message
      return { state, reply: await applyPref(ctx, citizen, l, cmd) };
    }
    case "idle":
      break;
  }

  // A fresh message.
  if (inbound.location) return idle(await subscribeAt(ctx, citizen, l, inbound.location));
  if (!text && inbound.imageUrl) return idle(menu(l));
  // A voice message, video, file, sticker or form: say what the bot can read.
  if (!text) return idle(R.sendTextOrMenu(l, inbound.info ? "info" : "media"));
  const intent = classify(text);
  switch (intent.kind) {
    case "menu":
      return idle(menu(l));
    case "dossier_lookup":
      if (intent.code) return idle(await lookupDossier(ctx, citizen, intent.code));
      return { state: { step: "dossier_code" }, reply: R.askDossierCode(l) };
    case "procedure_search":
      if (intent.query) return findProcedures(ctx, l, intent.query);
      return { state: { step: "procedure_query" }, reply: R.askProcedureQuery(l) };
    case "report_incident":
      return {
        state: { step: "incident_category" },
        reply: R.askCategory(
          l,
          INCIDENT_CATEGORIES.map((cat, i) => ({ n: i + 1, name: cat.names[l] })),
        ),
      };
    case "subscribe_alerts": {
      const subs = await listSubscriptions(ctx, citizen.id);
      return {
        state: { step: "alert_place" },
        reply: R.askAlertPlace(
          l,
          subs.map((s) => s.communeName),
        ),
      };
    }
    case "unsubscribe_alerts": {
      // One place is stopped at once; with several the citizen picks one or all, so that
      // stopping alerts for a hotel left behind does not also silence their home commune.
      const subs = await listSubscriptions(ctx, citizen.id);
      if (subs.length <= 1)
        return idle(
          await stopAlerts(
            ctx,
            citizen,
            l,
            subs.map((x) => x.id),
          ),
        );
      return {
        state: { step: "alert_unsubscribe", subscriptionChoices: subs.map((x) => x.id) },
        reply: R.unsubscribeChoices(
          l,
          subs.map((x) => x.communeName),
        ),
      };
    }
    case "change_language":
      if (intent.lang) {
        await ctx.db.citizen.update({ where: { id: citizen.id }, data: { language: intent.lang } });
        return idle(R.languageSet(intent.lang));
      }
      return { state: { step: "language" }, reply: R.askLanguage() };
    case "talk_to_clerk":
      return idle(R.handoffStarted(l), { handoff: true });
    case "settings":
      return { state: { step: "prefs" }, reply: prefsReply(citizen, l) };
    case "unknown": {
      const pref = parsePrefCommand(text);
      if (pref) return { state: { step: "prefs" }, reply: await applyPref(ctx, citizen, l, pref) };
      // Free text that names nothing we know may still name a procedure. Text without a
      // searchable word (Chinese, emoji) is not searched: the catalog would list anything.
      const hits =
        text.length >= 4 && hasSearchableWords(text)
          ? await searchProcedures(ctx, text, { limit: 3 }).catch(() => [])
          : [];
      if (hits.length)
        return idle(
          R.didYouMean(
            l,
            hits.map((h) => procedureLink(ctx, h)),
          ),
        );
      return idle(R.unknown(l));
    }
  }
}

async function lookupDossier(ctx: AppContext, citizen: Citizen, code: string): Promise<BotReply> {
  const l = langOf(citizen);
  // Scoped to the sender: someone else's code gets the same answer as a code that does not exist.
  const d = await ctx.db.dossier.findFirst({
    where: { code, citizenId: citizen.id },
    select: { code: true, status: true, appointmentAt: true, procedure: { select: { name: true } } },
  });
  if (!d) return R.dossierNotFound(l, code);
  return R.dossierStatus(l, {
    code: d.code,
    procedure: d.procedure.name,
    statusText: STATUS_TEXT[d.status][l],
    nextStep: NEXT_STEP[d.status]?.[l] ?? "",
    ...(d.appointmentAt && !["result_returned", "withdrawn", "not_received"].includes(d.status)
      ? {
          // 23/11/2026 for Vietnamese and English readers, 2026/11/23 for Chinese ones.
          appointment: d.appointmentAt.toLocaleDateString(l === "zh" ? "zh-CN" : "vi-VN", {
            timeZone: "Asia/Ho_Chi_Minh",
          }),
        }
      : {}),
    link: `${miniappBase(ctx)}/dossiers/${encodeURIComponent(d.code)}`,
  });
}

function procedureLink(ctx: AppContext, p: { code: string; name: string; processingDays: number }) {
  return {
    title: p.name,
    subtitle: `${p.code}`,
    url: `${miniappBase(ctx)}/procedures/${encodeURIComponent(p.code)}`,
  };
}

/** The catalog is searched by its (Vietnamese) words: text with no Latin word cannot match. */
const hasSearchableWords = (text: string) => foldedWords(text.normalize("NFKC")).length > 0;

async function findProcedures(ctx: AppContext, l: Lang, query: string): Promise<StepResult> {
  const q = query.slice(0, 200);
  // A query in Chinese would match nothing (and an empty query lists the whole catalog): say
  // that the catalog is Vietnamese and take the next words as the query.
  if (!hasSearchableWords(q))
    return { state: { step: "procedure_query" }, reply: R.procedureNeedsVietnamese(l) };
  const hits = await searchProcedures(ctx, q, { limit: 4 });
  if (!hits.length) return idle(R.noProcedure(l, q));
  return idle(
    R.procedureResults(
      l,
      q,
      hits.map((h) => procedureLink(ctx, h)),
    ),
  );
}

async function takePhoto(ctx: AppContext, citizenId: string, url: string): Promise<string | null> {
  const buffer = await fetchZaloMedia(ctx, url);
  if (!buffer) return null;
  try {
    // The same checks as a mini app upload: type from the bytes, re-encoded without EXIF.
    const file = await storeIncidentPhoto(ctx, citizenId, { buffer } as Express.Multer.File);
    return file.id;
  } catch (e) {
    ctx.logger.info({ err: (e as Error).message }, "bot photo not taken");
    return null;
  }
}

async function confirmWithLocation(
  ctx: AppContext,
  l: Lang,
  state: ConversationState,
  loc: { lat: number; lon: number },
): Promise<StepResult> {
  const commune = communeAt(await loadCommunes(ctx), loc.lat, loc.lon);
  if (!commune) return { state, reply: R.outsideProvince(l) };
  const next: ConversationState = {
    step: "incident_confirm",
    incident: { ...state.incident, lat: loc.lat, lon: loc.lon, commune: communeLabel(commune) },
  };
  return { state: next, reply: confirmReply(l, next) };
}

function confirmReply(l: Lang, state: ConversationState): BotReply {
  const i = state.incident ?? {};
  return R.confirmIncident(l, {
    category: categoryName(i.category ?? "", l),
    description: i.description ?? "",
    hasPhoto: Boolean(i.fileId),
    ...(i.commune ? { commune: i.commune } : {}),
  });
}

async function submitIncident(
  ctx: AppContext,
  citizen: Citizen,
  l: Lang,
  state: ConversationState,
): Promise<StepResult> {
  const i = state.incident ?? {};
  if (!i.category || !i.description || i.lat === undefined || i.lon === undefined)
    return idle(R.cancelled(l));
  // The job can run again after createIncident committed (a crash before this conversation's
  // own commit): the report made a moment ago from the same words is that report.
  const { rows: made } = await ctx.pg.query<{ publicId: string }>(
    `SELECT "publicId" FROM "Incident"
     WHERE "reporterId" = $1 AND source = 'bot' AND description = $2 AND "createdAt" > now() - interval '15 minutes'
     ORDER BY "createdAt" DESC LIMIT 1`,
    [citizen.id, i.description.trim()],
  );
  if (made[0]) {
    return idle(R.incidentCreated(l, made[0].publicId, `${miniappBase(ctx)}/reports/${made[0].publicId}`));
  }
  try {
    const created = await createIncident(ctx, {
      reporterId: citizen.id,
      category: i.category,
      description: i.description,
      lat: i.lat,
      lon: i.lon,
      ...(i.fileId ? { fileIds: [i.fileId] } : {}),
      source: "bot",
    });
    return idle(R.incidentCreated(l, created.publicId, `${miniappBase(ctx)}/reports/${created.publicId}`));
  } catch (e) {
    if (e instanceof AppError) return idle(R.incidentFailed(l, e.fields?.[0]?.message ?? e.userMessage));
    throw e;
  }
}

const communeLabel = (c: Pick<CommuneRow, "name" | "type">) =>
  `${c.type === "phuong" ? "Phường" : "Xã"} ${c.name}`;

async function subscribeAt(
  ctx: AppContext,
  citizen: Citizen,
  l: Lang,
  loc: { lat: number; lon: number },
): Promise<BotReply> {
  const commune = communeAt(await loadCommunes(ctx), loc.lat, loc.lon);
  if (!commune) return R.outsideProvince(l);
  return subscribeCommune(ctx, citizen, l, commune.code);
}

async function subscribeCommune(
  ctx: AppContext,
  citizen: Citizen,
  l: Lang,
  unitCode: string,
): Promise<BotReply> {
  try {
    const s = await subscribe(ctx, {
      citizenId: citizen.id,
      unitCode,
      label: "location",
      source: "oa_location",
      language: citizen.language,
    });
    return R.subscribed(l, `${s.communeType === "phuong" ? "Phường" : "Xã"} ${s.communeName}`);
  } catch (e) {
    if (e instanceof AppError) return { text: e.fields?.[0]?.message ?? e.userMessage };
    throw e;
  }
}

/** Removes the citizen's subscriptions with these ids and names the places that stopped. */
async function stopAlerts(ctx: AppContext, citizen: Citizen, l: Lang, ids: string[]): Promise<BotReply> {
  const subs = (await listSubscriptions(ctx, citizen.id)).filter((x) => ids.includes(x.id));
  // Removed one by one as the mini app does; one already gone (removed in the mini app
  // meanwhile) is simply not named.
  for (const x of subs) await unsubscribe(ctx, citizen.id, x.id);
  return R.unsubscribed(
    l,
    subs.map((x) => x.communeName),
  );
}

async function subscribeByName(
  ctx: AppContext,
  citizen: Citizen,
  l: Lang,
  text: string,
): Promise<StepResult> {
  const wanted = foldVietnamese(text).replace(/^(xa|phuong)\s+/, "");
  if (wanted.length < 2) return { state: { step: "alert_place" }, reply: R.noCommune(l) };
  const communes = await loadCommunes(ctx);
  const exact = communes.filter((x) => foldVietnamese(x.name) === wanted);
  const matches = exact.length ? exact : communes.filter((x) => foldVietnamese(x.name).includes(wanted));
  if (matches.length === 1) return idle(await subscribeCommune(ctx, citizen, l, matches[0]!.code));
  if (matches.length === 0) return { state: { step: "alert_place" }, reply: R.noCommune(l) };
  const shown = matches.slice(0, 8);
  return {
    state: { step: "alert_choice", communeChoices: shown.map((x) => x.code) },
    reply: R.communeChoices(l, shown.map(communeLabel)),
  };
}

function prefsReply(citizen: Citizen, l: Lang): BotReply {
  const prefs = (citizen.messagePrefs ?? {}) as Record<string, boolean>;
  return R.prefs(l, {
    kinds: PREF_KINDS.map((k) => ({ key: k.key, label: k[l], on: prefs[k.key] !== false })),
    quiet:
      citizen.quietHoursFrom != null && citizen.quietHoursTo != null
        ? `${hhmm(citizen.quietHoursFrom)}–${hhmm(citizen.quietHoursTo)}`
        : null,
  });
}

async function applyPref(
  ctx: AppContext,
  citizen: Citizen,
  l: Lang,
  cmd: NonNullable<ReturnType<typeof parsePrefCommand>>,
): Promise<BotReply> {
  let updated = citizen;
  if (cmd.kind === "set") {
    const prefs = { ...((citizen.messagePrefs ?? {}) as Record<string, boolean>), [cmd.key]: cmd.on };
    updated = await ctx.db.citizen.update({ where: { id: citizen.id }, data: { messagePrefs: prefs } });
  } else if (cmd.kind === "quiet") {
    updated = await ctx.db.citizen.update({
      where: { id: citizen.id },
      data: { quietHoursFrom: cmd.from, quietHoursTo: cmd.to },
    });
  } else if (cmd.kind === "quiet_off") {
    updated = await ctx.db.citizen.update({
      where: { id: citizen.id },
      data: { quietHoursFrom: null, quietHoursTo: null },
    });
  }
  return prefsReply(updated, l);
}
