// Conformance with Open311 GeoReport v2 (the frozen spec): every method in JSON and XML,
// the spec's filters, and its error form (a list of {code, description}, HTTP 400/403/404).
import { randomBytes } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../../server/src/citizens/citizen-auth.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { HANOI, KHAO_MANG } from "../incidents/reporting.js";
import { DEMO_OPEN311_KEY } from "../../../prisma/seed.js";

let app: TestApp;
let apiKey: string;
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ["service", "request", "error", "attribute"].includes(name),
});

beforeAll(async () => {
  app = await startTestApp();
  apiKey = randomBytes(16).toString("hex");
  await app.ctx.db.open311ApiKey.create({ data: { name: "conformance", keyHash: sha256(apiKey) } });
});
afterAll(async () => {
  await app?.close();
});

const url = (p: string) => `${app.baseUrl}/open311/v2${p}`;
const post = (format: "json" | "xml", fields: Record<string, string>) =>
  fetch(url(`/requests.${format}`), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
const valid = (extra: Record<string, string> = {}) => ({
  api_key: apiKey,
  service_code: "waste",
  lat: String(KHAO_MANG.lat),
  long: String(KHAO_MANG.lon),
  description: "Bãi rác tự phát cạnh suối",
  ...extra,
});
type Req = Record<string, unknown> & { service_request_id: string; status: string };

describe("[OPEN311] the demo client of a local run", () => {
  it("the seeded demo api_key (printed by npm start) can file a request", async () => {
    const r = await post("json", valid({ api_key: DEMO_OPEN311_KEY }));
    expect(r.status).toBe(200);
    const [created] = (await r.json()) as { service_request_id: string }[];
    expect(created?.service_request_id).toMatch(/\S/);
  });
});

describe("[OPEN311] services", () => {
  it("services.json lists every category with the spec's fields", async () => {
    const r = await fetch(url("/services.json"));
    expect(r.status).toBe(200);
    const list = (await r.json()) as Record<string, unknown>[];
    expect(list.map((s) => s.service_code)).toEqual(
      expect.arrayContaining(["roads_bridges", "landslide", "flooding", "waste", "forest_fire", "other"]),
    );
    for (const s of list) {
      expect(s).toMatchObject({ service_name: expect.any(String), metadata: false, type: "realtime" });
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          "service_code",
          "service_name",
          "description",
          "metadata",
          "type",
          "keywords",
          "group",
        ]),
      );
    }
  });
  it("services.xml is the same list as <services><service>", async () => {
    const r = await fetch(url("/services.xml"));
    expect(r.headers.get("content-type")).toContain("application/xml");
    const doc = xml.parse(await r.text()) as { services: { service: { service_code: string }[] } };
    expect(doc.services.service).toHaveLength(10);
    expect(doc.services.service[0]!.service_code).toBe("roads_bridges");
  });
  it("a service definition in both formats; an unknown one is 404 in the error form", async () => {
    const j = await fetch(url("/services/landslide.json"));
    expect(await j.json()).toEqual({ service_code: "landslide", attributes: [] });
    const x = xml.parse(await (await fetch(url("/services/landslide.xml"))).text()) as {
      service_definition: { service_code: string };
    };
    expect(x.service_definition.service_code).toBe("landslide");
    const missing = await fetch(url("/services/nope.json"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: expect.stringContaining("nope") }]);
    const missingXml = await fetch(url("/services/nope.xml"));
    expect(missingXml.status).toBe(404);
    const e = xml.parse(await missingXml.text()) as { errors: { error: { code: string }[] } };
    expect(e.errors.error[0]!.code).toBe("404");
  });
});

