import type { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { infoFor } from "./alert-message.js";
import type { citizenAlertView, deliveryStats, staffAlertSummary } from "./alert.schema.js";
import { loadCommunes, type CommuneRow } from "./commune-geo.js";
import { HAZARDS, RISK_LEVELS, isHazard, type Lang, type RiskLevel } from "./hazards.js";
import type { StoredInfo } from "./ingest-cap.js";
import type { CapArea } from "./cap.js";

const WITH_AREAS = { areas: { include: { units: true } } } as const;

type AlertRow = NonNullable<Awaited<ReturnType<AppContext["db"]["alert"]["findUnique"]>>> & {
  areas: {
    areaDesc: string;
    polygons: unknown;
    circles: unknown;
    units: { unitCode: string }[];
  }[];
};

/** The shapes of a stored area (JSON columns written by the ingest from the parsed CAP). */
export function shapesOf(ar: AlertRow["areas"][number]): Pick<CapArea, "polygons" | "circles"> {
  return {
    polygons: Array.isArray(ar.polygons) ? (ar.polygons as CapArea["polygons"]) : [],
    circles: Array.isArray(ar.circles) ? (ar.circles as CapArea["circles"]) : [],
  };
}

/** A bulletin that gives no risk level is shown so, in a neutral grey: we never pick one. */
const NO_LEVEL = {
  colour: "#E9ECEF",
  vi: "chưa có cấp độ rủi ro",
  en: "no risk level given",
  zh: "未给出风险等级",
} as const;

const communeName = (communes: CommuneRow[], code: string) => {
  const c = communes.find((x) => x.code === code);
  return c ? `${c.type === "phuong" ? "Phường" : "Xã"} ${c.name}` : code;
};

export function areasView(a: AlertRow) {
  return a.areas.map((ar) => ({
    areaDesc: ar.areaDesc,
    ...shapesOf(ar),
    units: ar.units.map((u) => u.unitCode),
  }));
}

function toCitizenView(
  a: AlertRow,
  lang: Lang,
  mine: { unitCode: string; label: string }[],
  safety: boolean | undefined,
  communes: CommuneRow[],
): z.infer<typeof citizenAlertView> {
  const info = infoFor(a.infos as unknown as StoredInfo[], lang);
  const level =
    a.riskLevel !== null && a.riskLevel in RISK_LEVELS ? RISK_LEVELS[a.riskLevel as RiskLevel] : null;
  const units = new Set(a.areas.flatMap((ar) => ar.units.map((u) => u.unitCode)));
  return {
    id: a.id,
    msgType: a.msgType,
    status: a.status,
    hazard: a.hazard,
    hazardName: isHazard(a.hazard) ? HAZARDS[a.hazard][lang] : a.hazard,
    riskLevel: a.riskLevel,
    levelColour: level?.colour ?? NO_LEVEL.colour,
    levelName: level?.[lang] ?? NO_LEVEL[lang],
    language: info?.language ?? "vi",
    headline: info?.headline ?? null,
    description: info?.description ?? null,
    instruction: info?.instruction ?? null,
    senderName: info?.senderName ?? null,
    sent: a.sent.toISOString(),
    expires: a.expires.toISOString(),
    areas: areasView(a),
    myPlaces: mine
      .filter((m) => units.has(m.unitCode))
      .map((m) => ({ unitCode: m.unitCode, communeName: communeName(communes, m.unitCode), label: m.label })),
    mySafety: safety === undefined ? null : safety ? "safe" : "help",
  };
}

/** The language a citizen reads alerts in: the one asked for, else their subscription's, else their profile's. */
async function readingLanguage(ctx: AppContext, citizenId: string, asked?: Lang): Promise<Lang> {
  if (asked) return asked;
  const sub = await ctx.db.alertSubscription.findFirst({
    where: {
      citizenId,
      language: { not: null },
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
    orderBy: { createdAt: "desc" },
  });
  if (sub?.language) return sub.language;
  const c = await ctx.db.citizen.findUnique({ where: { id: citizenId }, select: { language: true } });
  return c?.language ?? "vi";
}

/** Active alerts (not expired, not cancelled or superseded) that cover one of the citizen's places. */
export async function activeAlertsFor(ctx: AppContext, citizenId: string, asked?: Lang) {
  const subs = await ctx.db.alertSubscription.findMany({
    where: { citizenId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { unitCode: true, label: true },
  });
  const lang = await readingLanguage(ctx, citizenId, asked);
  if (subs.length === 0) return { language: lang, alerts: [] };
  const alerts = (await ctx.db.alert.findMany({
    where: {
      status: "active",
      capStatus: "Actual",
      expires: { gt: new Date() },
      areas: { some: { units: { some: { unitCode: { in: subs.map((s) => s.unitCode) } } } } },
    },
    include: WITH_AREAS,
    orderBy: [{ riskLevel: { sort: "desc", nulls: "last" } }, { sent: "desc" }],
    take: 20,
  })) as AlertRow[];
  // An answer given to the original still stands once its Update is what people see.
  const replies = await ctx.db.safetyReply.findMany({
    where: { citizenId, alert: { chainId: { in: alerts.map((a) => a.chainId) } } },
    select: { safe: true, alert: { select: { chainId: true } } },
    orderBy: { answeredAt: "desc" },
  });
  const communes = await loadCommunes(ctx);
  return {
    language: lang,
    alerts: alerts.map((a) =>
      toCitizenView(a, lang, subs, replies.find((r) => r.alert.chainId === a.chainId)?.safe, communes),
    ),
  };
}

/** One alert as a citizen sees it (alerts are public information; their own answer is theirs). */
export async function alertForCitizen(ctx: AppContext, citizenId: string, alertId: string, asked?: Lang) {
  const a = (await ctx.db.alert.findUnique({
    where: { id: alertId },
    include: WITH_AREAS,
  })) as AlertRow | null;
  if (!a || a.capStatus !== "Actual") throw notFound("alert");
  const [subs, reply, lang, communes] = await Promise.all([
    ctx.db.alertSubscription.findMany({ where: { citizenId }, select: { unitCode: true, label: true } }),
    ctx.db.safetyReply.findFirst({
      where: { citizenId, alert: { chainId: a.chainId } },
      orderBy: { answeredAt: "desc" },
    }),
    readingLanguage(ctx, citizenId, asked),
    loadCommunes(ctx),
  ]);
  return toCitizenView(a, lang, subs, reply?.safe, communes);
}

/**
 * Per alert, where its messages are: a delivery's state is its notification's (planned
 * while queued), with the reason for every failure and skip.
 */
export async function deliveryStatsFor(
  ctx: AppContext,
  alertId: string,
): Promise<z.infer<typeof deliveryStats>> {
  const { rows } = await ctx.pg.query<{ status: string; reason: string | null; n: number }>(
    `SELECT coalesce(n.status::text, d.status::text) AS status, coalesce(n.reason, d.reason) AS reason, count(*)::int AS n
     FROM "AlertDelivery" d LEFT JOIN "Notification" n ON n.id = d."notificationId"
     WHERE d."alertId" = $1 GROUP BY 1, 2`,
    [alertId],
  );
  const out: z.infer<typeof deliveryStats> = { total: 0, planned: 0, sent: 0, failed: {}, skipped: {} };
  for (const r of rows) {
    out.total += r.n;
    if (r.status === "queued" || r.status === "planned") out.planned += r.n;
    else if (r.status === "sent") out.sent += r.n;
    else if (r.status === "failed")
      out.failed[r.reason ?? "unknown"] = (out.failed[r.reason ?? "unknown"] ?? 0) + r.n;
    else if (r.status === "skipped")
      out.skipped[r.reason ?? "unknown"] = (out.skipped[r.reason ?? "unknown"] ?? 0) + r.n;
  }
  return out;
}

export function toStaffSummary(a: AlertRow, communes: CommuneRow[]): z.infer<typeof staffAlertSummary> {
  const info = infoFor(a.infos as unknown as StoredInfo[], "vi");
  const codes = [...new Set(a.areas.flatMap((ar) => ar.units.map((u) => u.unitCode)))].sort();
  return {
    id: a.id,
    identifier: a.identifier,
    msgType: a.msgType,
    status: a.status,
    source: a.source,
    hazard: a.hazard,
    riskLevel: a.riskLevel,
    headline: info?.headline ?? null,
    sent: a.sent.toISOString(),
    expires: a.expires.toISOString(),
    communes: codes.map((code) => ({ code, name: communeName(communes, code) })),
    supersedesId: a.supersedesId,
  };
}

export async function listStaffAlerts(ctx: AppContext) {
  const [rows, communes] = await Promise.all([
    ctx.db.alert.findMany({ include: WITH_AREAS, orderBy: { createdAt: "desc" }, take: 100 }),
    loadCommunes(ctx),
  ]);
  // An alert past its expiry reads as expired even before its expiry job has run.
  return (rows as AlertRow[]).map((a) => {
    const s = toStaffSummary(a, communes);
    return a.status === "active" && a.expires.getTime() <= Date.now() ? { ...s, status: "expired" } : s;
  });
}

export async function staffAlert(ctx: AppContext, alertId: string) {
  const a = (await ctx.db.alert.findUnique({
    where: { id: alertId },
    include: WITH_AREAS,
  })) as AlertRow | null;
  if (!a) throw notFound("alert");
  return { alert: a, communes: await loadCommunes(ctx) };
}

export { WITH_AREAS, type AlertRow };
