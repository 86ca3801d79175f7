import { IntegrationHttp, UpstreamError } from "../http.js";

// The one-stop records system (hệ thống một cửa điện tử). Its real API is not public; this
// is the protocol our simulator speaks and the province's LGSP adapter would implement:
// POST /api/dossiers (x-api-key) idempotent by `code`; GET /api/dossiers/:code.

export interface OnestopDossier {
  code: string;
  procedureCode: string;
  agencyCode: string;
  applicant: { name: string };
  receivedAt: string;
  appointmentAt: string | null;
  formData: Record<string, unknown>;
  files: { name: string; mimeType: string; sha256: string; contentBase64: string }[];
}

export class OnestopClient {
  constructor(
    private readonly http: IntegrationHttp,
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private fail(operation: string, status: number): never {
    // 5xx and 429 are worth retrying; other 4xx mean our request is wrong.
    throw new UpstreamError(
      "onestop",
      `${operation} HTTP ${status}`,
      status,
      status >= 500 || status === 429,
    );
  }

  async createDossier(d: OnestopDossier): Promise<{ id: string; status: number; created: boolean }> {
    const res = await this.http.call({
      operation: "dossier.create",
      method: "POST",
      url: `${this.baseUrl}/api/dossiers`,
      headers: { "x-api-key": this.apiKey, "content-type": "application/json" },
      body: JSON.stringify(d),
      timeoutMs: 20_000,
    });
    if (res.status !== 200 && res.status !== 201) this.fail("dossier.create", res.status);
    const body = res.json as { id?: string; status?: string | number };
    if (!body?.id) throw new UpstreamError("onestop", "dossier.create: no id", res.status, true);
    return { id: body.id, status: Number(body.status ?? 1), created: res.status === 201 };
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
    if (res.status !== 200) this.fail("dossier.status", res.status);
  }

  async getDossier(code: string): Promise<{ id: string; status: number } | null> {
    const res = await this.http.call({
      operation: "dossier.get",
      method: "GET",
      url: `${this.baseUrl}/api/dossiers/${encodeURIComponent(code)}`,
      headers: { "x-api-key": this.apiKey },
    });
    if (res.status === 404) return null;
    if (res.status !== 200) this.fail("dossier.get", res.status);
    const body = res.json as { id: string; status: string | number };
    return { id: body.id, status: Number(body.status) };
  }
}
