// Conformance with Open311 GeoReport v2 (the frozen spec): every method in JSON and XML,
// the spec's filters, and its error form (a list of {code, description}, HTTP 400/403/404).
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
    // Fixed by an operator, hidden by moderation: through the console's API, as in real use.
    const op = await loginAs(app.baseUrl, "ioc.operator");
    expect(
      (await op.send("POST", `/api/staff/incidents/${ids[1]}/status`, { status: "fixed", note: "Đã dọn" }))
        .status,
    ).toBe(200);
    expect(
      (await op.send("POST", `/api/staff/incidents/${ids[2]}/moderation`, { hidden: true })).status,
    ).toBe(200);

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
      (
        (await (
          await fetch(url(`/requests.json?service_code=trees&end_date=${encodeURIComponent(past)}`))
        ).json()) as Req[]
      ).length,
    ).toBe(0);
    expect((await fetch(url("/requests.json?start_date=yesterday"))).status).toBe(400);
    expect((await fetch(url("/requests.json?status=pending"))).status).toBe(400);

    const listXml = xml.parse(await (await fetch(url("/requests.xml?service_code=trees"))).text()) as {
      service_requests: { request: Req[] };
    };
    expect(listXml.service_requests.request.length).toBe(trees.length);
  });
});

describe("[OPEN311] spec details", () => {
  const list = async (q: string) => {
    const r = await fetch(url(`/requests.json?${q}`));
    expect(r.status).toBe(200);
    return ((await r.json()) as Req[]).map((x) => x.service_request_id);
  };
  /** Requests made straight in the database (bulk, or in the past), as other clients would have. */
  const insertRequests = (n: number, opts: { daysAgo?: number; category?: string; keyId?: string } = {}) =>
    app.ctx.pg.query(
      `INSERT INTO "Incident" (id, "publicId", category, description, "descriptionPublic", lat, lon, "unitCode",
         source, status, "open311KeyId", "createdAt", "updatedAt")
       SELECT gen_random_uuid()::text, 'PA-' || upper(substr(md5(random()::text), 1, 8)), $2, 'x', 'x', $3, $4, $5,
         'open311', 'confirmed', $7, now() - make_interval(days => $6) - make_interval(secs => g), now()
       FROM generate_series(1, $1) g`,
      [
        n,
        opts.category ?? "other",
        KHAO_MANG.lat,
        KHAO_MANG.lon,
        KHAO_MANG.code,
        opts.daysAgo ?? 0,
        opts.keyId ?? null,
      ],
    );

  it("status_notes: the latest note, masked; the state's words when there is none", async () => {
    const [c] = (await (await post("json", valid({ service_code: "roads_bridges" }))).json()) as Req[];
    const id = c!.service_request_id;
    const notes = async () =>
      ((await (await fetch(url(`/requests/${id}.json`))).json()) as Req[])[0]!.status_notes;
    expect(await notes()).toBe("Tiếp nhận phản ánh");
    const op = await loginAs(app.baseUrl, "ioc.operator");
    await op.send("POST", `/api/staff/incidents/${id}/status`, { status: "investigating" });
    expect(await notes()).toBe("Đang kiểm tra");
    await op.send("POST", `/api/staff/incidents/${id}/status`, {
      status: "closed_not_responsible",
      note: "Đường do Cục Đường bộ quản lý, liên hệ 0912 345 678",
    });
    const after = ((await (await fetch(url(`/requests/${id}.json`))).json()) as Req[])[0]!;
    expect(after).toMatchObject({
      status: "closed",
      status_notes: "Đường do Cục Đường bộ quản lý, liên hệ ********78",
    });
    const x = xml.parse(await (await fetch(url(`/requests/${id}.xml`))).text()) as {
      service_requests: { request: Req[] };
    };
    expect(x.service_requests.request[0]!.status_notes).toBe(after.status_notes);
  });

  it("media_url is never fetched: the request is taken and the notice says so", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end("x");
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    const mediaUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/anh.jpg`;
    try {
      const r = await post("json", valid({ media_url: mediaUrl }));
      expect(r.status).toBe(200);
      const [c] = (await r.json()) as { service_request_id: string; service_notice: string }[];
      expect(c!.service_notice).toContain("media_url was not fetched");
      const [got] = (await (await fetch(url(`/requests/${c!.service_request_id}.json`))).json()) as Req[];
      expect(got!.media_url).toBeNull();
      await new Promise((r) => setTimeout(r, 200));
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it("by default the last 90 days; start_date alone is a 90-day window; more than 90 days or end before start is 400", async () => {
    await insertRequests(1, { daysAgo: 100, category: "forest_fire" });
    const old = (
      await app.ctx.db.incident.findFirstOrThrow({ where: { category: "forest_fire", source: "open311" } })
    ).publicId;
    const [recent] = (await (await post("json", valid({ service_code: "forest_fire" }))).json()) as Req[];
    const byDefault = await list("service_code=forest_fire");
    expect(byDefault).toContain(recent!.service_request_id);
    expect(byDefault).not.toContain(old);
    const day = (n: number) => encodeURIComponent(new Date(Date.now() - n * 86_400_000).toISOString());
    // From 101 days ago: 101 → 11 days ago, so the old one and not today's.
    const from = await list(`service_code=forest_fire&start_date=${day(101)}`);
    expect(from).toContain(old);
    expect(from).not.toContain(recent!.service_request_id);
    expect(await list(`service_code=forest_fire&end_date=${day(95)}`)).toEqual([old]);

    for (const [q, why] of [
      [`start_date=${day(120)}&end_date=${day(1)}`, "90 days"],
      [`start_date=${day(1)}&end_date=${day(2)}`, "before start_date"],
      ["start_date=2026-01-01", "W3C"],
      ["start_date=2026-02-30T00:00:00Z", "W3C"],
      ["end_date=Tue%2C%2001%20Dec%202026%2000%3A00%3A00%20GMT", "W3C"],
    ] as const) {
      const r = await fetch(url(`/requests.json?${q}`));
      expect(r.status, q).toBe(400);
      expect(JSON.stringify(await r.json()), q).toContain(why);
    }
    expect(await list(`service_code=forest_fire&start_date=${day(2).replace("Z", "")}%2B07%3A00`)).toContain(
      recent!.service_request_id,
    );
  });

  it("at most 1,000 requests in one answer", async () => {
    await insertRequests(1005, { category: "other" });
    expect(await list("service_code=other")).toHaveLength(1000);
    const x = xml.parse(await (await fetch(url("/requests.xml?service_code=other"))).text()) as {
      service_requests: { request: Req[] };
    };
    expect(x.service_requests.request).toHaveLength(1000);
  });

  it("a bad api_key is 403 in XML too", async () => {
    const r = await post("xml", valid({ api_key: "nope" }));
    expect(r.status).toBe(403);
    expect(r.headers.get("content-type")).toContain("application/xml");
    const e = xml.parse(await r.text()) as { errors: { error: { code: string; description: string }[] } };
    expect(e.errors.error[0]).toMatchObject({ code: "403", description: expect.stringContaining("api_key") });
  });

  it("address_id (a commune's GSO code) or address_string (naming a commune) instead of lat/long: placed at its centroid", async () => {
    const commune = await app.ctx.db.adminUnit.findUniqueOrThrow({ where: { code: KHAO_MANG.code } });
    const byId = await post("json", {
      api_key: apiKey,
      service_code: "waste",
      address_id: KHAO_MANG.code,
      description: "Rác",
    });
    expect(byId.status).toBe(200);
    const [a] = (await byId.json()) as { service_request_id: string; service_notice: string }[];
    expect(a!.service_notice).toContain("Xã Khao Mang");
    const [got] = (await (await fetch(url(`/requests/${a!.service_request_id}.json`))).json()) as Req[];
    expect(got).toMatchObject({
      lat: commune.centroidLat,
      long: commune.centroidLon,
      address_id: KHAO_MANG.code,
      agency_responsible: expect.stringContaining("Khao Mang"),
    });

    const byName = await post("xml", {
      api_key: apiKey,
      service_code: "waste",
      address_string: "Thôn 3, xa Khao Mang, tinh Lao Cai",
      description: "Rác",
    });
    expect(byName.status).toBe(200);
    const doc = xml.parse(await byName.text()) as { service_requests: { request: Req[] } };
    const [named] = (await (
      await fetch(url(`/requests/${doc.service_requests.request[0]!.service_request_id}.json`))
    ).json()) as Req[];
    expect(named).toMatchObject({
      address_id: KHAO_MANG.code,
      address: "Thôn 3, xa Khao Mang, tinh Lao Cai",
    });

    const before = await app.ctx.db.incident.count();
    const nowhere = await post("json", {
      api_key: apiKey,
      service_code: "waste",
      address_string: "Số 1 Tràng Tiền, Hà Nội",
      description: "Rác",
    });
    expect(nowhere.status).toBe(400);
    expect(JSON.stringify(await nowhere.json())).toContain("address_string");
    const badId = await post("json", {
      api_key: apiKey,
      service_code: "waste",
      address_id: "00001",
      description: "Rác",
    });
    expect(badId.status).toBe(400);
    expect(await app.ctx.db.incident.count()).toBe(before);
  });

  it("an api_key that sends more than its hourly share gets 429 in the spec's error form", async () => {
    const key = randomBytes(16).toString("hex");
    const k = await app.ctx.db.open311ApiKey.create({ data: { name: "busy", keyHash: sha256(key) } });
    await insertRequests(app.config.OPEN311_REQUESTS_PER_HOUR - 1, { keyId: k.id });
    expect((await post("json", valid({ api_key: key }))).status).toBe(200);
    const over = await post("json", valid({ api_key: key }));
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBeTruthy();
    expect(await over.json()).toEqual([{ code: 429, description: expect.stringContaining("an hour") }]);
    // Other keys are not held back.
    expect((await post("json", valid())).status).toBe(200);
  });

  it("paths without a format and unknown paths answer in the spec's error form; jurisdiction_id must be ours", async () => {
    const bare = await fetch(url("/requests"));
    expect(bare.status).toBe(404);
    expect(await bare.json()).toEqual([{ code: 404, description: expect.stringContaining(".json or .xml") }]);
    const unknownXml = await fetch(url("/discovery/things.xml"));
    expect(unknownXml.status).toBe(404);
    const e = xml.parse(await unknownXml.text()) as { errors: { error: { code: string }[] } };
    expect(e.errors.error[0]!.code).toBe("404");
    expect((await fetch(url("/requests.json"), { method: "DELETE" })).status).toBe(404);

    expect((await fetch(url("/services.json?jurisdiction_id=laocai.gov.vn"))).status).toBe(200);
    const other = await fetch(url("/services.json?jurisdiction_id=hanoi.gov.vn"));
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual([
      { code: 404, description: expect.stringContaining("jurisdiction_id") },
    ]);
    const before = await app.ctx.db.incident.count();
    expect((await post("xml", valid({ jurisdiction_id: "hanoi.gov.vn" }))).status).toBe(404);
    expect((await post("json", valid({ jurisdiction_id: "laocai.gov.vn" }))).status).toBe(200);
    expect(await app.ctx.db.incident.count()).toBe(before + 1);
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
