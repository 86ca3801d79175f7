import { z } from "zod";
import { IntegrationHttp, UpstreamError, httpFailure } from "../http.js";

// The one-stop records system (hệ thống một cửa điện tử). Its real API is not public; this
// is the protocol our simulator speaks and the province's LGSP adapter would implement
// (full description: server/src/simulators/onestop/onestop-simulator.ts):
//   POST /api/dossiers       header x-api-key, JSON dossier (with its current status, so a
//                            record made late starts where the dossier is) → 201 {id, code, status} when
//                            created, 200 with the same record when the code already exists
//                            (so a resend after a timeout never makes a second record);
//   POST /api/dossiers/:code/status {eventId, status, note} a change made on our side,
//                            idempotent by eventId;
//   GET  /api/dossiers/:code → {id, code, status, history[]}, 404 when unknown.
// Status codes 1–10 as in integrations.md §4. Status changes come back by signed webhook
// (x-onestop-signature: sha256=<HMAC-SHA256 hex of the raw body>).

export interface OnestopDossier {
  /** Our dossier code (agency-yymmdd-NNNN): the idempotency key on both sides. */
  code: string;
  procedureCode: string;
  agencyCode: string;
  applicant: { name: string };
  /** Channel of submission (integrations.md §4): 1 in person, 2 online, 3 by public post. */
  channel: 1 | 2 | 3;
  /** Status code 1–10 now: a record made after changes here does not start at 1. */
  status: number;
  /** How the citizen gets the result: at the one-stop desk, or by public post to an address. */
  resultDelivery: { method: "at_centre" | "public_post"; address: string | null };
  receivedAt: string;
  appointmentAt: string | null;
  formData: Record<string, unknown>;
  files: { name: string; mimeType: string; sha256: string; contentBase64: string }[];
}

const status = z.coerce.number().int().min(1).max(10);
const createAnswer = z.object({ id: z.string().min(1), code: z.string().optional(), status });
const getAnswer = z.object({
  id: z.string().min(1),
  code: z.string(),
  status,
  history: z.array(z.object({ status, note: z.string().optional(), at: z.string() })).default([]),
});
export type OnestopDossierState = z.infer<typeof getAnswer>;

export class OnestopClient {
  constructor(
    private readonly http: IntegrationHttp,
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private fail(operation: string, res: { status: number; json: unknown }): never {
    throw httpFailure("onestop", operation, res);
  }

  async createDossier(d: OnestopDossier): Promise<{ id: string; status: number; created: boolean }> {
    const res = await this.http.call({
      operation: "dossier.create",
      method: "POST",
      url: `${this.baseUrl}/api/dossiers`,
      headers: { "x-api-key": this.apiKey, "content-type": "application/json" },
      body: JSON.stringify(d),
      // The applicant's name, answers and address stay out of the call log: the code, the
      // procedure and the files' digests are enough to trace a push.
      logBody: {
        code: d.code,
        procedureCode: d.procedureCode,
        agencyCode: d.agencyCode,
        status: d.status,
        files: d.files.map((f) => ({ sha256: f.sha256, mimeType: f.mimeType })),
      },
      timeoutMs: 20_000, // files travel inline, base64
    });
    if (res.status !== 200 && res.status !== 201) this.fail("dossier.create", res);
    const body = createAnswer.safeParse(res.json);
    // A success without a record id cannot be recorded; resending is safe (idempotent by code).
    if (!body.success)
      throw new UpstreamError("onestop", "dossier.create: unexpected answer", res.status, true);
    return { id: body.data.id, status: body.data.status, created: res.status === 201 };
  }

  /** Reports a status change made on our side; idempotent by eventId. */
  async updateStatus(
    code: string,
    u: { eventId: string; status: number; note: string | null },
  ): Promise<void> {
    const res = await this.http.call({
      operation: "dossier.status",
      method: "POST",
      url: `${this.baseUrl}/api/dossiers/${encodeURIComponent(code)}/status`,
      headers: { "x-api-key": this.apiKey, "content-type": "application/json" },
      body: JSON.stringify(u),
    });
    if (res.status !== 200) this.fail("dossier.status", res);
  }

  /** The dossier as the one-stop system knows it, or null when it has no such code. */
  async getDossier(code: string): Promise<OnestopDossierState | null> {
    const res = await this.http.call({
      operation: "dossier.get",
      method: "GET",
      url: `${this.baseUrl}/api/dossiers/${encodeURIComponent(code)}`,
      headers: { "x-api-key": this.apiKey },
    });
    if (res.status === 404) return null;
    if (res.status !== 200) this.fail("dossier.get", res);
    const body = getAnswer.safeParse(res.json);
    if (!body.success) throw new UpstreamError("onestop", "dossier.get: unexpected answer", res.status, true);
    return body.data;
  }
}
