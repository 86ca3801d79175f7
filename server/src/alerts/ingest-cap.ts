import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { enqueueInTx } from "../platform/outbox.js";
import { PRIORITY } from "../platform/queues.js";
import type { JobDefinition } from "../platform/jobs.js";
import {
  checkCapMeaning,
  findForbiddenMarkup,
  parseCap,
  validateCapSchema,
  type CapAlert,
  type CapArea,
  type CapProblem,
} from "./cap.js";
import { loadCommunes } from "./commune-geo.js";
import { communesInArea } from "./communes-in-area.js";
import { handOver } from "./hand-over.js";
import {
  hazardOf,
  langOf,
  levelFromSeverity,
  riskLevelParam,
  RISK_LEVELS,
  type RiskLevel,
} from "./hazards.js";
import { expireAlertJob, fanOutAlertJob } from "./fan-out-alert.job.js";

export type AlertSource = "ioc_webhook" | "console";

export interface StoredInfo {
  language: "vi" | "en" | "zh";
  event: string;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  senderName: string | null;
  web: string | null;
  urgency: string;
  severity: string;
  certainty: string;
  category: string[];
  responseType: string[];
  effective: string | null;
}

export interface IngestResult {
  alertId: string;
  identifier: string;
  msgType: string;
  /** False when the same identifier was already accepted: a resend is not a second alert. */
  created: boolean;
  units: string[];
}

const refused = (problems: CapProblem[], userMessage = "Bản tin CAP không hợp lệ, không được phát hành.") =>
  new AppError("VALIDATION_FAILED", { message: "CAP refused", userMessage, fields: problems });

/** Area rows of the alert: one per distinct area of any info (languages repeat the same areas). */
function distinctAreas(cap: CapAlert): CapArea[] {
  const seen = new Map<string, CapArea>();
  for (const info of cap.infos) {
    for (const a of info.areas) {
      const key = JSON.stringify([a.polygons, a.circles, a.geocodes.map((g) => g.value).sort()]);
      if (!seen.has(key)) seen.set(key, a);
    }
  }
  return [...seen.values()];
}

function riskLevelOf(cap: CapAlert): { level: RiskLevel; problem?: CapProblem } {
  for (const info of cap.infos) {
    const raw = riskLevelParam(info.parameters);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || !(n in RISK_LEVELS)) {
      return {
        level: 1,
        problem: { field: "parameter.VN_RISK_LEVEL", message: "Cấp độ rủi ro phải từ 1 đến 5." },
      };
    }
    return { level: n as RiskLevel };
  }
  return { level: levelFromSeverity(cap.infos[0]?.severity ?? "Unknown") };
}

/**
 * The one way an alert enters the system, from the IOC's webhook or the console: refuse
 * DTDs, validate against the CAP 1.2 XSD, parse, check the meaning (expiry, polygons inside
 * the province, known communes, references), then in ONE transaction store the alert, its
 * areas with the communes they cover, mark what it updates or cancels, and write the
 * fan-out job. Nothing is stored when anything is wrong.
 */
