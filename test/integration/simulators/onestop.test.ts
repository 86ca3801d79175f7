import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../../server/src/integrations/http.js";
import {
  OnestopClient,
  type OnestopDossier,
} from "../../../server/src/integrations/onestop/onestop-client.js";
import { verifyWebhook } from "../../../server/src/integrations/webhook-signature.js";
import type { RecordSimState, SimRecord } from "../../../server/src/simulators/record-store.js";
import type { RunningSim } from "../../../server/src/simulators/sim-kit.js";
import {
  startOnestopSimulator,
  type OnestopStatus,
} from "../../../server/src/simulators/onestop/onestop-simulator.js";
import { callLog, getJson, postJson, startReceiver } from "./helpers.js";

const API_KEY = "test-onestop-key";
const HOOK_SECRET = "test-onestop-webhook";

let sim: RunningSim & { state: RecordSimState<OnestopStatus> };
let ours: Awaited<ReturnType<typeof startReceiver>>;
let log: ReturnType<typeof callLog>;
let client: OnestopClient;

beforeAll(async () => {
  ours = await startReceiver();
  sim = await startOnestopSimulator({
    apiKey: API_KEY,
    webhookSecret: HOOK_SECRET,
    callbackUrl: `${ours.url}/webhooks/onestop`,
  });
  log = callLog();
  client = new OnestopClient(log.http("onestop"), sim.url, API_KEY);
});
afterAll(async () => {
  await sim?.close();
  await ours?.close();
});
beforeEach(async () => {
  await postJson(`${sim.url}/__sim/faults`, { latencyMs: 0, fail500: 0, hang: 0, duplicateWebhooks: 0 });
  ours.received.length = 0;
});

function dossier(overrides: Partial<OnestopDossier> = {}): OnestopDossier {
  const content = Buffer.from(`%PDF-1.4 ${randomBytes(8).toString("hex")}`);
  return {
    code: `H38.03006-250701-${randomBytes(3).toString("hex")}`,
    procedureCode: "1.001193.000.00.00.H38",
    agencyCode: "H38.03006",
    applicant: { name: "Giàng A Páo" },
    channel: 2,
    status: 1,
    resultDelivery: { method: "at_centre", address: null },
    receivedAt: "2025-07-01T03:30:00.000Z",
    appointmentAt: "2025-07-04T10:00:00.000Z",
    formData: { childName: "Giàng Thị Mai" },
    files: [
      {
        name: "to-khai.pdf",
        mimeType: "application/pdf",
        sha256: createHash("sha256").update(content).digest("hex"),
        contentBase64: content.toString("base64"),
      },
    ],
    ...overrides,
  };
}
const create = (d: unknown, key = API_KEY) =>
  postJson<{ id: string; code: string; status: number; problems?: string[] }>(`${sim.url}/api/dossiers`, d, {
    "x-api-key": key,
  });

