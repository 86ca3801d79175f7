// Simulator of the province's Intelligent Operations Centre (IOC), which receives citizen
// incident reports and disaster alerts. Its API is not public, so the protocol is ours
// (client: server/src/integrations/ioc/ioc-client.ts):
//
//   POST /api/incidents            header x-api-key; JSON
//        {externalId, category, title?, description, location:{lat, lon, address?},
//         reportedAt, media?:[{url, mimeType?}], reporter?:{name?, phone?}}
//        → 201 {iocId, externalId, status:"received"}; the same externalId again → 200 and
//          the SAME record (first payload wins). 401 bad key; 422 {error, problems[]}.
//   GET  /api/incidents/:externalId → {iocId, externalId, status, category, history[]}; 404.
//   Statuses: received, verified, assigned, in_progress, resolved, closed, rejected.
//   Webhook (IOC → us): POST <callback> JSON {eventId, externalId, iocId, status, note,
//        changedAt}, header `x-ioc-signature: sha256=<hex HMAC-SHA256(secret, raw body)>`
//        its own secret; at least once, deduplicate on eventId.
//   POST /api/cap                  header x-api-key; a CAP 1.2 XML alert as the raw body
//        (application/cap+xml, application/xml or text/xml) → 202 {id, receivedAt}.
//        Stored as received; validation of the CAP document comes with the alerts issue.
//
// Control API and faults: see record-store.ts; plus GET /__sim/cap (the alerts received).
import { randomUUID } from "node:crypto";
import express from "express";
import { z } from "zod";
import { createRecordSimulator, type RecordSimOptions, type RecordSimState } from "../record-store.js";
import { listen, type RunningSim } from "../sim-kit.js";

export const IOC_STATUSES = [
  "received",
  "verified",
  "assigned",
  "in_progress",
  "resolved",
  "closed",
  "rejected",
] as const;
export type IocStatus = (typeof IOC_STATUSES)[number];

export interface CapAlertReceived {
  id: string;
  receivedAt: string;
  contentType: string;
  xml: string;
}

const isoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "an ISO 8601 date-time");
const createBody = z.object({
  externalId: z.string().min(1).max(100),
  category: z.string().min(1).max(100),
  title: z.string().max(300).optional(),
  description: z.string().min(1).max(4000),
  location: z.object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    address: z.string().max(500).optional(),
  }),
  reportedAt: isoDateTime,
  media: z
    .array(z.object({ url: z.string().url(), mimeType: z.string().optional() }))
    .max(20)
    .optional(),
  reporter: z.object({ name: z.string().optional(), phone: z.string().optional() }).optional(),
});

export function createIocSimulator(opts: RecordSimOptions) {
  const capAlerts: CapAlertReceived[] = [];
  const sim = createRecordSimulator<IocStatus>(opts, {
    collection: "incidents",
    keyField: "externalId",
    initialStatus: "received",
    signatureHeader: "x-ioc-signature",
    validateCreate: (body) => {
      const r = createBody.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    },
    parseStatus: (v) => IOC_STATUSES.find((s) => s === v),
    createResponse: (r) => ({ iocId: r.id, externalId: r.key, status: r.status }),
    getResponse: (r) => ({
      iocId: r.id,
      externalId: r.key,
      status: r.status,
      category: (r.data as { category?: string }).category,
      history: r.history,
    }),
    webhookBody: (r, e) => ({
      eventId: e.eventId,
      externalId: r.key,
      iocId: r.id,
      status: r.status,
      note: e.note,
      changedAt: e.changedAt,
    }),
    extend: ({ api, sim: control }) => {
      api.post(
        "/cap",
        express.text({ type: ["application/cap+xml", "application/xml", "text/xml"], limit: "2mb" }),
        (req, res) => {
          const xml = typeof req.body === "string" ? req.body : "";
          if (!xml.trim()) return res.status(415).json({ error: "a CAP XML document is required" });
          const alert: CapAlertReceived = {
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            contentType: String(req.header("content-type") ?? ""),
            xml,
          };
          capAlerts.push(alert);
          res.status(202).json({ id: alert.id, receivedAt: alert.receivedAt });
        },
      );
      control.get("/cap", (_req, res) => res.json(capAlerts));
    },
    onReset: () => {
      capAlerts.length = 0;
    },
  });
  return { ...sim, capAlerts };
}

export async function startIocSimulator(
  opts: RecordSimOptions,
  port = 0,
): Promise<RunningSim & { state: RecordSimState<IocStatus> }> {
  const { app, state } = createIocSimulator(opts);
  return { ...(await listen(app, port)), state };
}
