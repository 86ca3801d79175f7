import type { AppContext } from "../platform/context.js";
import { AppError, notFound } from "../platform/errors.js";
import { createIncident } from "../incidents/create-incident.js";
import { HAZARDS, isHazard } from "./hazards.js";
import { loadCommunes, type CommuneRow } from "./commune-geo.js";
import { maskPersonalNumbers } from "../incidents/mask-personal-numbers.js";
import { communeAt } from "./subscriptions.js";
import type { StoredInfo } from "./ingest-cap.js";
import { infoFor } from "./alert-message.js";
import { OPEN_STATUSES } from "../incidents/incident-status.js";

export interface SafetyReplyInput {
  alertId: string;
  citizenId: string;
  safe: boolean;
  lat?: number;
  lon?: number;
}

export interface SafetyReplyResult {
  safe: boolean;
  unitCode: string | null;
  incidentPublicId: string | null;
  /** Help placed at the commune's centre: the person shared no usable location (yet). */
  approximateLocation: boolean;
}

/** Higher than every report category: a person asking for help during a disaster. */
export const SAFETY_INCIDENT_PRIORITY = 10;

const INCIDENT_CATEGORY: Record<string, string> = {
  flash_flood: "landslide",
  landslide: "landslide",
  land_subsidence: "landslide",
  flood: "flooding",
  heavy_rain: "flooding",
  storm: "flooding",
  forest_fire: "forest_fire",
};

const CLAIM = "claiming";

/**
 * "Tôi an toàn" / "Tôi cần giúp đỡ" from the message's buttons (via the OA bot) or the mini
 * app. One answer per person and alert (the latest counts). A first call for help becomes a
 * high-priority incident for the IOC at the person's location, or their commune's centre
 * (flagged as approximate) when they shared none; a second tap never makes a second
 * incident, and a location shared with it moves the incident there.
 */