describe("[OPEN311] requests", () => {
  it("POST creates a request (JSON), which GET returns with status, notes and location", async () => {
    const r = await post(
      "json",
      valid({ address_string: "Thôn Khao Mang, sđt0912345678", email: "a@b.vn", first_name: "An" }),
    );
    expect(r.status).toBe(200);
    const [created] = (await r.json()) as {
      service_request_id: string;
      token: string;
      service_notice: string;
    }[];
    expect(created!.service_request_id).toMatch(/^PA-/);
    expect(created!.service_notice).toContain("48 giờ");

    const one = await fetch(url(`/requests/${created!.service_request_id}.json`));
    const [got] = (await one.json()) as Req[];
    expect(got).toMatchObject({
      service_request_id: created!.service_request_id,
      status: "open",
      service_code: "waste",
      description: "Bãi rác tự phát cạnh suối",
      // Free text is public text: the phone number in it is masked.
      address: "Thôn Khao Mang, sđt********78",
      lat: KHAO_MANG.lat,
      long: KHAO_MANG.lon,
      agency_responsible: expect.stringContaining("Khao Mang"),
    });
    for (const k of ["requested_datetime", "updated_datetime", "expected_datetime"])
      expect(String(got![k])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    // The submitter's personal fields are not stored or shown.
    expect(JSON.stringify(got)).not.toContain("a@b.vn");

    // The token resolves to the request id.
    const t = await fetch(url(`/tokens/${created!.token}.json`));
    expect(await t.json()).toEqual([
      { service_request_id: created!.service_request_id, token: created!.token },
    ]);
    const tx = xml.parse(await (await fetch(url(`/tokens/${created!.token}.xml`))).text()) as {
      service_requests: { request: { service_request_id: string }[] };
    };
    expect(tx.service_requests.request[0]!.service_request_id).toBe(created!.service_request_id);
    expect((await fetch(url("/tokens/00000000-0000-0000-0000-000000000000.json"))).status).toBe(404);
  });

  it("POST in XML; text with markup comes back escaped in XML", async () => {
    const r = await post("xml", valid({ description: `<script>alert("x")</script> & rác` }));
    expect(r.status).toBe(200);
    const body = await r.text();
    const doc = xml.parse(body) as { service_requests: { request: { service_request_id: string }[] } };
    const id = doc.service_requests.request[0]!.service_request_id;
    const one = await (await fetch(url(`/requests/${id}.xml`))).text();
    expect(one).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; rác");
    expect(one).not.toContain("<script>");
    const parsed = xml.parse(one) as { service_requests: { request: Req[] } };
    expect(parsed.service_requests.request[0]!.status).toBe("open");
  });

  it("errors: bad or missing api_key 403; missing fields, unknown service, outside the province 400; nothing written", async () => {
    const before = await app.ctx.db.incident.count();
    const noKey = await post("json", { ...valid(), api_key: "" });
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toEqual([{ code: 403, description: expect.stringContaining("api_key") }]);
    expect((await post("json", valid({ api_key: "wrong-key" }))).status).toBe(403);
    const noService = await post("json", { api_key: apiKey, lat: "21.9", long: "103.97", description: "x" });
    expect(noService.status).toBe(400);
    expect(JSON.stringify(await noService.json())).toContain("service_code");
    expect((await post("json", valid({ service_code: "unicorns" }))).status).toBe(400);
    const addressOnly = await post("json", {
      api_key: apiKey,
      service_code: "waste",
      address_string: "Số 1",
      description: "x",
    });
    expect(addressOnly.status).toBe(400);
    expect((await post("json", valid({ description: "  " }))).status).toBe(400);
    expect((await post("json", valid({ lat: "abc" }))).status).toBe(400);
    const outside = await post("xml", valid({ lat: String(HANOI.lat), long: String(HANOI.lon) }));
    expect(outside.status).toBe(400);
    const e = xml.parse(await outside.text()) as {
      errors: { error: { code: string; description: string }[] };
    };
    expect(e.errors.error[0]).toMatchObject({ code: "400", description: expect.stringContaining("Lào Cai") });
    expect(await app.ctx.db.incident.count()).toBe(before);
    expect((await fetch(url("/requests/PA-NOTEXIST.json"))).status).toBe(404);
    expect((await fetch(url("/services.yaml"))).status).toBe(404);
  });

  it("GET requests filters by ids, service_code, status and dates; closed states map to closed", async () => {
    const ids: string[] = [];
    for (const code of ["trees", "trees", "pollution"]) {
      const [c] = (await (await post("json", valid({ service_code: code }))).json()) as {
        service_request_id: string;
      }[];
      ids.push(c!.service_request_id);
    }
    await app.ctx.db.incident.update({ where: { publicId: ids[1]! }, data: { status: "fixed" } });
    await app.ctx.db.incident.update({ where: { publicId: ids[2]! }, data: { status: "hidden" } });

    const byIds = (await (
      await fetch(url(`/requests.json?service_request_id=${ids.join(",")}&status=closed`))
    ).json()) as Req[];
    // Ids given: other filters ignored; hidden never listed.
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(byIds.find((r) => r.service_request_id === ids[1])!.status).toBe("closed");

    const trees = (await (await fetch(url("/requests.json?service_code=trees"))).json()) as Req[];
    expect(trees.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([ids[0], ids[1]]));
    expect(trees.every((r) => r.service_code === "trees")).toBe(true);
    const open = (await (await fetch(url("/requests.json?service_code=trees&status=open"))).json()) as Req[];
    expect(open.map((r) => r.service_request_id)).toContain(ids[0]);
    expect(open.map((r) => r.service_request_id)).not.toContain(ids[1]);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      await (await fetch(url(`/requests.json?start_date=${encodeURIComponent(future)}`))).json(),
    ).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      ((await (await fetch(url(`/requests.json?end_date=${encodeURIComponent(past)}`))).json()) as Req[])
        .length,
    ).toBe(0);
    expect((await fetch(url("/requests.json?start_date=yesterday"))).status).toBe(400);
    expect((await fetch(url("/requests.json?status=pending"))).status).toBe(400);

    const listXml = xml.parse(await (await fetch(url("/requests.xml?service_code=trees"))).text()) as {
      service_requests: { request: Req[] };
    };
    expect(listXml.service_requests.request.length).toBe(trees.length);
  });
});

