import { z } from "zod";
import { IntegrationHttp, UpstreamError, httpFailure } from "../http.js";

// The province's Intelligent Operations Centre (IOC). Its API is not public; this is the
// protocol our simulator speaks (full description: server/src/simulators/ioc/ioc-simulator.ts):
//   POST /api/incidents              header x-api-key, JSON incident → 201 {iocId, externalId,
//                                    status} when created, 200 with the same record when our
//                                    externalId is already known (resends are safe);
//   GET  /api/incidents/:externalId  → {iocId, externalId, status, history[]}, 404 when unknown;
//   POST /api/cap                    a CAP 1.2 XML alert → 202 {id, receivedAt}.
// Status changes come back by signed webhook (x-ioc-signature: sha256=<HMAC-SHA256 hex of
// the raw body>, a secret of its own).

export interface IocIncident {
  /** Our incident id: the idempotency key on both sides. */
  externalId: string;
  category: string;
  title?: string;
  description: string;
  location: { lat: number; lon: number; address?: string };
  reportedAt: string;
  media?: { url: string; mimeType?: string }[];
  reporter?: { name?: string; phone?: string };
}

const status = z.string().min(1).max(40);
const createAnswer = z.object({ iocId: z.string().min(1), externalId: z.string().optional(), status });
const getAnswer = z.object({
  iocId: z.string().min(1),
  externalId: z.string(),
  status,
  history: z.array(z.object({ status, note: z.string().optional(), at: z.string() })).default([]),
});
export type IocIncidentState = z.infer<typeof getAnswer>;

export class IocClient {
  constructor(
    private readonly http: IntegrationHttp,
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private fail(operation: string, res: { status: number; json: unknown }): never {
    throw httpFailure("ioc", operation, res);
  }

  async createIncident(i: IocIncident): Promise<{ iocId: string; status: string; created: boolean }> {
    const res = await this.http.call({
      operation: "incident.create",
      method: "POST",
      url: `${this.baseUrl}/api/incidents`,
      headers: { "x-api-key": this.apiKey, "content-type": "application/json" },
      body: JSON.stringify(i),
    });
    if (res.status !== 200 && res.status !== 201) this.fail("incident.create", res);
    const body = createAnswer.safeParse(res.json);
    // Resending is safe (idempotent by externalId), so an unreadable success is retried.
    if (!body.success) throw new UpstreamError("ioc", "incident.create: unexpected answer", res.status, true);
    return { iocId: body.data.iocId, status: body.data.status, created: res.status === 201 };
  }

  /** The incident as the IOC knows it, or null when it has no such externalId. */
  async getIncident(externalId: string): Promise<IocIncidentState | null> {
    const res = await this.http.call({
      operation: "incident.get",
      method: "GET",
      url: `${this.baseUrl}/api/incidents/${encodeURIComponent(externalId)}`,
      headers: { "x-api-key": this.apiKey },
    });
    if (res.status === 404) return null;
    if (res.status !== 200) this.fail("incident.get", res);
    const body = getAnswer.safeParse(res.json);
    if (!body.success) throw new UpstreamError("ioc", "incident.get: unexpected answer", res.status, true);
    return body.data;
  }

  /**
   * A status change made on our side (an operator in our console), idempotent by eventId:
   * the IOC records each eventId once. 404 while it does not know the incident yet (retried).
   */
  async updateIncidentStatus(
    externalId: string,
    change: { eventId: string; status: string; note?: string | null },
  ): Promise<{ status: string }> {
    const res = await this.http.call({
      operation: "incident.status",
      method: "POST",
      url: `${this.baseUrl}/api/incidents/${encodeURIComponent(externalId)}/status`,
      headers: { "x-api-key": this.apiKey, "content-type": "application/json" },
      body: JSON.stringify({
        eventId: change.eventId,
        status: change.status,
        ...(change.note ? { note: change.note } : {}),
      }),
    });
    if (res.status === 404)
      throw new UpstreamError("ioc", "incident.status: incident not at the IOC yet", 404, true);
    if (res.status !== 200) this.fail("incident.status", res);
    const body = createAnswer.safeParse(res.json);
    if (!body.success) throw new UpstreamError("ioc", "incident.status: unexpected answer", res.status, true);
    return { status: body.data.status };
  }

  /** Hands a CAP 1.2 alert (XML text) to the IOC. */
  async sendCapAlert(xml: string): Promise<{ id: string }> {
    const res = await this.http.call({
      operation: "cap.send",
      method: "POST",
      url: `${this.baseUrl}/api/cap`,
      headers: { "x-api-key": this.apiKey, "content-type": "application/cap+xml" },
      body: xml,
    });
    if (res.status !== 202 && res.status !== 200 && res.status !== 201) this.fail("cap.send", res);
    const body = z.object({ id: z.string().min(1) }).safeParse(res.json);
    // Not retried: the alert was taken, and a resend would be a second delivery.
    if (!body.success) throw new UpstreamError("ioc", "cap.send: unexpected answer", res.status, false);
    return { id: body.data.id };
  }
}
