import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchProcedures } from "../../../server/src/procedures/search-procedures.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

type AdminView = Record<string, unknown> & { updatedAt: string; agency: { code: string } | null };

/** The edit form's body for a procedure as the console loaded it. */
function editOf(p: AdminView) {
  return {
    name: p.name,
    field: p.field,
    level: p.level,
    purpose: p.purpose,
    eligibility: p.eligibility,
    requiredDocuments: p.requiredDocuments,
    fees: p.fees,
    feeNote: p.feeNote,
    processingDays: p.processingDays,
    processingUnit: p.processingUnit,
    processingNote: p.processingNote,
    onlineLevel: p.onlineLevel,
    agencyCode: p.agency?.code ?? null,
    active: p.active,
    expectedUpdatedAt: p.updatedAt,
  };
}

describe("[PROCEDURES] an admin keeps the catalog up to date", () => {
  it("edits name, purpose, documents, fees, time, level and agency; the citizen page and the search follow; audited", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    const loaded = (await (await admin.get("/api/staff/procedures/1.004837")).json()) as AdminView;
    expect(loaded).toMatchObject({ code: "1.004837", active: true });

    const put = await admin.send("PUT", "/api/staff/procedures/1.004837", {
      ...editOf(loaded),
      name: "Thủ tục đăng ký giám hộ cho trẻ vị thành niên",
      purpose: "Xác lập việc giám hộ cho người chưa thành niên.",
      eligibility: "Người giám hộ cư trú tại Lào Cai.",
      requiredDocuments: [
        { group: "Giấy tờ phải nộp", document: "Tờ khai đăng ký giám hộ", quantity: "1 bản chính" },
      ],
      fees: [{ label: "Lệ phí", amountVnd: 15000, per: "dossier", exemptGroups: [] }],
      processingDays: (loaded.processingDays as number) + 2,
      processingUnit: "working_days",
      onlineLevel: "full",
      level: "province",
      agencyCode: "H38.01",
    });
    expect(put.status).toBe(200);
    const saved = (await put.json()) as AdminView;
    expect(saved.updatedAt).not.toBe(loaded.updatedAt);

    const page = (await (await fetch(`${app.baseUrl}/api/v1/procedures/1.004837`)).json()) as Record<
      string,
      unknown
    >;
    expect(page).toMatchObject({
      name: "Thủ tục đăng ký giám hộ cho trẻ vị thành niên",
      purpose: "Xác lập việc giám hộ cho người chưa thành niên.",
      eligibility: "Người giám hộ cư trú tại Lào Cai.",
      fees: [{ label: "Lệ phí", amountVnd: 15000, per: "dossier", exemptGroups: [] }],
      requiredDocuments: [
        { group: "Giấy tờ phải nộp", document: "Tờ khai đăng ký giám hộ", quantity: "1 bản chính" },
      ],
      processingDays: (loaded.processingDays as number) + 2,
      onlineLevel: "full",
      level: "province",
      agency: { code: "H38.01" },
      agencyKind: "province_department",
    });

    // The folded search name follows the new name at once (a word only the new name has).
    const hits = await searchProcedures(app.ctx, "vi thanh nien", { limit: 1 });
    expect(hits[0]?.code).toBe("1.004837");
    const row = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "1.004837" } });
    expect(row.nameSearch).toBe("thu tuc dang ky giam ho cho tre vi thanh nien");

    const audit = await app.ctx.db.auditLog.findFirst({
      where: { action: "procedure.update", target: "1.004837" },
      include: { staff: true },
    });
    expect(audit?.staff?.username).toBe("admin");
    const detail = audit?.detail as {
      changed: string[];
      values: Record<string, { from: unknown; to: unknown }>;
    };
    expect(detail.changed).toEqual(
      expect.arrayContaining([
        "name",
        "purpose",
        "requiredDocuments",
        "feeSchedule",
        "processingDays",
        "level",
        "agencyCode",
      ]),
    );
    expect(detail.values.processingDays).toEqual({
      from: loaded.processingDays,
      to: (loaded.processingDays as number) + 2,
    });
  });

  it("retiring a procedure hides it from citizens and the search but not from the console", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    const loaded = (await (await admin.get("/api/staff/procedures/1.003677")).json()) as AdminView;
    const put = await admin.send("PUT", "/api/staff/procedures/1.003677", {
      ...editOf(loaded),
      active: false,
    });
    expect(put.status).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/v1/procedures/1.003677`)).status).toBe(404);
    const search = (await (await fetch(`${app.baseUrl}/api/v1/procedures?q=tam+vang`)).json()) as {
      items: { code: string }[];
    };
    expect(search.items.map((i) => i.code)).not.toContain("1.003677");
    const list = (await (await admin.get("/api/staff/procedures?q=tam%20vang&active=false")).json()) as {
      items: { code: string; active: boolean }[];
    };
    expect(list.items).toEqual([expect.objectContaining({ code: "1.003677", active: false })]);
  });

  it("refuses invalid values with Vietnamese field errors and changes nothing", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    const loaded = (await (await admin.get("/api/staff/procedures/1.000656")).json()) as AdminView;
    const put = await admin.send("PUT", "/api/staff/procedures/1.000656", {
      ...editOf(loaded),
      name: "",
      processingDays: -1,
      fees: [{ label: "Lệ phí", amountVnd: 1.5, per: "dossier", exemptGroups: [] }],
      agencyCode: "H38.NOPE",
    });
    expect(put.status).toBe(400);
    const { error } = (await put.json()) as { error: { fields: { field: string; message: string }[] } };
    const byField = Object.fromEntries(error.fields.map((f) => [f.field, f.message]));
    expect(byField.name).toBe("Tên thủ tục tối thiểu 5 ký tự.");
    expect(byField.processingDays).toBe("Thời hạn không được âm.");
    expect(byField["fees.0.amountVnd"]).toBe("Số tiền phải là số nguyên (đồng).");

    const badAgency = await admin.send("PUT", "/api/staff/procedures/1.000656", {
      ...editOf(loaded),
      agencyCode: "H38.NOPE",
    });
    expect(badAgency.status).toBe(400);
    expect(JSON.stringify(await badAgency.json())).toContain("Cơ quan thực hiện không có trong danh sách.");
    const row = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "1.000656" } });
    expect(row.updatedAt.toISOString()).toBe(loaded.updatedAt);
  });

  it("edits the filing form as JSON; the citizen's form and the server's checks follow", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    const loaded = (await (await admin.get("/api/staff/procedures/1.002755")).json()) as AdminView & {
      form: { fields: Record<string, unknown>[]; documents: Record<string, unknown>[] };
    };
    const form = {
      ...loaded.form,
      fields: [
        ...loaded.form.fields,
        { name: "stayReason", type: "textarea", label: "Lý do gia hạn", required: true, maxLength: 300 },
      ],
    };
    const put = await admin.send("PUT", "/api/staff/procedures/1.002755", {
      ...editOf(loaded),
      formSchema: form,
    });
    expect(put.status).toBe(200);
    const page = (await (await fetch(`${app.baseUrl}/api/v1/procedures/1.002755`)).json()) as {
      form: { fields: { name: string; label: string }[] };
    };
    expect(page.form.fields.at(-1)).toMatchObject({ name: "stayReason", label: "Lý do gia hạn" });
    // Filing without the new field is refused with its label.
    const c = await signedInCitizen(app);
    const filed = await fetch(`${app.baseUrl}/api/v1/dossiers`, {
      method: "POST",
      headers: c.headers,
      body: JSON.stringify({
        procedureCode: "1.002755",
        formData: {
          applicantName: "Lù Văn Hảng",
          applicantIdNumber: "010203004455",
          applicantPhone: "0912345678",
          applicantAddress: "Sa Pa",
          residence: "Tổ 2, phường Sa Pa",
          ownerName: "Lù Thị Dính",
          extendUntil: "2027-06-30",
        },
        communeCode: "03006",
        consent: true,
      }),
    });
    expect(filed.status).toBe(400);
    expect(JSON.stringify(await filed.json())).toContain("Vui lòng nhập lý do gia hạn.");
    const audit = await app.ctx.db.auditLog.findFirstOrThrow({
      where: { action: "procedure.update", target: "1.002755" },
      orderBy: { createdAt: "desc" },
    });
    expect((audit.detail as { changed: string[] }).changed).toContain("formSchema");
  });

  it("a broken filing form is refused with Vietnamese reasons and changes nothing", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    const loaded = (await (await admin.get("/api/staff/procedures/1.003197")).json()) as AdminView & {
      form: unknown;
    };
    const put = await admin.send("PUT", "/api/staff/procedures/1.003197", {
      ...editOf(loaded),
      formSchema: {
        fields: [
          { name: "a", type: "text", label: "A", required: true },
          { name: "a", type: "select", label: "B", required: true },
          { name: "c", type: "colour", label: "C", required: true },
        ],
        documents: [{ key: "x", label: "", required: false }],
      },
    });
    expect(put.status).toBe(400);
    const { error } = (await put.json()) as { error: { fields: { field: string; message: string }[] } };
    const byField = Object.fromEntries(error.fields.map((f) => [f.field, f.message]));
    expect(byField["formSchema.fields.2.type"]).toBe(
      "Kiểu trường (type) phải là một trong: text, textarea, date, select, number, id_number, phone.",
    );
    const notAnObject = await admin.send("PUT", "/api/staff/procedures/1.003197", {
      ...editOf(loaded),
      formSchema: "fields",
    });
    expect(notAnObject.status).toBe(400);
    expect(JSON.stringify(await notAnObject.json())).toContain(
      "Mẫu đơn phải là một đối tượng JSON có fields và documents.",
    );
    const dup = await admin.send("PUT", "/api/staff/procedures/1.003197", {
      ...editOf(loaded),
      formSchema: {
        fields: [
          { name: "a", type: "text", label: "A", required: true },
          { name: "a", type: "select", label: "B", required: true },
        ],
        documents: [{ key: "x", label: "", required: false }],
      },
    });
    const dupFields = Object.fromEntries(
      ((await dup.json()) as { error: { fields: { field: string; message: string }[] } }).error.fields.map(
        (f) => [f.field, f.message],
      ),
    );
    expect(dupFields).toMatchObject({
      "formSchema.fields.1.name": 'Tên trường "a" bị trùng.',
      "formSchema.fields.1.options": "Trường chọn (select) cần ít nhất một lựa chọn.",
      "formSchema.documents.0.label": "Nhãn giấy tờ không được để trống.",
    });
    const row = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "1.003197" } });
    expect(row.updatedAt.toISOString()).toBe(loaded.updatedAt);
    expect(row.formSchema).toEqual(loaded.form);
  });

  it("a save over a newer edit is refused with 409", async () => {
    const admin = await loginAs(app.baseUrl, "admin");
    const loaded = (await (await admin.get("/api/staff/procedures/1.004222")).json()) as AdminView;
    const first = await admin.send("PUT", "/api/staff/procedures/1.004222", {
      ...editOf(loaded),
      feeNote: "Miễn phí",
    });
    expect(first.status).toBe(200);
    const stale = await admin.send("PUT", "/api/staff/procedures/1.004222", {
      ...editOf(loaded),
      feeNote: "Khác",
    });
    expect(stale.status).toBe(409);
    const row = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "1.004222" } });
    expect(row.feeNote).toBe("Miễn phí");
  });

  it("a clerk, a citizen or nobody cannot edit or list; without the CSRF token an admin cannot either", async () => {
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const admin = await loginAs(app.baseUrl, "admin");
    const loaded = (await (await admin.get("/api/staff/procedures/1.001193")).json()) as AdminView;
    const body = { ...editOf(loaded), name: "Bị sửa trái phép" };
    expect((await clerk.get("/api/staff/procedures")).status).toBe(403);
    expect((await clerk.send("PUT", "/api/staff/procedures/1.001193", body)).status).toBe(403);
    const citizen = await signedInCitizen(app);
    const asCitizen = await fetch(`${app.baseUrl}/api/staff/procedures/1.001193`, {
      method: "PUT",
      headers: citizen.headers,
      body: JSON.stringify(body),
    });
    expect(asCitizen.status).toBe(401);
    expect((await admin.send("PUT", "/api/staff/procedures/1.001193", body, { csrf: false })).status).toBe(
      403,
    );
    const row = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "1.001193" } });
    expect(row.name).toBe("Thủ tục đăng ký khai sinh");
    // The refused attempt is in the audit log too.
    const refused = await app.ctx.db.auditLog.findFirst({
      where: { action: "PUT /api/staff/procedures/:code", staff: { username: "clerk.sapa" } },
    });
    expect(refused?.detail).toMatchObject({ status: 403 });
  });
});

describe("[PROCEDURES] satisfaction ratings in the console", () => {
  async function rated(
    agencyCode: string,
    procedureCode: string,
    score: number,
    comment: string | null,
    ratedAt: Date,
  ) {
    const c = await signedInCitizen(app, "Giàng Seo Phử");
    const agency = await app.ctx.db.agency.findUniqueOrThrow({ where: { code: agencyCode } });
    const procedure = await app.ctx.db.procedure.findUniqueOrThrow({
      where: { nationalCode: procedureCode },
    });
    return app.ctx.db.dossier.create({
      data: {
        code: `${agencyCode}-${Math.random().toString().slice(2, 12)}`,
        citizenId: c.id,
        procedureId: procedure.id,
        agencyId: agency.id,
        status: "result_returned",
        formData: {},
        applicantName: "Giàng Seo Phử",
        receivedAt: ratedAt,
        ratingScore: score,
        ratingComment: comment,
        ratedAt,
      },
    });
  }

  it("averages per agency and procedure with comments, within the chosen period; a clerk sees their agency only", async () => {
    await rated("H38.03006", "1.001193", 5, "Cán bộ hướng dẫn tận tình", new Date("2026-10-05T03:00:00Z"));
    await rated("H38.03006", "1.001193", 3, null, new Date("2026-10-20T03:00:00Z"));
    await rated("H38.03006", "1.000894", 2, "Chờ lâu", new Date("2026-10-21T03:00:00Z"));
    await rated("H38.02647", "1.001193", 4, "Nhanh", new Date("2026-10-22T03:00:00Z"));
    await rated("H38.03006", "1.001193", 1, "Ngoài kỳ", new Date("2026-09-10T03:00:00Z"));

    const admin = await loginAs(app.baseUrl, "admin");
    const r = await admin.get("/api/staff/ratings?from=2026-10-01&to=2026-10-31");
    expect(r.status).toBe(200);
    const report = (await r.json()) as {
      overall: { average: number; count: number; distribution: number[] };
      byAgency: { agencyCode: string; average: number; count: number }[];
      byProcedure: { code: string; average: number; count: number }[];
      comments: { comment: string; score: number }[];
    };
    expect(report.overall).toEqual({ average: 3.5, count: 4, distribution: [0, 1, 1, 1, 1] });
    expect(report.byAgency.find((a) => a.agencyCode === "H38.03006")).toMatchObject({
      average: 3.33,
      count: 3,
    });
    expect(report.byProcedure.find((p) => p.code === "1.001193")).toMatchObject({ average: 4, count: 3 });
    expect(report.comments.map((c) => c.comment)).toEqual(["Nhanh", "Chờ lâu", "Cán bộ hướng dẫn tận tình"]);

    const clerk = await loginAs(app.baseUrl, "clerk.laocai");
    const own = (await (
      await clerk.get("/api/staff/ratings?from=2026-10-01&to=2026-10-31")
    ).json()) as typeof report;
    expect(own.overall.count).toBe(1);
    expect(own.comments.map((c) => c.comment)).toEqual(["Nhanh"]);

    const bad = await admin.get("/api/staff/ratings?from=2026-11-01&to=2026-10-01");
    expect(bad.status).toBe(400);
  });
});