export async function recordSafetyReply(
  ctx: AppContext,
  input: SafetyReplyInput,
): Promise<SafetyReplyResult> {
  const alert = await ctx.db.alert.findUnique({
    where: { id: input.alertId },
    include: { areas: { include: { units: true } } },
  });
  if (!alert) throw notFound("alert");
  const units = alert.areas.flatMap((a) => a.units.map((u) => u.unitCode));
  const [delivery, sub] = await Promise.all([
    ctx.db.alertDelivery.findUnique({
      where: { alertId_citizenId: { alertId: alert.id, citizenId: input.citizenId } },
    }),
    ctx.db.alertSubscription.findFirst({
      where: { citizenId: input.citizenId, unitCode: { in: units } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  // Only people the alert concerns answer it (it reached them, or they follow a place in it).
  if (!delivery && !sub) throw notFound("alert");
  const hasPoint = input.lat !== undefined && input.lon !== undefined;
  if (hasPoint && (!Number.isFinite(input.lat) || !Number.isFinite(input.lon))) {
    throw new AppError("VALIDATION_FAILED", {
      fields: [{ field: "location", message: "Vị trí không hợp lệ." }],
    });
  }
  const communes = await loadCommunes(ctx);
  const at = hasPoint ? communeAt(communes, input.lat!, input.lon!) : undefined;
  // Incidents are routed to communes: a point outside the province cannot place one, so the
  // request goes at the commune's centre, flagged as approximate, like one without a point.
  const point = at ? { lat: input.lat!, lon: input.lon! } : undefined;
  const unitCode = at?.code ?? delivery?.unitCode ?? sub?.unitCode ?? units[0] ?? null;

  const answeredAt = new Date();
  let reply = await ctx.db.safetyReply.upsert({
    where: { alertId_citizenId: { alertId: alert.id, citizenId: input.citizenId } },
    create: {
      alertId: alert.id,
      citizenId: input.citizenId,
      safe: input.safe,
      unitCode,
      lat: point?.lat ?? null,
      lon: point?.lon ?? null,
      answeredAt,
    },
    update: { safe: input.safe, unitCode, answeredAt, ...(point ? { lat: point.lat, lon: point.lon } : {}) },
  });
  const result = (incidentPublicId: string | null): SafetyReplyResult => ({
    safe: input.safe,
    unitCode,
    incidentPublicId,
    approximateLocation: !input.safe && reply.lat === null,
  });
  if (input.safe) return result(await publicIdOf(ctx, reply.incidentId));
  if (!reply.incidentId) {
    // Asked for help already on another message of the chain (the original, before its
    // Update) and that incident is still open: this is the same request.
    const earlier = await openHelpIncidentInChain(ctx, alert.chainId, input.citizenId, reply.id);
    if (earlier) {
      const carried = !point && earlier.lat !== null ? { lat: earlier.lat, lon: earlier.lon } : {};
      const joined = await ctx.db.safetyReply.updateMany({
        where: { id: reply.id, incidentId: null },
        data: { incidentId: earlier.incidentId, ...carried },
      });
      if (joined.count > 0) reply = { ...reply, incidentId: earlier.incidentId, ...carried };
    }
  }
  if (reply.incidentId === CLAIM) return result(null); // being created by the other tap
  if (reply.incidentId) {
    // The same request again; a location shared now (the person may have moved) places it.
    if (point) await placeHelpIncident(ctx, reply.incidentId, helpDescription(alert, at, true), point, at!);
    return result(await publicIdOf(ctx, reply.incidentId));
  }

  // Only the request that claims the row creates the incident (two taps, one incident).
  const claimed = await ctx.db.safetyReply.updateMany({
    where: { id: reply.id, incidentId: null },
    data: { incidentId: CLAIM },
  });
  if (claimed.count === 0) return result(null);
  const commune = communes.find((c) => c.code === unitCode);
  const lat = point?.lat ?? commune?.centroidLat ?? null;
  const lon = point?.lon ?? commune?.centroidLon ?? null;
  try {
    if (lat === null || lon === null) throw new Error("no location for the request for help");
    const incident = await createIncident(ctx, {
      reporterId: input.citizenId,
      category: INCIDENT_CATEGORY[alert.hazard] ?? "other",
      description: helpDescription(alert, commune, Boolean(point)),
      lat,
      lon,
      source: "alert_safety",
      priority: SAFETY_INCIDENT_PRIORITY,
    });
    await ctx.db.safetyReply.update({ where: { id: reply.id }, data: { incidentId: incident.id } });
    return result(incident.publicId);
  } catch (err) {
    await ctx.db.safetyReply.updateMany({
      where: { id: reply.id, incidentId: CLAIM },
      data: { incidentId: null },
    });
    throw err;
  }
}

/** The incident's text: what, where, and whether its point is the person's or the commune's centre. */
function helpDescription(
  alert: { hazard: string; riskLevel: number | null; infos: unknown },
  commune: Pick<CommuneRow, "name" | "type"> | undefined,
  shared: boolean,
): string {
  const info = infoFor(alert.infos as StoredInfo[], "vi");
  const hazard = isHazard(alert.hazard) ? HAZARDS[alert.hazard].vi : alert.hazard;
  return (
    `Người nhận cảnh báo cần giúp đỡ (${hazard}, ${alert.riskLevel !== null ? `cấp độ ${alert.riskLevel}` : "chưa có cấp độ rủi ro"}` +
    `${commune ? `, ${commune.type === "phuong" ? "phường" : "xã"} ${commune.name}` : ""}). ` +
    `${shared ? "Vị trí do người dân chia sẻ." : APPROXIMATE_NOTE}` +
    `${info?.headline ? ` Bản tin: ${info.headline}` : ""}`
  );
}

export const APPROXIMATE_NOTE = "Chưa có vị trí chính xác: tọa độ là trung tâm xã (vị trí gần đúng).";

/**
 * Moves a help incident to the point the person shared after asking (a location sent to
 * the OA after the tap, or a later tap with one): the report, its commune and its text.
 */
async function placeHelpIncident(
  ctx: AppContext,
  incidentId: string,
  description: string,
  point: { lat: number; lon: number },
  commune: CommuneRow,
) {
  await ctx.pg.query(
    `UPDATE "Incident" SET lat = $2, lon = $3, "unitCode" = $4, description = $5, "descriptionPublic" = $6,
       "updatedAt" = now()
     WHERE id = $1 AND source = 'alert_safety' AND (lat, lon, "unitCode") IS DISTINCT FROM ($2, $3, $4)`,
    [incidentId, point.lat, point.lon, commune.code, description, maskPersonalNumbers(description)],
  );
}

async function openHelpIncidentInChain(
  ctx: AppContext,
  chainId: string,
  citizenId: string,
  exceptReplyId: string,
) {
  const { rows } = await ctx.pg.query<{
    incidentId: string;
    publicId: string;
    lat: number | null;
    lon: number | null;
  }>(
    `SELECT s."incidentId", i."publicId", s.lat, s.lon
     FROM "SafetyReply" s JOIN "Alert" a ON a.id = s."alertId" JOIN "Incident" i ON i.id = s."incidentId"
     WHERE a."chainId" = $1 AND s."citizenId" = $2 AND s.id <> $3 AND i.status = ANY($4::"IncidentStatus"[])
     ORDER BY s."answeredAt" DESC LIMIT 1`,
    [chainId, citizenId, exceptReplyId, OPEN_STATUSES],
  );
  return rows[0];
}

async function publicIdOf(ctx: AppContext, incidentId: string | null): Promise<string | null> {
  if (!incidentId || incidentId === CLAIM) return null;
  const i = await ctx.db.incident.findUnique({ where: { id: incidentId }, select: { publicId: true } });
  return i?.publicId ?? null;
}

export interface SafetyBoardRow {
  unitCode: string;
  communeName: string;
  recipients: number;
  safe: number;
  needHelp: number;
  noAnswer: number;
  helpRequests: { incidentPublicId: string | null; at: string; lat: number | null; lon: number | null }[];
}

/**
 * Per commune, over the alert's whole chain (the original, its Updates, its Cancel): people
 * reached by any of its messages, each counted once in the commune of the latest message
 * planned for them, and each person's latest answer, whichever message they answered.
 */
export async function safetyBoard(ctx: AppContext, alertId: string): Promise<SafetyBoardRow[]> {
  const chain = `chain AS (
       SELECT id FROM "Alert" WHERE "chainId" = (SELECT "chainId" FROM "Alert" WHERE id = $1)
     ), latest AS (
       SELECT DISTINCT ON (s."citizenId") s.*
       FROM "SafetyReply" s WHERE s."alertId" IN (SELECT id FROM chain)
       ORDER BY s."citizenId", s."answeredAt" DESC, s."createdAt" DESC
     )`;
  const { rows } = await ctx.pg.query<{
    unitCode: string;
    recipients: number;
    safe: number;
    help: number;
  }>(
    `WITH ${chain}, people AS (
       SELECT DISTINCT ON (d."citizenId") d."citizenId", d."unitCode"
       FROM "AlertDelivery" d WHERE d."alertId" IN (SELECT id FROM chain)
       ORDER BY d."citizenId", d."createdAt" DESC
     ), r AS (
       SELECT coalesce(s."unitCode", p."unitCode") AS "unitCode", s.safe, p."citizenId" IS NOT NULL AS reached
       FROM latest s FULL JOIN people p ON p."citizenId" = s."citizenId"
     )
     SELECT "unitCode", count(*) FILTER (WHERE reached)::int AS recipients,
            count(*) FILTER (WHERE safe)::int AS safe, count(*) FILTER (WHERE safe = false)::int AS help
     FROM r WHERE "unitCode" IS NOT NULL GROUP BY "unitCode" ORDER BY help DESC, "unitCode"`,
    [alertId],
  );
  const help = await ctx.pg.query<{
    unitCode: string;
    publicId: string | null;
    at: Date;
    lat: number | null;
    lon: number | null;
  }>(
    `WITH ${chain}
     SELECT s."unitCode", i."publicId", s."answeredAt" AS at, s.lat, s.lon
     FROM latest s LEFT JOIN "Incident" i ON i.id = s."incidentId"
     WHERE s.safe = false ORDER BY s."answeredAt" DESC LIMIT 500`,
    [alertId],
  );
  const communes = await loadCommunes(ctx);
  return rows.map((r) => ({
    unitCode: r.unitCode,
    communeName: communes.find((c) => c.code === r.unitCode)?.name ?? r.unitCode,
    recipients: r.recipients,
    safe: r.safe,
    needHelp: r.help,
    noAnswer: Math.max(0, r.recipients - r.safe - r.help),
    helpRequests: help.rows
      .filter((h) => h.unitCode === r.unitCode)
      .map((h) => ({ incidentPublicId: h.publicId, at: h.at.toISOString(), lat: h.lat, lon: h.lon })),
  }));
}

/**
 * People asking for help now, for the console's dashboard: per chain with a message still in
 * force, each person's latest answer (help asked under the original still counts once its
 * Update is what is in force, and a person who said "Tôi an toàn" since does not).
 */
export async function countHelpRequests(ctx: AppContext): Promise<number> {
  const { rows } = await ctx.pg.query<{ n: number }>(
    `SELECT count(*) FILTER (WHERE NOT latest.safe)::int AS n FROM (
       SELECT DISTINCT ON (a."chainId", s."citizenId") s.safe
       FROM "SafetyReply" s JOIN "Alert" a ON a.id = s."alertId"
       WHERE a."chainId" IN (SELECT "chainId" FROM "Alert" WHERE status = 'active' AND expires > now())
       ORDER BY a."chainId", s."citizenId", s."answeredAt" DESC, s."createdAt" DESC
     ) latest`,
  );
  return rows[0]?.n ?? 0;
}
