import { randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError, notFound } from "../platform/errors.js";
import { buildCap, capDateTime, COMMUNE_GEOCODE, type CapAlert, type CapArea, type CapInfo } from "./cap.js";
import { loadCommunes } from "./commune-geo.js";
import {
  CAP_LANGUAGE,
  HAZARDS,
  PARAM_HAZARD,
  PARAM_RISK_LEVEL,
  levelRange,
  severityFor,
  type Lang,
  type RiskLevel,
} from "./hazards.js";
import { ingestCap, type IngestResult } from "./ingest-cap.js";
import type { ComposeBody } from "./alert.schema.js";

/** The sender of alerts composed in our console (CAP `sender`). */
export const CONSOLE_SENDER = "ioc@laocai.gov.vn";
const SENDER_NAME = "Trung tâm Điều hành thông minh (IOC) tỉnh Lào Cai";

const fieldError = (field: string, message: string) =>
  new AppError("VALIDATION_FAILED", { message: `invalid ${field}`, fields: [{ field, message }] });

export function newIdentifier(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `LC-IOC-${stamp}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

async function areasOf(ctx: AppContext, body: ComposeBody): Promise<CapArea[]> {
  const communes = await loadCommunes(ctx);
  const areas: CapArea[] = [];
  if (body.communes.length > 0) {
    const names = body.communes.map((code) => {
      const c = communes.find((x) => x.code === code);
      if (!c) throw fieldError("communes", `Không có xã/phường mã ${code} trong tỉnh.`);
      return `${c.type === "phuong" ? "Phường" : "Xã"} ${c.name}`;
    });
    areas.push({
      areaDesc: names.join(", "),
      polygons: [],
      circles: [],
      geocodes: body.communes.map((value) => ({ valueName: COMMUNE_GEOCODE, value })),
    });
  }
  if (body.polygon) {
    areas.push({ areaDesc: "Vùng khoanh trên bản đồ", polygons: [body.polygon], circles: [], geocodes: [] });
  }
  if (body.circle) {
    areas.push({
      areaDesc: `Bán kính ${body.circle.radiusKm} km quanh ${body.circle.lat},${body.circle.lon}`,
      polygons: [],
      circles: [body.circle],
      geocodes: [],
    });
  }
  if (areas.length === 0) throw fieldError("communes", "Chọn xã/phường, khoanh vùng hoặc vẽ vòng tròn.");
  return areas;
}

/** The console form as CAP 1.2: one info per language given, the same areas in each. */
export async function composedCap(
  ctx: AppContext,
  body: ComposeBody,
  opts: { msgType: "Alert" | "Update"; references?: CapAlert["references"]; now?: Date },
): Promise<CapAlert> {
  const hazard = HAZARDS[body.hazard];
  const range = levelRange(body.hazard);
  if (body.riskLevel > range.max) {
    throw fieldError("riskLevel", `Cấp độ rủi ro cao nhất cho "${hazard.vi}" là ${range.max} (QĐ 18/2021).`);
  }
  if (body.riskLevel < range.min) {
    throw fieldError("riskLevel", `Cấp độ rủi ro thấp nhất cho "${hazard.vi}" là ${range.min} (QĐ 18/2021).`);
  }
  const now = opts.now ?? new Date();
  const expires = new Date(body.expiresAt);
  if (expires.getTime() <= now.getTime())
    throw fieldError("expiresAt", "Thời điểm hết hiệu lực phải ở tương lai.");
  const areas = await areasOf(ctx, body);
  const infos: CapInfo[] = (["vi", "en", "zh"] as Lang[]).flatMap((lang) => {
    const t = body[lang];
    if (!t) return [];
    return [
      {
        language: CAP_LANGUAGE[lang],
        category: [hazard.category],
        event: hazard[lang],
        responseType: [body.responseType],
        urgency: body.urgency,
        severity: severityFor(body.riskLevel as RiskLevel),
        certainty: body.certainty,
        effective: capDateTime(now),
        expires: capDateTime(expires),
        senderName: SENDER_NAME,
        headline: t.headline,
        description: t.description,
        ...(t.instruction ? { instruction: t.instruction } : {}),
        parameters: [
          { valueName: PARAM_HAZARD, value: body.hazard },
          { valueName: PARAM_RISK_LEVEL, value: String(body.riskLevel) },
        ],
        areas,
      },
    ];
  });
  return {
    identifier: newIdentifier(now),
    sender: CONSOLE_SENDER,
    sent: capDateTime(now),
    status: "Actual",
    msgType: opts.msgType,
    scope: "Public",
    references: opts.references ?? [],
    infos,
  };
}

async function referenceTo(ctx: AppContext, alertId: string) {
  const a = await ctx.db.alert.findUnique({ where: { id: alertId } });
  if (!a) throw notFound("alert");
  return { alert: a, ref: { sender: a.sender, identifier: a.identifier, sent: a.sentText } };
}

/** Publishes what an operator composed, through the same validation as the IOC's webhook. */
export async function publishComposedAlert(
  ctx: AppContext,
  input: { body: ComposeBody; staffId: string; updatesAlertId?: string },
): Promise<IngestResult> {
  const references = input.updatesAlertId ? [(await referenceTo(ctx, input.updatesAlertId)).ref] : [];
  const cap = await composedCap(ctx, input.body, {
    msgType: input.updatesAlertId ? "Update" : "Alert",
    references,
  });
  return ingestCap(ctx, { xml: buildCap(cap), source: "console", createdById: input.staffId });
}

/** Cancels an alert with a CAP Cancel that references it ("AllClear", the operator's note). */
export async function cancelAlert(
  ctx: AppContext,
  input: { alertId: string; staffId: string; note: string },
) {
  const { alert, ref } = await referenceTo(ctx, input.alertId);
  const now = new Date();
  const hazard = alert.hazard in HAZARDS ? HAZARDS[alert.hazard as keyof typeof HAZARDS] : HAZARDS.other;
  const expires = new Date(Math.max(alert.expires.getTime(), now.getTime() + 3600_000));
  const cap: CapAlert = {
    identifier: newIdentifier(now),
    sender: CONSOLE_SENDER,
    sent: capDateTime(now),
    status: "Actual",
    msgType: "Cancel",
    scope: "Public",
    references: [ref],
    infos: [
      {
        language: CAP_LANGUAGE.vi,
        category: [hazard.category],
        event: hazard.vi,
        responseType: ["AllClear"],
        urgency: "Past",
        severity: "Minor",
        certainty: "Observed",
        expires: capDateTime(expires),
        senderName: SENDER_NAME,
        headline: `Hủy cảnh báo ${hazard.vi.toLowerCase()}`,
        ...(input.note ? { description: input.note } : {}),
        parameters: [
          { valueName: PARAM_HAZARD, value: alert.hazard },
          ...(alert.riskLevel !== null
            ? [{ valueName: PARAM_RISK_LEVEL, value: String(alert.riskLevel) }]
            : []),
        ],
        areas: [],
      },
    ],
  };
  return ingestCap(ctx, { xml: buildCap(cap), source: "console", createdById: input.staffId });
}
