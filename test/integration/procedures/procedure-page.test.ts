import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/harness.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const get = async (code: string) => {
  const r = await fetch(`${app.baseUrl}/api/v1/procedures/${code}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe("[PROCEDURES] a procedure's page", () => {
  it("shows what a citizen needs: documents, fees, processing time, online level and agency", async () => {
    const { status, body } = await get("3.000333"); // Phiếu lý lịch tư pháp, Công an tỉnh
    expect(status).toBe(200);
    expect(body).toMatchObject({
      code: "3.000333",
      level: "province",
      agency: { code: "H38.02", name: "Công an tỉnh Lào Cai" },
      processingUnit: "calendar_days",
      onlineLevel: "partial",
    });
    expect((body.requiredDocuments as unknown[]).length).toBeGreaterThan(0);
    expect(body.channels).toContain("Trực tuyến");
  });

  it("a same-day civil-status procedure carries its form schema and no fee", async () => {
    const { body } = await get("1.001193");
    expect(body).toMatchObject({
      processingDays: 0,
      fees: [],
      agency: null,
      agencyKind: "commune_committee",
    });
    const form = body.form as { fields: { name: string }[]; documents: { key: string; required: boolean }[] };
    expect(form.fields.map((f) => f.name)).toContain("childName");
    expect(form.documents).toContainEqual({
      key: "birth_certificate",
      label: expect.any(String),
      required: true,
    });
  });

  it("an unknown or malformed code is a 404 / 400 in Vietnamese, and a retired procedure is hidden", async () => {
    expect((await get("9.999999")).status).toBe(404);
    const bad = await get("abc");
    expect(bad.status).toBe(400);
    await app.ctx.db.procedure.update({ where: { nationalCode: "1.004746" }, data: { active: false } });
    expect((await get("1.004746")).status).toBe(404);
  });
});
