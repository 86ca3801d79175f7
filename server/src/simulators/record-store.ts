// What the one-stop and IOC simulators share: a store of records keyed by the caller's
// idempotency key (the dossier code, the incident's externalId), an API guarded by
// x-api-key, status changes made through the control API and pushed to the caller by a
// signed webhook, fault injection, and optional persistence to a JSON file so a record
// survives the simulator's own restart (as the real system's database would).
//
// API additions every record system gets (besides create and get, see each simulator):
//   POST /api/<collection>/:key/status        {eventId, status, note?} a change made on the caller's
//                                             side; idempotent by eventId → the record's summary
//
// Control API (JSON bodies):
//   GET  /__sim/records                       every record (key, id, status, data, history)
//   GET  /__sim/creates                       {total, byKey, requestsByKey}: creates that stored a
//                                             record (201) per key (more than one = idempotency
//                                             broken), and every valid create request per key
//                                             (resends answered 200 included)
//   POST /__sim/records/:key/status           {status, note?} → changes it, delivers the webhook
//   GET  /__sim/webhooks                      deliveries made (eventId, attempt, HTTP status or "error")
//   POST /__sim/faults                        {latencyMs?, fail500?, failCreate500?, hang?,
//                                              hangAfterCreate?, duplicateWebhooks?}
//   GET  /__sim/faults
//   POST /__sim/callback                      {url} where webhooks go
//   POST /__sim/reset                         forgets records, deliveries and faults
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import express, { type Express, type Request, type Response, type Router } from "express";
import { z } from "zod";

export interface SimRecord<S extends string | number = string | number> {
  id: string;
  key: string;
  status: S;
  data: unknown;
  createdAt: string;
  /** eventId is set on changes the caller pushed (so a resend is recognised). */
  history: { status: S; note?: string; at: string; eventId?: string }[];
}

export interface RecordSimOptions {
  apiKey: string;
  webhookSecret: string;
  callbackUrl?: string;
  /** JSON file the store is loaded from at start and written to after every change. */
  persistPath?: string;
  /** How long a webhook delivery may take before it counts as failed. */
  webhookTimeoutMs?: number;
}

export interface RecordSimFaults {
  /** Added before every API answer. */
  latencyMs: number;
  /** The next N API requests answer HTTP 500 without doing anything. */
  fail500: number;
  /** The next N creates answer HTTP 500 without storing anything (other requests unaffected). */
  failCreate500: number;
  /** The next N API requests never answer: only the caller's timeout ends them. */
  hang: number;
  /**
   * The next N creates are stored and then never answered: the commit succeeded, the answer
   * was lost (the caller times out or dies waiting). Its retry must not make a second record.
   */
  hangAfterCreate: number;
  /** The next N webhooks are each delivered twice (at-least-once delivery). */
  duplicateWebhooks: number;
}

export interface WebhookDelivery {
  eventId: string;
  key: string;
  attempt: number;
  at: string;
  status: number | "error";
}

export interface RecordSimState<S extends string | number = string | number> {
  records: Map<string, SimRecord<S>>;
  creates: number;
  /** Creates that stored a record, per key (a resend answered 200 is not one). */
  createsByKey: Map<string, number>;
  /** Every valid create request, per key, resends included. */
  createRequestsByKey: Map<string, number>;
  faults: RecordSimFaults;
  webhooks: WebhookDelivery[];
  callbackUrl?: string;
}

/** What makes the one-stop and IOC simulators differ. */
export interface RecordShape<S extends string | number> {
  /** Path segment under /api: `dossiers`, `incidents`. */
  collection: string;
  /** The caller's idempotency key in the create body and in webhooks. */
  keyField: string;
  initialStatus: S;
  /** Header the webhook signature travels in. */
  signatureHeader: string;
  /** Problems with a create body (empty = acceptable), checked as the real system would. */
  validateCreate(body: unknown): string[];
  /** Parses a status given to the control API; undefined = not a status of this system. */
  parseStatus(value: unknown): S | undefined;
  /** The status a new record starts in, when the create body says (default initialStatus). */
  initialStatusOf?(body: Record<string, unknown>): S | undefined;
  /** What is stored of a create body (e.g. without file contents). */
  storeData?(body: Record<string, unknown>): unknown;
  createResponse(rec: SimRecord<S>): Record<string, unknown>;
  getResponse(rec: SimRecord<S>): Record<string, unknown>;
  webhookBody(
    rec: SimRecord<S>,
    e: { eventId: string; note: string | null; changedAt: string },
  ): Record<string, unknown>;
  /** Adds routes: on `api` they get the key check and the faults; on `sim`, control routes. */
  extend?(routers: { api: Router; sim: Router }): void;
  /** Forgets whatever `extend` keeps, on POST /__sim/reset. */
  onReset?(): void;
}

