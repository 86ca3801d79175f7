// Seeds an empty database: the province and its 99 communes, agencies, the 38 real
// procedures, official working-day adjustments, demo staff, a demo Open311 key and the OA token pair.
// Idempotent (upserts), so `npm start` can run it on every start.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hash } from "@node-rs/argon2";
import type { Db } from "../server/src/platform/db.js";
import { buildProcedureSeed } from "./seed-procedures.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(here, "data", name), "utf8")) as T;

export const DEMO_PASSWORD = "LaoCai@2026";
export const DEMO_OPEN311_KEY = "laocai-demo-open311";
export const PROVINCE_AGENCY_PREFIX = "H38"; // Lào Cai's identifier on its one-stop portal (e.g. 1.011442.000.00.00.H38)

interface CommuneRow {
  code: string;
  name: string;
  full_name: string;
  type: "xã" | "phường";
  centroid: { lat: number; lon: number };
  bbox_lonlat: [number, number, number, number];
  area_km2_gis: number;
  former_units: unknown[];
}

export const DEMO_STAFF = [
  { username: "admin", fullName: "Quản trị hệ thống", role: "admin", agencyCode: null },
  { username: "clerk.sapa", fullName: "Nguyễn Thị Hoa", role: "clerk", agencyCode: "H38.03006" },
  { username: "clerk.laocai", fullName: "Trần Văn Minh", role: "clerk", agencyCode: "H38.02647" },
  { username: "clerk.tuphap", fullName: "Lê Thu Hằng", role: "clerk", agencyCode: "H38.01" },
  { username: "ioc.operator", fullName: "Phạm Quốc Huy", role: "ioc_operator", agencyCode: "H38.IOC" },
] as const;

const PROVINCE_AGENCIES = [
  { code: "H38", name: "Trung tâm Phục vụ hành chính công tỉnh Lào Cai", kind: "service_centre" },
  { code: "H38.01", name: "Sở Tư pháp tỉnh Lào Cai", kind: "province_department" },
  { code: "H38.02", name: "Công an tỉnh Lào Cai", kind: "province_department" },
  { code: "H38.03", name: "Sở Tài chính tỉnh Lào Cai", kind: "province_department" },
  { code: "H38.04", name: "Sở Nông nghiệp và Môi trường tỉnh Lào Cai", kind: "province_department" },
  { code: "H38.05", name: "Sở Xây dựng tỉnh Lào Cai", kind: "province_department" },
  { code: "H38.06", name: "Sở Công Thương tỉnh Lào Cai", kind: "province_department" },
  {
    code: "H38.IOC",
    name: "Trung tâm Giám sát, điều hành đô thị thông minh (IOC) tỉnh Lào Cai",
    kind: "ioc",
  },
] as const;