describe("[SIM ONESTOP] dossiers API", () => {
  it("creates a dossier (201, status 1) and answers a second create with the same code with the SAME record (200)", async () => {
    const d = dossier();
    const first = await create(d);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ id: expect.any(String), code: d.code, status: 1 });
    const again = await create({ ...d, applicant: { name: "Someone else" } });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect([...sim.state.records.values()].filter((r) => r.key === d.code)).toHaveLength(1);
  });

  it("makes one record however many creates with one code race", async () => {
    const d = dossier();
    const answers = await Promise.all(Array.from({ length: 10 }, () => create(d)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
  });

  it("refuses a wrong key (401), a missing field and a file whose sha256 does not match (422)", async () => {
    expect((await create(dossier(), "wrong")).status).toBe(401);
    const { applicant: _drop, ...noApplicant } = dossier();
    const missing = await create(noApplicant);
    expect(missing.status).toBe(422);
    expect(missing.json.problems?.join()).toContain("applicant");
    const d = dossier();
    const broken = await create({ ...d, files: [{ ...d.files[0]!, sha256: "0".repeat(64) }] });
    expect(broken.status).toBe(422);
    expect(broken.json.problems).toEqual(["files.0.sha256: does not match the content"]);
    expect(sim.state.records.has(d.code)).toBe(false);
  });

  it("a record starts in the status the create carries; public post needs an address", async () => {
    const late = dossier({
      status: 4,
      resultDelivery: { method: "public_post", address: "Tổ 3, phường Sa Pa" },
    });
    expect((await create(late)).json.status).toBe(4);
    expect(sim.state.records.get(late.code)).toMatchObject({
      status: 4,
      history: [{ status: 4 }],
      data: { resultDelivery: { method: "public_post", address: "Tổ 3, phường Sa Pa" } },
    });
    const noAddress = await create(dossier({ resultDelivery: { method: "public_post", address: null } }));
    expect(noAddress.status).toBe(422);
    expect(noAddress.json.problems?.join()).toContain("resultDelivery");
  });

  it("GET answers the status and history; 404 for an unknown code", async () => {
    const d = dossier();
    await create(d);
    const got = await getJson<{ code: string; status: number; history: { status: number }[] }>(
      `${sim.url}/api/dossiers/${d.code}`,
      { "x-api-key": API_KEY },
    );
    expect(got.json).toMatchObject({ code: d.code, status: 1, history: [{ status: 1 }] });
    expect((await getJson(`${sim.url}/api/dossiers/nope`, { "x-api-key": API_KEY })).status).toBe(404);
  });
});

