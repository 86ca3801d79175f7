import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IocClient, type IocIncident } from "../../../server/src/integrations/ioc/ioc-client.js";
import type { RunningSim } from "../../../server/src/simulators/sim-kit.js";
import { startIocSimulator } from "../../../server/src/simulators/ioc/ioc-simulator.js";
import { callLog, getJson, postJson, startReceiver } from "./helpers.js";

const API_KEY = "test-ioc-key";
const HOOK_SECRET = "test-ioc-webhook";

let sim: RunningSim;
let ours: Awaited<ReturnType<typeof startReceiver>>;
let client: IocClient;

beforeAll(async () => {
  ours = await startReceiver();
  sim = await startIocSimulator({ apiKey: API_KEY, webhookSecret: HOOK_SECRET });
  await postJson(`${sim.url}/__sim/callback`, { url: `${ours.url}/webhooks/ioc` });
  client = new IocClient(callLog().http("ioc"), sim.url, API_KEY);
});
afterAll(async () => {
  await sim?.close();
  await ours?.close();
});

const incident = (): IocIncident => ({
  externalId: `inc-${randomBytes(6).toString("hex")}`,
  category: "landslide",
  description: "Sạt lở taluy dương, đất đá tràn xuống đường",
  location: { lat: 22.3364, lon: 104.1483, address: "Km 12 QL279" },
  reportedAt: new Date().toISOString(),
  media: [{ url: "http://127.0.0.1:3000/media/a.jpg", mimeType: "image/jpeg" }],
});

describe("[SIM IOC] incidents", () => {
  it("creates once per externalId: 201 then 200 with the same iocId", async () => {
    const i = incident();
    const a = await client.createIncident(i);
    const b = await client.createIncident(i);
    expect(a).toMatchObject({ status: "received", created: true });
    expect(b).toEqual({ ...a, created: false });
    expect(await client.getIncident(i.externalId)).toMatchObject({
      iocId: a.iocId,
      externalId: i.externalId,
      status: "received",
      history: [{ status: "received" }],
    });
    expect(await client.getIncident("unknown")).toBeNull();
  });

  it("validates the report (422, not retryable) and the key (401)", async () => {
    const { location: _drop, ...noPlace } = incident();
    const r = await postJson<{ problems: string[] }>(`${sim.url}/api/incidents`, noPlace, {
      "x-api-key": API_KEY,
    });
    expect(r.status).toBe(422);
    expect(r.json.problems.join()).toContain("location");
    await expect(
      new IocClient(callLog().http("ioc"), sim.url, "wrong").createIncident(incident()),
    ).rejects.toMatchObject({ status: 401, retryable: false });
  });

  it("injected 500s are retryable for the client", async () => {
    await postJson(`${sim.url}/__sim/faults`, { fail500: 1 });
    await expect(client.createIncident(incident())).rejects.toMatchObject({ status: 500, retryable: true });
  });

  it("pushes status changes signed with its own secret in x-ioc-signature", async () => {
    const i = incident();
    const { iocId } = await client.createIncident(i);
    ours.received.length = 0;
    const r = await postJson(`${sim.url}/__sim/records/${i.externalId}/status`, {
      status: "assigned",
      note: "Đội 2",
    });
    expect(r.status).toBe(200);
    const hook = ours.received[0]!;
    expect(JSON.parse(hook.rawBody)).toMatchObject({
      externalId: i.externalId,
      iocId,
      status: "assigned",
      note: "Đội 2",
    });
    expect(hook.headers["x-ioc-signature"]).toBe(
      `sha256=${createHmac("sha256", HOOK_SECRET).update(hook.rawBody).digest("hex")}`,
    );
    expect(
      (await postJson(`${sim.url}/__sim/records/${i.externalId}/status`, { status: "teleported" })).status,
    ).toBe(400);
  });
});

describe("[SIM IOC] CAP alerts", () => {
  it("accepts a CAP XML document and keeps the exact text", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>LC-2025-001</identifier><sender>pcttlaocai</sender>
<sent>2025-07-01T10:00:00+07:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope></alert>`;
    const { id } = await client.sendCapAlert(xml);
    const stored = (await getJson<{ id: string; xml: string }[]>(`${sim.url}/__sim/cap`)).json;
    expect(stored.find((a) => a.id === id)?.xml).toBe(xml);
    const empty = await fetch(`${sim.url}/api/cap`, {
      method: "POST",
      headers: { "x-api-key": API_KEY, "content-type": "application/xml" },
      body: "",
    });
    expect(empty.status).toBe(415);
  });
});
