// The store and fault injection shared by the one-stop and IOC simulators: records keyed
// by the caller's idempotency key, status changes pushed by signed webhook.
import { randomUUID } from "node:crypto";
import express, { type Express, type Request, type Response } from "express";
import { signWebhook } from "../integrations/webhook-signature.js";

export interface SimRecord {
  id: string;
  key: string;
  status: string;
  data: unknown;
  history: { status: string; note?: string; at: string; eventId?: string }[];
}

export interface RecordSimOptions {
  apiKey: string;
  webhookSecret: string;
  callbackUrl?: string;
}

export interface RecordSimState {
  records: Map<string, SimRecord>;
  creates: number;
  faults: { latencyMs: number; fail500: number; hang: number; duplicateWebhooks: number };
  webhooks: { eventId: string; status: number | "error" }[];
  callbackUrl?: string;
}

export function createRecordSimulator(
  opts: RecordSimOptions,
  shape: { collection: string; keyField: string; initialStatus: string },
): { app: Express; state: RecordSimState } {
  const state: RecordSimState = {
    records: new Map(),
    creates: 0,
    faults: { latencyMs: 0, fail500: 0, hang: 0, duplicateWebhooks: 0 },
    webhooks: [],
    ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}),
  };
  const app = express();
  app.use(express.json({ limit: "60mb" }));

  const api = express.Router();
  api.use(async (req: Request, res: Response, next) => {
    if (req.header("x-api-key") !== opts.apiKey) return res.status(401).json({ error: "invalid api key" });
    if (state.faults.latencyMs) await new Promise((r) => setTimeout(r, state.faults.latencyMs));
    if (state.faults.hang > 0) {
      state.faults.hang--;
      return; // never answers: the caller's timeout must fire
    }
    if (state.faults.fail500 > 0) {
      state.faults.fail500--;
      return res.status(500).json({ error: "injected failure" });
    }
    next();
  });
  api.post(`/${shape.collection}`, (req, res) => {
    const key = String(req.body?.[shape.keyField] ?? "");
    if (!key) return res.status(400).json({ error: `${shape.keyField} is required` });
    const existing = state.records.get(key);
    if (existing)
      return res.status(200).json({ id: existing.id, [shape.keyField]: key, status: existing.status });
    const rec: SimRecord = {
      id: randomUUID(),
      key,
      status: shape.initialStatus,
      data: req.body,
      history: [{ status: shape.initialStatus, at: new Date().toISOString() }],
    };
    state.records.set(key, rec);
    state.creates++;
    res.status(201).json({ id: rec.id, [shape.keyField]: key, status: rec.status });
  });
  // Status changes made on our side (a clerk in our console), idempotent by eventId.
  api.post(`/${shape.collection}/:key/status`, (req, res) => {
    const rec = state.records.get(req.params.key);
    if (!rec) return res.status(404).json({ error: "not found" });
    const eventId = String(req.body?.eventId ?? "");
    if (!eventId || req.body?.status === undefined)
      return res.status(400).json({ error: "eventId and status are required" });
    if (!rec.history.some((h) => h.eventId === eventId)) {
      rec.status = String(req.body.status);
      rec.history.push({
        status: rec.status,
        at: new Date().toISOString(),
        eventId,
        ...(req.body.note ? { note: String(req.body.note) } : {}),
      });
    }
    res.json({ id: rec.id, [shape.keyField]: rec.key, status: rec.status });
  });
  api.get(`/${shape.collection}/:key`, (req, res) => {
    const rec = state.records.get(req.params.key);
    if (!rec) return res.status(404).json({ error: "not found" });
    res.json({ id: rec.id, [shape.keyField]: rec.key, status: rec.status, history: rec.history });
  });
  app.use("/api", api);

  const sim = express.Router();
  sim.get("/records", (_req, res) => res.json([...state.records.values()]));
  sim.post("/faults", (req, res) => {
    Object.assign(state.faults, req.body ?? {});
    res.json(state.faults);
  });
  sim.post("/callback", (req, res) => {
    state.callbackUrl = String(req.body?.url ?? "");
    res.json({ ok: true });
  });
  sim.post("/records/:key/status", async (req, res) => {
    const rec = state.records.get(req.params.key);
    if (!rec) return res.status(404).json({ error: "not found" });
    rec.status = String(req.body?.status);
    const note = req.body?.note ? String(req.body.note) : undefined;
    rec.history.push({ status: rec.status, at: new Date().toISOString(), ...(note ? { note } : {}) });
    const body = JSON.stringify({
      eventId: randomUUID(),
      [shape.keyField]: rec.key,
      status: rec.status,
      note: note ?? null,
      changedAt: new Date().toISOString(),
    });
    const deliveries = 1 + (state.faults.duplicateWebhooks > 0 ? 1 : 0);
    for (let i = 0; i < deliveries && state.callbackUrl; i++) {
      const r = await fetch(state.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": signWebhook(body, opts.webhookSecret) },
        body,
      }).catch(() => null);
      state.webhooks.push({ eventId: JSON.parse(body).eventId, status: r ? r.status : "error" });
    }
    res.json({ ok: true, status: rec.status });
  });
  app.use("/__sim", sim);
  return { app, state };
}
