import type { AppContext } from "../platform/context.js";
import { AppError, notFound } from "../platform/errors.js";
import type { Language } from "../platform/db.js";
import { loadCommunes, type CommuneRow } from "./commune-geo.js";
import { distanceKm } from "./communes-in-area.js";
import { PROVINCE_BBOX } from "./cap.js";
import { touristSite } from "./tourist-sites.js";

export type SubscriptionLabel = "home" | "work" | "family" | "stay" | "location";
export type SubscriptionSource = "miniapp" | "oa_location" | "qr";

export interface SubscribeInput {
  citizenId: string;
  unitCode: string;
  label: SubscriptionLabel;
  language?: Language;
  source: SubscriptionSource;
  qrSiteCode?: string;
  expiresAt?: Date;
}

export interface SubscriptionView {
  id: string;
  unitCode: string;
  communeName: string;
  communeType: string;
  label: SubscriptionLabel;
  language: Language | null;
  source: SubscriptionSource;
  qrSiteCode: string | null;
  expiresAt: string | null;
  createdAt: string;
}

/** A person follows a few places (home, work, family, a stay); more is a script. */
export const MAX_SUBSCRIPTIONS = 20;

const fieldError = (field: string, message: string) =>
  new AppError("VALIDATION_FAILED", { message: `invalid ${field}`, fields: [{ field, message }] });

function communeOf(communes: CommuneRow[], unitCode: string): CommuneRow {
  const c = communes.find((x) => x.code === unitCode);
  if (!c) throw fieldError("unitCode", "Không có xã/phường này trong tỉnh Lào Cai.");
  return c;
}

/**
 * Follows a commune for alerts (idempotent per citizen, commune and label: the same place
 * chosen again only refreshes its language and end). Used by the mini app, the OA bot
 * (shared location) and tourist QR codes.
 */
export async function subscribe(ctx: AppContext, input: SubscribeInput): Promise<SubscriptionView> {
  const communes = await loadCommunes(ctx);
  communeOf(communes, input.unitCode);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw fieldError("expiresAt", "Thời hạn nhận cảnh báo phải ở tương lai.");
  const count = await ctx.db.alertSubscription.count({
    where: {
      citizenId: input.citizenId,
      NOT: { unitCode: input.unitCode, label: input.label },
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
  });
  if (count >= MAX_SUBSCRIPTIONS)
    throw fieldError("unitCode", `Mỗi người theo dõi tối đa ${MAX_SUBSCRIPTIONS} địa điểm.`);
  const data = {
    language: input.language ?? null,
    source: input.source,
    qrSiteCode: input.qrSiteCode ?? null,
    expiresAt: input.expiresAt ?? null,
  };
  const s = await ctx.db.alertSubscription.upsert({
    where: {
      citizenId_unitCode_label: { citizenId: input.citizenId, unitCode: input.unitCode, label: input.label },
    },
    create: { citizenId: input.citizenId, unitCode: input.unitCode, label: input.label, ...data },
    update: data,
  });
  return toView(s, communes);
}

function toView(
  s: {
    id: string;
    unitCode: string;
    label: string;
    language: Language | null;
    source: string;
    qrSiteCode: string | null;
    expiresAt: Date | null;
    createdAt: Date;
  },
  communes: CommuneRow[],
): SubscriptionView {
  const c = communes.find((x) => x.code === s.unitCode);
  return {
    id: s.id,
    unitCode: s.unitCode,
    communeName: c?.name ?? s.unitCode,
    communeType: c?.type ?? "xa",
    label: s.label as SubscriptionLabel,
    language: s.language,
    source: s.source as SubscriptionSource,
    qrSiteCode: s.qrSiteCode,
    expiresAt: s.expiresAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}

/** The citizen's current places (ended tourist subscriptions are left out). */
export async function listSubscriptions(ctx: AppContext, citizenId: string): Promise<SubscriptionView[]> {
  const [communes, rows] = await Promise.all([
    loadCommunes(ctx),
    ctx.db.alertSubscription.findMany({
      where: { citizenId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return rows.map((r) => toView(r, communes));
}

/** Removes one of the citizen's own subscriptions; another citizen's does not exist for them. */
export async function unsubscribe(ctx: AppContext, citizenId: string, subscriptionId: string): Promise<void> {
  const r = await ctx.db.alertSubscription.deleteMany({ where: { id: subscriptionId, citizenId } });
  if (r.count === 0) throw notFound("subscription");
}

/** The commune a point falls in: the box that contains it with the nearest centroid. */
export function communeAt(communes: CommuneRow[], lat: number, lon: number): CommuneRow | undefined {
  if (
    lat < PROVINCE_BBOX.minLat ||
    lat > PROVINCE_BBOX.maxLat ||
    lon < PROVINCE_BBOX.minLon ||
    lon > PROVINCE_BBOX.maxLon
  )
    return undefined;
  const withCentroid = communes.filter((c) => c.centroidLat !== null && c.centroidLon !== null);
  const inBox = withCentroid.filter(
    (c) =>
      c.bboxMinLat !== null &&
      lat >= c.bboxMinLat &&
      lat <= c.bboxMaxLat! &&
      lon >= c.bboxMinLon! &&
      lon <= c.bboxMaxLon!,
  );
  const pool = inBox.length > 0 ? inBox : withCentroid;
  let best: CommuneRow | undefined;
  let bestKm = Infinity;
  for (const c of pool) {
    const d = distanceKm(lat, lon, c.centroidLat!, c.centroidLon!);
    if (d < bestKm) {
      bestKm = d;
      best = c;
    }
  }
  // Outside every box and far from every centroid: not in the province.
  return inBox.length > 0 || bestKm <= 15 ? best : undefined;
}

/** A location shared with the OA becomes a "location" subscription to its commune. */
export async function subscribeByLocation(
  ctx: AppContext,
  input: { citizenId: string; lat: number; lon: number; language?: Language },
): Promise<SubscriptionView> {
  if (!Number.isFinite(input.lat) || !Number.isFinite(input.lon))
    throw fieldError("location", "Vị trí không hợp lệ.");
  const c = communeAt(await loadCommunes(ctx), input.lat, input.lon);
  if (!c) throw fieldError("location", "Vị trí này nằm ngoài tỉnh Lào Cai.");
  return subscribe(ctx, {
    citizenId: input.citizenId,
    unitCode: c.code,
    label: "location",
    source: "oa_location",
    ...(input.language ? { language: input.language } : {}),
  });
}

/** A tourist's QR scan: the site's commune, in the chosen language, for the site's stay length. */
export async function subscribeByQr(
  ctx: AppContext,
  input: { citizenId: string; siteCode: string; language: Language },
): Promise<SubscriptionView> {
  const site = touristSite(input.siteCode);
  if (!site) throw notFound("tourist site");
  return subscribe(ctx, {
    citizenId: input.citizenId,
    unitCode: site.unitCode,
    label: "stay",
    source: "qr",
    qrSiteCode: site.code,
    language: input.language,
    expiresAt: new Date(Date.now() + site.days * 24 * 3600_000),
  });
}