/**
 * The signature on our webhooks: `sha256=<hex HMAC-SHA256(secret, raw body)>`. Written
 * here, apart from the server's verifier (server/src/integrations/webhook-signature.ts),
 * so that each checks the other.
 */
export function signRecordWebhook(rawBody: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

const faultsBody = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    fail500: z.number().int().min(0),
    failCreate500: z.number().int().min(0),
    hang: z.number().int().min(0),
    hangAfterCreate: z.number().int().min(0),
    duplicateWebhooks: z.number().int().min(0),
  })
  .partial()
  .strict();

export function createRecordSimulator<S extends string | number>(
  opts: RecordSimOptions,
  shape: RecordShape<S>,
): { app: Express; state: RecordSimState<S> } {
  const state: RecordSimState<S> = {
    records: new Map(),
    creates: 0,
    createsByKey: new Map(),
    createRequestsByKey: new Map(),
    faults: { latencyMs: 0, fail500: 0, failCreate500: 0, hang: 0, hangAfterCreate: 0, duplicateWebhooks: 0 },
    webhooks: [],
    ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}),
  };
  load(opts.persistPath, state);
  const persist = () => save(opts.persistPath, state);

  const app = express();
  app.use(express.json({ limit: "60mb" }));

  const api = express.Router();
  api.use(async (req: Request, res: Response, next) => {
    if (req.header("x-api-key") !== opts.apiKey) return res.status(401).json({ error: "invalid api key" });
    if (state.faults.latencyMs) await new Promise((r) => setTimeout(r, state.faults.latencyMs));
    if (state.faults.hang > 0) {
      state.faults.hang--;
      return; // never answers; close() drops the socket
    }
    if (state.faults.fail500 > 0) {
      state.faults.fail500--;
      return res.status(500).json({ error: "injected failure" });
    }
    next();
  });
  api.post(`/${shape.collection}`, (req, res) => {
    const body = req.body as unknown;
    const problems = shape.validateCreate(body);
    if (problems.length) return res.status(422).json({ error: "invalid request", problems });
    if (state.faults.failCreate500 > 0) {
      state.faults.failCreate500--;
      return res.status(500).json({ error: "injected failure" });
    }
    const b = body as Record<string, unknown>;
    const key = String(b[shape.keyField]);
    state.createRequestsByKey.set(key, (state.createRequestsByKey.get(key) ?? 0) + 1);
    // Idempotent by the caller's key: a retry after a timeout finds the first record,
    // and the first payload wins.
    const existing = state.records.get(key);
    if (existing) return res.status(200).json(shape.createResponse(existing));
    const now = new Date().toISOString();
    const initial = shape.initialStatusOf?.(b) ?? shape.initialStatus;
    const rec: SimRecord<S> = {
      id: randomUUID(),
      key,
      status: initial,
      data: shape.storeData ? shape.storeData(b) : b,
      createdAt: now,
      history: [{ status: initial, at: now }],
    };
    state.records.set(key, rec);
    state.creates++;
    state.createsByKey.set(key, (state.createsByKey.get(key) ?? 0) + 1);
    persist();
    if (state.faults.hangAfterCreate > 0) {
      state.faults.hangAfterCreate--;
      return; // stored, never answered; close() drops the socket
    }
    res.status(201).json(shape.createResponse(rec));
  });
  // Status changes made on the caller's side (a clerk in our console), idempotent by
  // eventId. Not echoed back by webhook: the caller already knows.
  api.post(`/${shape.collection}/:key/status`, (req, res) => {
    const rec = state.records.get(req.params.key);
    if (!rec) return res.status(404).json({ error: "not found" });
    const body = (req.body ?? {}) as { eventId?: unknown; status?: unknown; note?: unknown };
    const eventId = typeof body.eventId === "string" ? body.eventId : "";
    const status = shape.parseStatus(body.status);
    if (!eventId || eventId.length > 100 || status === undefined)
      return res
        .status(422)
        .json({ error: "invalid request", problems: ["eventId and a known status are required"] });
    if (!rec.history.some((h) => h.eventId === eventId)) {
      rec.status = status;
      const note = typeof body.note === "string" && body.note ? body.note : undefined;
      rec.history.push({ status, at: new Date().toISOString(), eventId, ...(note ? { note } : {}) });
      persist();
    }
    res.json(shape.createResponse(rec));
  });
  api.get(`/${shape.collection}/:key`, (req, res) => {
    const rec = state.records.get(req.params.key);
    if (!rec) return res.status(404).json({ error: "not found" });
    res.json(shape.getResponse(rec));
  });
  app.use("/api", api);

  const deliver = async (rec: SimRecord<S>, note: string | null) => {
    const eventId = randomUUID();
    // Serialised once and signed over exactly the bytes sent.
    const rawBody = JSON.stringify(
      shape.webhookBody(rec, { eventId, note, changedAt: new Date().toISOString() }),
    );
    const signature = signRecordWebhook(rawBody, opts.webhookSecret);
    const copies = state.faults.duplicateWebhooks > 0 ? 2 : 1;
    if (copies === 2) state.faults.duplicateWebhooks--;
    const results: WebhookDelivery[] = [];
    for (let attempt = 1; attempt <= copies && state.callbackUrl; attempt++) {
      const r = await fetch(state.callbackUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [shape.signatureHeader]: signature,
        },
        body: rawBody,
        signal: AbortSignal.timeout(opts.webhookTimeoutMs ?? 10_000),
      }).catch(() => null);
      const d: WebhookDelivery = {
        eventId,
        key: rec.key,
        attempt,
        at: new Date().toISOString(),
        status: r ? r.status : "error",
      };
      state.webhooks.push(d);
      results.push(d);
    }
    return { eventId, deliveries: results };
  };

  const sim = express.Router();
  sim.get("/records", (_req, res) => res.json([...state.records.values()]));
  sim.get("/creates", (_req, res) =>
    res.json({
      total: state.creates,
      byKey: Object.fromEntries(state.createsByKey),
      requestsByKey: Object.fromEntries(state.createRequestsByKey),
    }),
  );
  sim.post("/records/:key/status", async (req, res) => {
    const rec = state.records.get(req.params.key);
    if (!rec) return res.status(404).json({ error: "not found" });
    const body = (req.body ?? {}) as { status?: unknown; note?: unknown };
    const status = shape.parseStatus(body.status);
    if (status === undefined) return res.status(400).json({ error: `unknown status ${String(body.status)}` });
    const note = typeof body.note === "string" && body.note ? body.note : null;
    rec.status = status;
    rec.history.push({ status, at: new Date().toISOString(), ...(note ? { note } : {}) });
    persist();
    // Answered after delivery, so a test sees the webhook's effect once this returns.
    const { eventId, deliveries } = await deliver(rec, note);
    res.json({ ok: true, status: rec.status, eventId, deliveries });
  });
  sim.get("/webhooks", (_req, res) => res.json(state.webhooks));
  sim.get("/faults", (_req, res) => res.json(state.faults));
  sim.post("/faults", (req, res) => {
    const r = faultsBody.safeParse(req.body ?? {});
    if (!r.success) return res.status(400).json({ error: "invalid faults", issues: r.error.issues });
    Object.assign(state.faults, r.data);
    res.json(state.faults);
  });
  sim.post("/callback", (req, res) => {
    const r = z.object({ url: z.string().url() }).safeParse(req.body ?? {});
    if (!r.success) return res.status(400).json({ error: "url is required" });
    state.callbackUrl = r.data.url;
    res.json({ ok: true, url: state.callbackUrl });
  });
  sim.post("/reset", (_req, res) => {
    state.records.clear();
    state.webhooks = [];
    state.creates = 0;
    state.createsByKey.clear();
    state.createRequestsByKey.clear();
    Object.assign(state.faults, {
      latencyMs: 0,
      fail500: 0,
      failCreate500: 0,
      hang: 0,
      hangAfterCreate: 0,
      duplicateWebhooks: 0,
    });
    shape.onReset?.();
    persist();
    res.json({ ok: true });
  });
  shape.extend?.({ api, sim });
  app.use("/__sim", sim);
  return { app, state };
}

interface PersistedStore {
  records: SimRecord[];
  creates: number;
  createsByKey?: Record<string, number>;
}

function load<S extends string | number>(file: string | undefined, state: RecordSimState<S>) {
  if (!file) return;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return; // first start: nothing stored yet
  }
  const stored = JSON.parse(text) as PersistedStore;
  for (const r of stored.records) state.records.set(r.key, r as SimRecord<S>);
  state.creates = stored.creates;
  for (const [k, n] of Object.entries(stored.createsByKey ?? {})) state.createsByKey.set(k, n);
}

function save<S extends string | number>(file: string | undefined, state: RecordSimState<S>) {
  if (!file) return;
  const data: PersistedStore = {
    records: [...state.records.values()],
    creates: state.creates,
    createsByKey: Object.fromEntries(state.createsByKey),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename: a crash mid-write never leaves a half file to load.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}