export async function seed(db: Db, opts: { log?: (s: string) => void } = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const communes = readJson<{
    meta: { province: { province_centroid_estimated: { lat: number; lon: number } } };
    communes: CommuneRow[];
  }>("laocai-communes.json");
  const pc = communes.meta.province.province_centroid_estimated;
  await db.adminUnit.upsert({
    where: { code: "15" },
    create: {
      code: "15",
      name: "Lào Cai",
      fullName: "Tỉnh Lào Cai",
      type: "province",
      centroidLat: pc.lat,
      centroidLon: pc.lon,
    },
    update: {},
  });
  for (const c of communes.communes) {
    const data = {
      name: c.name,
      fullName: c.full_name,
      type: c.type === "phường" ? ("phuong" as const) : ("xa" as const),
      parentCode: "15",
      centroidLat: c.centroid.lat,
      centroidLon: c.centroid.lon,
      bboxMinLon: c.bbox_lonlat[0],
      bboxMinLat: c.bbox_lonlat[1],
      bboxMaxLon: c.bbox_lonlat[2],
      bboxMaxLat: c.bbox_lonlat[3],
      areaKm2: c.area_km2_gis,
      formerUnits: c.former_units as object,
    };
    await db.adminUnit.upsert({ where: { code: c.code }, create: { code: c.code, ...data }, update: data });
  }
  log(`administrative units: 1 province + ${communes.communes.length} communes`);

  for (const a of PROVINCE_AGENCIES) {
    await db.agency.upsert({
      where: { code: a.code },
      create: { ...a },
      update: { name: a.name, kind: a.kind },
    });
  }
  for (const c of communes.communes) {
    const code = `${PROVINCE_AGENCY_PREFIX}.${c.code}`;
    const name = `UBND ${c.full_name.replace(/^Xã/, "xã").replace(/^Phường/, "phường")}`;
    await db.agency.upsert({
      where: { code },
      create: { code, name, kind: "commune_committee", unitCode: c.code },
      update: { name },
    });
  }
  log(`agencies: ${PROVINCE_AGENCIES.length} provincial + ${communes.communes.length} commune committees`);

  const agencies = new Map((await db.agency.findMany()).map((a) => [a.code, a.id]));
  const procedures = buildProcedureSeed(readJson("procedures.json"));
  for (const p of procedures) {
    const { agencyCode, ...rest } = p;
    const data = { ...rest, agencyId: agencyCode ? (agencies.get(agencyCode) ?? null) : null };
    await db.procedure.upsert({ where: { nationalCode: p.nationalCode }, create: data, update: {} });
  }
  log(`procedures: ${procedures.length}`);

  const calendar = readJson<{
    years: { year: number; official: boolean; source?: string }[];
    days: {
      date: string;
      kind: "day_off" | "working_day";
      reason: string;
      source?: string;
      provisional?: boolean;
    }[];
  }>("calendar-adjustments.json");
  for (const y of calendar.years) {
    await db.calendarYear.upsert({
      where: { year: y.year },
      create: { year: y.year, official: y.official, source: y.source ?? null },
      update: {},
    });
  }
  for (const d of calendar.days) {
    const date = new Date(`${d.date}T00:00:00Z`);
    await db.calendarAdjustment.upsert({
      where: { date },
      create: {
        date,
        kind: d.kind,
        reason: d.reason,
        source: d.source ?? null,
        provisional: d.provisional ?? false,
      },
      update: {},
    });
  }
  log(`calendar adjustments: ${calendar.days.length}`);

  const existing = new Set(
    (await db.staffUser.findMany({ select: { username: true } })).map((s) => s.username),
  );
  const missing = DEMO_STAFF.filter((s) => !existing.has(s.username));
  if (missing.length) {
    const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2 }); // argon2id
    for (const s of missing) {
      await db.staffUser.create({
        data: {
          username: s.username,
          fullName: s.fullName,
          role: s.role,
          passwordHash,
          agencyId: s.agencyCode ? (agencies.get(s.agencyCode) ?? null) : null,
        },
      });
    }
  }
  log(`demo staff: ${DEMO_STAFF.map((s) => s.username).join(", ")}`);

  // A demo Open311 client key (like the demo staff: for local runs and demos; a real
  // deployment issues keys from the admin API and revokes this one).
  const keyHash = createHash("sha256").update(DEMO_OPEN311_KEY).digest("hex");
  await db.open311ApiKey.upsert({
    where: { keyHash },
    create: { name: "Demo client (seed)", keyHash },
    update: {},
  });
  log(`demo Open311 api_key: ${DEMO_OPEN311_KEY}`);

  // The OA token pair the Zalo simulator starts with (a real deployment stores the pair
  // obtained when the OA authorised the app).
  await db.oaToken.upsert({
    where: { id: "oa" },
    create: {
      id: "oa",
      accessToken: "sim-access-token-0",
      refreshToken: "sim-refresh-token-0",
      accessExpiresAt: new Date(Date.now() + 25 * 3600_000),
    },
    update: {},
  });
}
