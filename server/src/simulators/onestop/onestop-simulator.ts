// One-stop records system simulator (hệ thống một cửa điện tử). The real system's API is
// not public, so the protocol is ours — the one the province's LGSP adapter would have to
// implement (server/src/integrations/onestop/onestop-client.ts is its client):
//
//   POST /api/dossiers            header x-api-key; JSON
//        {code, procedureCode, agencyCode, applicant:{name}, channel (1 in person, 2 online,
//         3 by public post), status? (1–10, the dossier's status now; default 1),
//         resultDelivery:{method: "at_centre"|"public_post", address|null (required for
//         public_post: bưu chính công ích)}, receivedAt, appointmentAt|null, formData:{…},
//         files:[{name, mimeType, sha256, contentBase64}]}
//        → 201 {id, code, status}; the same code again → 200 and the SAME record (the
//          first payload wins). 401 bad key; 422 {error, problems[]} invalid body, including
//          a file whose sha256 does not match its content.
//   POST /api/dossiers/:code/status  {eventId, status, note?}: a change made on our side (a
//        clerk in our console) → 200 {id, code, status}; idempotent by eventId; 404; 422.
//   GET  /api/dossiers/:code      → 200 {id, code, status, procedureCode, agencyCode,
//        receivedAt, appointmentAt, history:[{status, note?, at}]}; 404 unknown code.
//   Status codes (integrations.md §4): 1 new, 2 received, 3 refused, 4 processing,
//   5 supplement requested, 6 financial obligation, 7 withdrawn, 8 stopped, 9 processed,
//   10 result returned.
//   Webhook (one-stop → us): POST <callback> with JSON {eventId, code, status, note,
//        changedAt}, header `x-onestop-signature: sha256=<hex HMAC-SHA256(secret, raw body)>`
//        At least once:
//        receivers deduplicate on eventId.
//
// Control API and faults: see record-store.ts.
import { createHash } from "node:crypto";
import { z } from "zod";
import { createRecordSimulator, type RecordSimOptions, type RecordSimState } from "../record-store.js";
import { listen, type RunningSim } from "../sim-kit.js";

export const ONESTOP_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type OnestopStatus = (typeof ONESTOP_STATUSES)[number];

const isoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "an ISO 8601 date-time");
const createBody = z.object({
  // <agency>-yymmdd-NNNN is common but the separators are unconfirmed: only sanity here.
  code: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[A-Za-z0-9._-]+$/),
  procedureCode: z.string().min(1).max(60),
  agencyCode: z.string().min(1).max(60),
  applicant: z.object({ name: z.string().min(1).max(200) }),
  channel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  status: z.number().int().min(1).max(10).optional(),
  resultDelivery: z
    .object({
      method: z.enum(["at_centre", "public_post"]),
      address: z.string().trim().min(1).max(300).nullable(),
    })
    .refine((r) => r.method !== "public_post" || r.address, "an address is required for public_post"),
  receivedAt: isoDateTime,
  appointmentAt: isoDateTime.nullable(),
  formData: z.record(z.string(), z.unknown()),
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(255),
        mimeType: z.string().min(1).max(100),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
      }),
    )
    .max(50),
});

function validateCreate(body: unknown): string[] {
  const r = createBody.safeParse(body);
  if (!r.success) return r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
  // A records system checks what it stores: a file that does not match its digest was
  // damaged on the way and must be sent again.
  return r.data.files.flatMap((f, i) =>
    createHash("sha256").update(Buffer.from(f.contentBase64, "base64")).digest("hex") === f.sha256
      ? []
      : [`files.${i}.sha256: does not match the content`],
  );
}

export function createOnestopSimulator(opts: RecordSimOptions) {
  return createRecordSimulator<OnestopStatus>(opts, {
    collection: "dossiers",
    keyField: "code",
    initialStatus: 1,
    signatureHeader: "x-onestop-signature",
    validateCreate,
    parseStatus: (v) => {
      const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
      return ONESTOP_STATUSES.find((s) => s === n);
    },
    initialStatusOf: (b) => ONESTOP_STATUSES.find((s) => s === b.status),
    // File contents are checked at receipt and then kept as metadata only, so the
    // persisted store stays small.
    storeData: (b) => ({
      ...b,
      files: (b.files as { name: string; mimeType: string; sha256: string; contentBase64: string }[]).map(
        ({ contentBase64, ...f }) => ({ ...f, size: Buffer.from(contentBase64, "base64").length }),
      ),
    }),
    createResponse: (r) => ({ id: r.id, code: r.key, status: r.status }),
    getResponse: (r) => {
      const d = r.data as z.infer<typeof createBody>;
      return {
        id: r.id,
        code: r.key,
        status: r.status,
        procedureCode: d.procedureCode,
        agencyCode: d.agencyCode,
        channel: d.channel,
        resultDelivery: d.resultDelivery,
        receivedAt: d.receivedAt,
        appointmentAt: d.appointmentAt,
        history: r.history,
      };
    },
    webhookBody: (r, e) => ({
      eventId: e.eventId,
      code: r.key,
      status: r.status,
      note: e.note,
      changedAt: e.changedAt,
    }),
  });
}

export async function startOnestopSimulator(
  opts: RecordSimOptions,
  port = 0,
): Promise<RunningSim & { state: RecordSimState<OnestopStatus> }> {
  const { app, state } = createOnestopSimulator(opts);
  return { ...(await listen(app, port)), state };
}
