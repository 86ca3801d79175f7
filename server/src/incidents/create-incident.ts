import { randomBytes, randomUUID } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { inPgTransaction, type PgTx } from "../platform/db.js";
import { jobIdFor } from "../platform/jobs.js";
import { PRIORITY } from "../platform/queues.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";
import { maskPersonalNumbers } from "./mask-personal-numbers.js";
import { routeIncident } from "./route-incident.js";
import { pushIncidentToIocJob } from "./push-to-ioc.job.js";
import { miniappLink } from "../notifications/public-links.js";

export interface CreateIncidentInput {
  reporterId: string | null;
  category: string;
  description: string;
  lat: number;
  lon: number;
  fileIds?: string[];
  anonymous?: boolean;
  source: "miniapp" | "bot" | "open311" | "alert_safety";
  priority?: number;
  /** Free text address (Open311 address_string). */
  address?: string;
  /** The Open311 api_key it came with: such requests have no reporter, the key is limited. */
  open311KeyId?: string;
}

export const MAX_PHOTOS = 5;
export const MAX_DESCRIPTION = 4000;
// Floods of reports from one citizen: a few an hour is what a real person sends.
export const RATE_LIMIT = { perHour: 5, perDay: 20 };

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Short, unambiguous id read out on the phone and used by Open311: PA-XXXXXXXX (40 bits). */
export function newPublicId(): string {
  const b = randomBytes(8);
  let s = "";
  for (let i = 0; i < 8; i++) s += CROCKFORD[b[i]! & 31];
  return `PA-${s}`;
}

const fieldError = (field: string, message: string) =>
  new AppError("VALIDATION_FAILED", { message: `invalid ${field}`, fields: [{ field, message }] });

/**
 * Accepts a citizen's report. One transaction writes the incident, claims its photos
 * (uploads of the reporter not used elsewhere), its first event, the outbox row that pushes
 * it to the IOC and the reporter's acknowledgement: all of it commits, or nothing does.
 * Used by the mini app, the OA bot, Open311 and the alerts' "Tôi cần giúp đỡ" replies.
 */