describe("[SIM ONESTOP] the typed client", () => {
  it("creates idempotently, reads back, and logs every call", async () => {
    const d = dossier();
    const a = await client.createDossier(d);
    const b = await client.createDossier(d);
    expect(a).toMatchObject({ status: 1, created: true });
    expect(b).toEqual({ ...a, created: false });
    expect(await client.getDossier(d.code)).toMatchObject({ id: a.id, code: d.code, status: 1 });
    expect(await client.getDossier("H38-000000-0000")).toBeNull();
    const logged = log.calls.filter((c) => c.system === "onestop" && c.operation === "dossier.create");
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(logged)).not.toContain(API_KEY);
  });

  it("5xx is retryable, 4xx is not, a hang is a retryable timeout", async () => {
    await postJson(`${sim.url}/__sim/faults`, { fail500: 1 });
    const e500 = await client.createDossier(dossier()).catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(UpstreamError);
    expect(e500).toMatchObject({ status: 500, retryable: true });

    const e422 = await client.createDossier(dossier({ agencyCode: "" })).catch((e: unknown) => e);
    expect(e422).toMatchObject({ status: 422, retryable: false });

    const e401 = await new OnestopClient(log.http("onestop"), sim.url, "wrong")
      .getDossier("x")
      .catch((e: unknown) => e);
    expect(e401).toMatchObject({ status: 401, retryable: false });

    // A hang ends with the caller's timeout, which IntegrationHttp (under the client) turns
    // into a retryable UpstreamError; called directly here for a short timeout.
    await postJson(`${sim.url}/__sim/faults`, { hang: 1 });
    const hung = log.http("onestop").call({
      operation: "dossier.get",
      method: "GET",
      url: `${sim.url}/api/dossiers/x`,
      headers: { "x-api-key": API_KEY },
      timeoutMs: 300,
    });
    await expect(hung).rejects.toMatchObject({ retryable: true, message: "dossier.get: timeout" });
    expect(log.calls.at(-1)).toMatchObject({ operation: "dossier.get", error: "timeout", statusCode: null });
    expect(sim.state.faults.hang).toBe(0);
    expect((await getJson(`${sim.url}/api/dossiers/x`, { "x-api-key": API_KEY })).status).toBe(404);
  });

  it("adds latency when asked", async () => {
    await postJson(`${sim.url}/__sim/faults`, { latencyMs: 250 });
    const t0 = Date.now();
    await client.getDossier("late");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it("status changes pushed from our side are idempotent by eventId", async () => {
    const d = dossier();
    await client.createDossier(d);
    await client.updateStatus(d.code, { eventId: "ev-1", status: 2, note: "Tiếp nhận" });
    await client.updateStatus(d.code, { eventId: "ev-1", status: 2, note: "Tiếp nhận" });
    const state = await client.getDossier(d.code);
    expect(state?.status).toBe(2);
    expect(state?.history.map((h) => h.status)).toEqual([1, 2]);
    await expect(
      client.updateStatus(d.code, { eventId: "ev-2", status: 11, note: null }),
    ).rejects.toMatchObject({
      retryable: false,
    });
  });
});

describe("[SIM ONESTOP] status webhooks", () => {
  it("a status change is pushed, signed with HMAC-SHA256 over the raw body", async () => {
    const d = dossier();
    await create(d);
    const r = await postJson<{ eventId: string }>(`${sim.url}/__sim/records/${d.code}/status`, {
      status: 4,
      note: "Đang thẩm định",
    });
    expect(r.status).toBe(200);
    expect(ours.received).toHaveLength(1);
    const hook = ours.received[0]!;
    expect(hook.url).toBe("/webhooks/onestop");
    const body = JSON.parse(hook.rawBody) as Record<string, unknown>;
    expect(body).toEqual({
      eventId: r.json.eventId,
      code: d.code,
      status: 4,
      note: "Đang thẩm định",
      changedAt: expect.any(String),
    });
    const expected = `sha256=${createHmac("sha256", HOOK_SECRET).update(hook.rawBody, "utf8").digest("hex")}`;
    expect(hook.headers["x-onestop-signature"]).toBe(expected);
    // The server's verifier (a separate implementation) accepts it, and refuses another secret.
    expect(verifyWebhook(Buffer.from(hook.rawBody), expected, HOOK_SECRET)).toBe(true);
    expect(verifyWebhook(Buffer.from(hook.rawBody), expected, "another-secret")).toBe(false);
  });

  it("duplicates the next webhook on request (same eventId twice), and refuses unknown statuses", async () => {
    const d = dossier();
    await create(d);
    await postJson(`${sim.url}/__sim/faults`, { duplicateWebhooks: 1 });
    await postJson(`${sim.url}/__sim/records/${d.code}/status`, { status: 2 });
    await postJson(`${sim.url}/__sim/records/${d.code}/status`, { status: 4 });
    const ids = ours.received.map((h) => (JSON.parse(h.rawBody) as { eventId: string }).eventId);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect((await postJson(`${sim.url}/__sim/records/${d.code}/status`, { status: 11 })).status).toBe(400);
    expect((await postJson(`${sim.url}/__sim/faults`, { hang: -1 })).status).toBe(400);
  });
});

describe("[SIM ONESTOP] persistence", () => {
  it("keeps its records across its own restart when given a file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onestop-sim-"));
    const persistPath = path.join(dir, "store.json");
    try {
      const opts = { apiKey: API_KEY, webhookSecret: HOOK_SECRET, persistPath };
      const first = await startOnestopSimulator(opts);
      const d = dossier();
      const a = await postJson<{ id: string }>(`${first.url}/api/dossiers`, d, { "x-api-key": API_KEY });
      await first.close();

      const second = await startOnestopSimulator(opts);
      try {
        const again = await postJson<{ id: string }>(`${second.url}/api/dossiers`, d, {
          "x-api-key": API_KEY,
        });
        expect(again.status).toBe(200);
        expect(again.json.id).toBe(a.json.id);
        const stored = second.state.records.get(d.code) as SimRecord;
        // Contents are checked at receipt and kept as metadata only.
        expect(JSON.stringify(stored.data)).not.toContain("contentBase64");
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
