import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateCatalogVocabulary } from "../../../server/src/procedures/catalog-vocabulary.js";
import { searchProcedures } from "../../../server/src/procedures/search-procedures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface Page {
  items: { code: string; name: string; field: string; level: string }[];
  total: number;
  page: number;
  pageSize: number;
}

async function catalog(params: Record<string, string>) {
  const r = await fetch(`${app.baseUrl}/api/v1/procedures?${new URLSearchParams(params)}`);
  return { status: r.status, body: (await r.json()) as Page & { error?: { fields?: unknown[] } } };
}

const BIRTH = "1.001193"; // Thủ tục đăng ký khai sinh
const MARRIAGE = "1.000894"; // Thủ tục đăng ký kết hôn

describe("[PROCEDURES] catalog search ignores diacritics, word order and typos", () => {
  it.each([
    ["khai sinh", BIRTH],
    ["dang ky khai sinh", BIRTH],
    ["kai sinh", BIRTH],
    ["kết hôn đăng ký", MARRIAGE],
    ["Đăng ký khai sinh", BIRTH],
    ["ĐĂNG KÝ KẾT HÔN", MARRIAGE],
    ["dang ky ket hon", MARRIAGE],
    ["sinh khai", BIRTH],
    ["khia sinh", BIRTH], // transposed letters
    ["dnag ky kết hon", MARRIAGE],
    ["khai tu", "1.000656"],
    ["ly lich tu phap", "3.000333"],
    ["lí lịch tư pháp", "3.000333"],
    ["tam vang", "1.003677"],
    ["tách hộ", "1.010038"],
    ["dang ky tam tru", "1.004194"],
    ["doi giay phep lai xe", "3.000347"],
    ["can cuoc 14 tuoi", "1.014061"],
    ["thanh lap ho kinh doanh", "1.001612"],
    ["xac nhan tinh trang hon nhan", "1.004873"],
    ["giam ho", "1.004837"],
    ["1.001193", BIRTH],
  ])("%s → %s first", async (q, code) => {
    const { status, body } = await catalog({ q });
    expect(status).toBe(200);
    expect(body.items[0]?.code, JSON.stringify(body.items.slice(0, 3).map((i) => i.name))).toBe(code);
  });

  it("a query made of nothing the catalog knows finds nothing, and does not list everything", async () => {
    const { body } = await catalog({ q: "xyzw qqq" });
    expect(body.items).toEqual([]);
    expect(body.total).toBe(0);
  });

  it("the same ranking is what the OA bot gets from searchProcedures", async () => {
    const hits = await searchProcedures(app.ctx, "kai sinh", { limit: 3 });
    expect(hits).toHaveLength(3);
    expect(hits[0]!.code).toBe(BIRTH);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("a retired procedure is not found", async () => {
    await app.ctx.db.procedure.update({ where: { nationalCode: "1.004746" }, data: { active: false } });
    const { body } = await catalog({ q: "dang ky lai ket hon" });
    expect(body.items.map((i) => i.code)).not.toContain("1.004746");
    await app.ctx.db.procedure.update({ where: { nationalCode: "1.004746" }, data: { active: true } });
  });
});

describe("[PROCEDURES] paging through search results", () => {
  it("pages through procedures of the same name without repeating or skipping one", async () => {
    // Three procedures named alike (a district-level copy of a commune procedure, say): equal
    // scores and lengths, so only the last tie-break orders them.
    const codes = ["9.900001", "9.900002", "9.900003"];
    for (const code of codes) {
      await app.ctx.pg.query(
        `INSERT INTO "Procedure" (id, "nationalCode", name, "nameSearch", field, level, "agencyKind", "agencyId",
           "processingDays", "processingUnit", "feeSchedule", "requiredDocuments", "formSchema", "onlineLevel",
           channels, "legalBasis", active, "createdAt", "updatedAt")
         SELECT $1, $1, 'Thủ tục cấp phép khai thác gỗ rừng trồng', 'thu tuc cap phep khai thac go rung trong',
           field, level, "agencyKind", "agencyId", "processingDays", "processingUnit", "feeSchedule",
           "requiredDocuments", "formSchema", "onlineLevel", channels, "legalBasis", true, now(), now()
         FROM "Procedure" WHERE "nationalCode" = $2`,
        [code, BIRTH],
      );
    }
    // What the admin write path does after an edit (other processes notice within 2 s).
    invalidateCatalogVocabulary(app.ctx);
    try {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const { body } = await catalog({ q: "khai thac go", pageSize: "1", page: String(page) });
        expect(body.total).toBe(3);
        seen.push(...body.items.map((i) => i.code));
      }
      expect(seen.sort()).toEqual(codes);
    } finally {
      await app.ctx.pg.query(`DELETE FROM "Procedure" WHERE "nationalCode" = ANY($1)`, [codes]);
      invalidateCatalogVocabulary(app.ctx);
    }
  });
});

describe("[PROCEDURES] browsing the catalog by field and level", () => {
  it("lists the fields with their counts, and a field's procedures only", async () => {
    const r = await fetch(`${app.baseUrl}/api/v1/procedures/fields`);
    const { fields } = (await r.json()) as { fields: { name: string; count: number }[] };
    const hoTich = fields.find((f) => f.name === "Hộ tịch");
    expect(hoTich?.count).toBe(13);
    expect(fields.reduce((s, f) => s + f.count, 0)).toBe(38);

    const { body } = await catalog({ field: "Hộ tịch", pageSize: "50" });
    expect(body.total).toBe(13);
    expect(body.items.every((i) => i.field === "Hộ tịch")).toBe(true);
  });

  it("filters by level, alone and with a search, and pages", async () => {
    const province = await catalog({ level: "province", pageSize: "50" });
    expect(province.body.total).toBeGreaterThan(0);
    expect(province.body.items.every((i) => i.level === "province")).toBe(true);
    const commune = await catalog({ level: "commune", pageSize: "50" });
    expect(province.body.total + commune.body.total).toBe(38);

    const search = await catalog({ q: "khai sinh", level: "province" });
    expect(search.body.items.map((i) => i.code)).not.toContain(BIRTH);

    const p1 = await catalog({ pageSize: "10", page: "1" });
    const p4 = await catalog({ pageSize: "10", page: "4" });
    expect(p1.body.total).toBe(38);
    expect(p4.body.items).toHaveLength(8);
    expect(p4.body.items.map((i) => i.code)).not.toContain(p1.body.items[0]!.code);
  });

  it("refuses a bad level or page with a Vietnamese field error", async () => {
    const r = await catalog({ level: "district" });
    expect(r.status).toBe(400);
    const p = await catalog({ page: "0" });
    expect(p.status).toBe(400);
    expect(JSON.stringify(p.body.error?.fields)).toContain("Số trang không hợp lệ");
  });
});