describe("[OPEN311] api keys", () => {
  it("an admin issues a key that works at once and revokes it; an operator cannot issue one", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    const issued = await admin.send("POST", "/api/staff/open311-keys", { name: "Ứng dụng đô thị" });
    expect(issued.status).toBe(201);
    const { id, apiKey: key } = (await issued.json()) as { id: string; apiKey: string };
    expect((await post("json", valid({ api_key: key }))).status).toBe(200);
    type Listed = { keys: { id: string; lastUsedAt: string | null; revokedAt: string | null }[] };
    const listed = async () =>
      ((await (await admin.get("/api/staff/open311-keys")).json()) as Listed).keys.find((k) => k.id === id)!;
    const list = await (await admin.get("/api/staff/open311-keys")).json();
    expect(JSON.stringify(list)).not.toContain(key);
    // The admin can see the key is in use before revoking it.
    await eventually(async () => (await listed()).lastUsedAt);
    expect((await admin.send("DELETE", `/api/staff/open311-keys/${id}`)).status).toBe(204);
    expect((await post("json", valid({ api_key: key }))).status).toBe(403);
    const revokedAt = (await listed()).revokedAt;
    expect(revokedAt).not.toBeNull();
    expect((await admin.send("DELETE", `/api/staff/open311-keys/${id}`)).status).toBe(204);
    expect((await listed()).revokedAt).toBe(revokedAt);
    expect((await admin.send("DELETE", `/api/staff/open311-keys/nope`)).status).toBe(404);
    const op = await loginAs(app.baseUrl, "ioc.operator");
    expect((await op.send("POST", "/api/staff/open311-keys", { name: "x" })).status).toBe(403);
  });
});