export async function ingestCap(
  ctx: AppContext,
  input: { xml: string; source: AlertSource; createdById?: string; now?: Date },
): Promise<IngestResult> {
  const forbidden = findForbiddenMarkup(input.xml);
  if (forbidden) throw refused([forbidden]);
  const schemaProblems = await validateCapSchema(input.xml);
  if (schemaProblems.length > 0) throw refused(schemaProblems.slice(0, 20));
  const cap = parseCap(input.xml);

  const existing = await ctx.db.alert.findUnique({ where: { identifier: cap.identifier } });
  if (existing) {
    if (existing.sender !== cap.sender) {
      throw refused([{ field: "identifier", message: "Mã bản tin đã được dùng cho bản tin khác." }]);
    }
    return {
      alertId: existing.id,
      identifier: existing.identifier,
      msgType: existing.msgType,
      created: false,
      units: [],
    };
  }

  const communes = await loadCommunes(ctx);
  const problems = checkCapMeaning(cap, {
    knownCommunes: new Set(communes.map((c) => c.code)),
    ...(input.now ? { now: input.now } : {}),
  });
  if (!["Alert", "Update", "Cancel"].includes(cap.msgType)) {
    problems.push({ field: "msgType", message: "Chỉ nhận bản tin loại Alert, Update hoặc Cancel." });
  }
  const level = riskLevelOf(cap);
  if (level.problem) problems.push(level.problem);

  // Update and Cancel name the message they replace; it must be one we published.
  const refs = cap.references.length
    ? await ctx.db.alert.findMany({ where: { identifier: { in: cap.references.map((r) => r.identifier) } } })
    : [];
  for (const r of cap.references) {
    const found = refs.find((a) => a.identifier === r.identifier);
    if (!found) {
      problems.push({ field: "references", message: `Không tìm thấy bản tin gốc ${r.identifier}.` });
    } else if (found.sender !== r.sender) {
      problems.push({ field: "references", message: `Bản tin gốc ${r.identifier} có người gửi khác.` });
    } else if (found.status === "cancelled") {
      problems.push({ field: "references", message: `Bản tin ${r.identifier} đã bị hủy.` });
    }
  }

  const areas = distinctAreas(cap).map((a) => ({ area: a, units: communesInArea(a, communes) }));
  if (cap.msgType !== "Cancel") {
    areas.forEach((a, i) => {
      if (a.units.length === 0)
        problems.push({
          field: `area[${i}]`,
          message: `Vùng "${a.area.areaDesc}" không bao phủ xã/phường nào của tỉnh.`,
        });
    });
  }
  if (problems.length > 0) throw refused(problems);

  const original = refs[0];
  const expiresList = cap.infos.map((i) => Date.parse(i.expires ?? "")).filter(Number.isFinite);
  const expires = expiresList.length ? new Date(Math.max(...expiresList)) : (original?.expires ?? new Date());
  const infos: StoredInfo[] = cap.infos.map((i) => ({
    language: langOf(i.language),
    event: i.event,
    headline: i.headline ?? null,
    description: i.description ?? null,
    instruction: i.instruction ?? null,
    senderName: i.senderName ?? null,
    web: i.web ?? null,
    urgency: i.urgency,
    severity: i.severity,
    certainty: i.certainty,
    category: i.category,
    responseType: i.responseType,
    effective: i.effective ?? null,
  }));
  const hazard = cap.infos[0] ? hazardOf(cap.infos[0].parameters) : (original?.hazard ?? "other");
  const units = [...new Set(areas.flatMap((a) => a.units))].sort();

  const { alertId, jobId } = await ctx.db.$transaction(async (tx) => {
    const alert = await tx.alert.create({
      data: {
        identifier: cap.identifier,
        sender: cap.sender,
        sent: new Date(cap.sent),
        msgType: cap.msgType,
        capStatus: cap.status,
        scope: cap.scope,
        references: cap.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(" ") || null,
        supersedesId: original?.id ?? null,
        hazard,
        riskLevel: cap.msgType === "Cancel" ? (original?.riskLevel ?? level.level) : level.level,
        expires,
        status: cap.msgType === "Cancel" ? "cancelled" : "active",
        infos: infos as object[],
        rawCap: input.xml,
        source: input.source,
        createdById: input.createdById ?? null,
      },
    });
    for (const a of areas) {
      const ring = a.area.polygons[0];
      const circle = a.area.circles[0];
      await tx.alertArea.create({
        data: {
          alertId: alert.id,
          areaDesc: a.area.areaDesc.slice(0, 500),
          polygon: ring ? (ring as unknown as object) : undefined,
          circleLat: circle?.lat ?? null,
          circleLon: circle?.lon ?? null,
          circleKm: circle?.radiusKm ?? null,
          units: { create: a.units.map((unitCode) => ({ unitCode })) },
        },
      });
    }
    if (refs.length > 0) {
      await tx.alert.updateMany({
        where: { id: { in: refs.map((r) => r.id) } },
        data: { status: cap.msgType === "Cancel" ? "cancelled" : "updated" },
      });
    }
    const jobId = await enqueueInTx(
      tx,
      fanOutAlertJob,
      { alertId: alert.id },
      { entityId: alert.id, priority: PRIORITY.alert },
    );
    // Expiry is a delayed job written with the alert: it stops what has not been sent yet.
    if (cap.msgType !== "Cancel") {
      await enqueueInTx(
        tx,
        expireAlertJob,
        { alertId: alert.id },
        { entityId: alert.id, delayMs: Math.max(0, expires.getTime() - Date.now()) },
      );
    }
    return { alertId: alert.id, jobId };
  });
  ctx.logger.info(
    { alertId, identifier: cap.identifier, msgType: cap.msgType, units: units.length },
    "alert accepted",
  );
  // Answered at once; the fan-out starts now rather than at the relay's next poll.
  await handOver(
    ctx,
    fanOutAlertJob as unknown as JobDefinition,
    [{ jobId, data: { alertId } }],
    PRIORITY.alert,
  );
  return { alertId, identifier: cap.identifier, msgType: cap.msgType, created: true, units };
}