export async function createIncident(
  ctx: AppContext,
  input: CreateIncidentInput,
): Promise<{ id: string; publicId: string; status: string }> {
  // PostgreSQL text refuses NUL bytes.
  const description = input.description.split("\u0000").join("").trim();
  if (!description) throw fieldError("description", "Vui lòng mô tả sự cố.");
  if (description.length > MAX_DESCRIPTION)
    throw fieldError("description", `Mô tả tối đa ${MAX_DESCRIPTION} ký tự.`);
  if (!Number.isFinite(input.lat) || !Number.isFinite(input.lon))
    throw fieldError("location", "Vui lòng chọn vị trí sự cố.");
  const fileIds = [...new Set(input.fileIds ?? [])];
  if (fileIds.length > MAX_PHOTOS) throw fieldError("fileIds", `Mỗi phản ánh tối đa ${MAX_PHOTOS} ảnh.`);
  if (fileIds.length && !input.reporterId) throw fieldError("fileIds", "Ảnh phải do người phản ánh tải lên.");

  const routed = await routeIncident(ctx, input);
  const now = new Date();
  const id = randomUUID();
  const publicId = newPublicId();
  const priority = Math.max(routed.category.priority, input.priority ?? 0);
  const dueAt = new Date(now.getTime() + routed.slaHours * 3600_000);
  const push = { incidentId: id };
  pushIncidentToIocJob.schema.parse(push);

  await inPgTransaction(ctx.pg, async (tx) => {
    if (input.reporterId && input.source !== "alert_safety") await checkRateLimit(tx, input.reporterId);
    if (input.open311KeyId)
      await checkKeyRateLimit(tx, input.open311KeyId, ctx.config.OPEN311_REQUESTS_PER_HOUR);
    // One statement: the incident, its photos (moved out of the uploads, so one photo belongs
    // to one report), its first event and the IOC push in the outbox.
    const { rows } = await tx.query<{ claimed: number }>(
      `WITH i AS (
         INSERT INTO "Incident" (id, "publicId", category, description, "descriptionPublic", lat, lon, "unitCode",
           "agencyId", "reporterId", anonymous, source, priority, status, "dueAt", address, "open311KeyId",
           "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'unconfirmed', $14, $15, $25, $16, $16)
         RETURNING id
       ), files AS (
         DELETE FROM "DossierFile" f
         USING i
         WHERE f.id = ANY($17::text[]) AND f."ownerCitizenId" = $10 AND f."dossierId" IS NULL
           AND f."mimeType" LIKE 'image/%'
         RETURNING f.id, f."storageKey", f."mimeType", f."sizeBytes"
       ), m AS (
         INSERT INTO "IncidentMedia" (id, "incidentId", "storageKey", "mimeType", "sizeBytes", "createdAt")
         SELECT files.id, i.id, files."storageKey", files."mimeType", files."sizeBytes", $16 FROM files, i
         RETURNING id
       ), ev AS (
         INSERT INTO "IncidentEvent" (id, "incidentId", "toStatus", "actorType", "actorId", note, "createdAt")
         SELECT $18, i.id, 'unconfirmed', $19, $10, 'Tiếp nhận phản ánh', $16 FROM i
       ), ob AS (
         INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload, priority)
         SELECT $20, $21, $22, $23::jsonb, $24 FROM i
         ON CONFLICT ("jobId") DO NOTHING
       )
       SELECT (SELECT count(*) FROM m)::int AS claimed`,
      [
        id,
        publicId,
        routed.category.key,
        description,
        maskPersonalNumbers(description),
        input.lat,
        input.lon,
        routed.commune.code,
        routed.agency?.id ?? null,
        input.reporterId,
        // Not named to the public unless the reporter asked to be.
        input.anonymous ?? true,
        input.source,
        priority,
        dueAt,
        input.address?.trim().slice(0, 500) || null,
        now,
        fileIds,
        randomUUID(),
        input.reporterId ? "citizen" : "system",
        pushIncidentToIocJob.queue,
        pushIncidentToIocJob.name,
        jobIdFor(pushIncidentToIocJob.name, id),
        JSON.stringify(push),
        priority >= 3 ? PRIORITY.urgent : PRIORITY.normal,
        input.open311KeyId ?? null,
      ],
    );
    // A photo that is not the reporter's, not an image, or already used: nothing is kept.
    if (rows[0]?.claimed !== fileIds.length)
      throw fieldError("fileIds", "Có ảnh không hợp lệ hoặc đã được dùng. Vui lòng tải ảnh lên lại.");
    if (input.reporterId) {
      await notifyCitizen(tx, {
        citizenId: input.reporterId,
        kind: "incident_status",
        template: "incident_received",
        dedupeKey: `incident-received:${id}`,
        priority: priority >= 3 ? PRIORITY.urgent : PRIORITY.normal,
        params: {
          publicId,
          category: routed.category.key,
          commune: routed.commune.name,
          ...(routed.agency ? { agency: routed.agency.name } : {}),
          link: miniappLink(ctx.config, `/reports/${publicId}`),
        },
      });
    }
  });
  return { id, publicId, status: "unconfirmed" };
}

/** An Open311 client: its api_key's requests in the last hour, counted under the key's lock. */
async function checkKeyRateLimit(tx: PgTx, keyId: string, perHour: number) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('incident-rate-key:' || $1))`, [keyId]);
  const {
    rows: [c],
  } = await tx.query<{ hour: number }>(
    `SELECT count(*)::int AS hour FROM "Incident"
     WHERE "open311KeyId" = $1 AND "createdAt" > now() - interval '1 hour'`,
    [keyId],
  );
  if (c && c.hour >= perHour) {
    throw new AppError("RATE_LIMITED", {
      message: "open311 key rate limit",
      userMessage: `At most ${perHour} service requests an hour per api_key; try again later.`,
    });
  }
}

/** Counted under a per-citizen lock, so a burst of parallel requests cannot slip past. */
async function checkRateLimit(tx: PgTx, reporterId: string) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('incident-rate:' || $1))`, [reporterId]);
  const {
    rows: [c],
  } = await tx.query<{ hour: number; day: number }>(
    `SELECT count(*) FILTER (WHERE "createdAt" > now() - interval '1 hour')::int AS hour, count(*)::int AS day
     FROM "Incident" WHERE "reporterId" = $1 AND "createdAt" > now() - interval '1 day'`,
    [reporterId],
  );
  if (c && (c.hour >= RATE_LIMIT.perHour || c.day >= RATE_LIMIT.perDay)) {
    throw new AppError("RATE_LIMITED", {
      message: "incident rate limit",
      userMessage: "Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau.",
    });
  }
}
