import { randomUUID } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import type { Db, Tx } from "../platform/db.js";
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
import { hazardOf, langOf, riskLevelParam, RISK_LEVELS, type RiskLevel } from "./hazards.js";
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

/** The official level the bulletin gives (checked by checkCapMeaning), or null: never one of ours. */
function riskLevelOf(cap: CapAlert): RiskLevel | null {
  for (const info of cap.infos) {
    const raw = riskLevelParam(info.parameters);
    if (raw !== undefined && Number(raw) in RISK_LEVELS) return Number(raw) as RiskLevel;
  }
  return null;
}

/**
 * What an Update or Cancel references, each reference resolved to its whole chain (the
 * messages before and after it: an Update of the original also replaces the Update that
 * came since). Refused: references to messages we do not have, or that another sender
 * published, and any chain that has been cancelled.
 */
async function resolveReferences(tx: Tx, cap: CapAlert) {
  const problems: CapProblem[] = [];
  if (cap.references.length === 0) return { problems, chainIds: [] as string[], replaced: undefined };
  const referenced = await tx.alert.findMany({
    where: { identifier: { in: cap.references.map((r) => r.identifier) } },
  });
  const matched: typeof referenced = [];
  for (const r of cap.references) {
    const found = referenced.find((a) => a.identifier === r.identifier);
    if (!found) {
      problems.push({ field: "references", message: `Không tìm thấy bản tin gốc ${r.identifier}.` });
    } else if (found.sender !== r.sender) {
      problems.push({ field: "references", message: `Bản tin gốc ${r.identifier} có người gửi khác.` });
    } else if (found.sentText !== r.sent) {
      // CAP names a message by sender, identifier and sent, as it was written.
      problems.push({
        field: "references",
        message: `Bản tin gốc ${r.identifier} được gửi lúc ${found.sentText}, dẫn chiếu lại ghi ${r.sent}.`,
      });
    } else {
      matched.push(found);
    }
  }
  const chainIds = [...new Set(matched.map((a) => a.chainId))];
  const members = await tx.alert.findMany({
    where: { chainId: { in: chainIds } },
    orderBy: [{ sent: "desc" }, { createdAt: "desc" }],
  });
  for (const a of matched) {
    const cancelled = members.find((m) => m.chainId === a.chainId && m.status === "cancelled");
    if (cancelled) {
      problems.push({
        field: "references",
        message:
          cancelled.id === a.id || cancelled.msgType === "Cancel"
            ? `Bản tin ${a.identifier} đã bị hủy.`
            : `Bản tin ${a.identifier} thuộc chuỗi cảnh báo đã bị hủy (${cancelled.identifier}).`,
      });
    }
  }
  // What this message replaces for the people holding it: the newest active message of the
  // chain (its areas and texts stand in when a Cancel brings none), else what it names.
  const replaced = members.find((m) => m.status === "active") ?? matched[0];
  return { problems, chainIds, replaced };
}

/**
 * The one way an alert enters the system, from the IOC's webhook or the console: refuse
 * DTDs, validate against the CAP 1.2 XSD, parse, check the meaning (expiry, polygons inside
 * the province, known communes, references), then in ONE transaction store the alert, its
 * areas with the communes they cover, supersede every active message of the chains it
 * references, and write the fan-out job. Nothing is stored when anything is wrong.
 * Ingests take one advisory lock: two Updates of the same alert arriving together are
 * applied one after the other, so the second replaces the first instead of forking the chain.
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

  const resend = async (db: Tx | Db): Promise<IngestResult | undefined> => {
    const existing = await db.alert.findUnique({ where: { identifier: cap.identifier } });
    if (!existing) return undefined;
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
  };
  // A resend of what we accepted is answered as such, even once it has expired.
  const known = await resend(ctx.db);
  if (known) return known;

  const communes = await loadCommunes(ctx);
  const problems = checkCapMeaning(cap, {
    knownCommunes: new Set(communes.map((c) => c.code)),
    ...(input.now ? { now: input.now } : {}),
  });
  if (!["Alert", "Update", "Cancel"].includes(cap.msgType)) {
    problems.push({ field: "msgType", message: "Chỉ nhận bản tin loại Alert, Update hoặc Cancel." });
  }
  const level = riskLevelOf(cap);

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
  const units = [...new Set(areas.flatMap((a) => a.units))].sort();
  const expiresList = cap.infos.map((i) => Date.parse(i.expires ?? "")).filter(Number.isFinite);

  const outcome = await ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('alerts:ingest'))`;
    const raced = await resend(tx);
    if (raced) return { resent: raced };
    const chain = await resolveReferences(tx, cap);
    problems.push(...chain.problems);
    if (problems.length > 0) throw refused(problems);

    const original = chain.replaced;
    const expires = expiresList.length
      ? new Date(Math.max(...expiresList))
      : (original?.expires ?? new Date());
    const hazard = cap.infos[0] ? hazardOf(cap.infos[0].parameters) : (original?.hazard ?? "other");
    const chainId = chain.chainIds[0] ?? randomUUID();
    const alert = await tx.alert.create({
      data: {
        identifier: cap.identifier,
        sender: cap.sender,
        sent: new Date(cap.sent),
        sentText: cap.sent,
        msgType: cap.msgType,
        capStatus: cap.status,
        scope: cap.scope,
        references: cap.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(" ") || null,
        chainId,
        supersedesId: original?.id ?? null,
        hazard,
        // A Cancel without a level of its own is about the level of what it cancels.
        riskLevel: cap.msgType === "Cancel" ? (level ?? original?.riskLevel ?? null) : level,
        expires,
        status: cap.msgType === "Cancel" ? "cancelled" : "active",
        infos: infos as object[],
        rawCap: input.xml,
        source: input.source,
        createdById: input.createdById ?? null,
      },
    });
    for (const a of areas) {
      await tx.alertArea.create({
        data: {
          alertId: alert.id,
          areaDesc: a.area.areaDesc.slice(0, 500),
          polygons: a.area.polygons,
          circles: a.area.circles,
          units: { create: a.units.map((unitCode) => ({ unitCode })) },
        },
      });
    }
    if (chain.chainIds.length > 0) {
      // References naming two chains make them one: a later Cancel of either ends both.
      if (chain.chainIds.length > 1) {
        await tx.alert.updateMany({
          where: { chainId: { in: chain.chainIds.slice(1) } },
          data: { chainId },
        });
      }
      // Every message of the chain still active is replaced, not only the one referenced.
      await tx.alert.updateMany({
        where: { chainId, status: "active", id: { not: alert.id } },
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
  if (outcome.resent) return outcome.resent;
  const { alertId, jobId } = outcome;
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
