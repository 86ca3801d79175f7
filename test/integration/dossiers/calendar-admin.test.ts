import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointmentFor, vnDate, type CalendarData } from "../../../server/src/calendar/working-days.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { fileBirth } from "./filing.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function calendarFromDb(): Promise<CalendarData> {
  const [rows, years] = await Promise.all([
    app.ctx.db.calendarAdjustment.findMany(),
    app.ctx.db.calendarYear.findMany(),
  ]);
  return {
    adjustments: new Map(rows.map((r) => [r.date.toISOString().slice(0, 10), r.kind])),
    officialYears: new Set(years.filter((y) => y.official).map((y) => y.year)),
  };
}

describe("[DOSSIERS] official calendar adjustments are data an admin keeps", () => {
  it("a day off added by an admin moves the next appointment; removing it moves it back; both audited", async () => {
    const c = await signedInCitizen(app);
    const admin = await loginAs(app.baseUrl, "admin");
    const procedure = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "1.001193" } });

    const first = await fileBirth(app, c, 1);
    expect(first.status).toBe(201);
    const d1 = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: first.body.code } });
    const due1 = vnDate(d1.appointmentAt!);

    // The government declares the appointment day (and, if the deadline is that day, the receipt day)
    // a day off: e.g. a new nghỉ bù.
    const put = await admin.send("PUT", `/api/staff/calendar/${due1}`, {
      kind: "day_off",
      reason: "Nghỉ bù (thử nghiệm)",
      source: "TB 1234/TB-BNV",
      provisional: true,
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ date: due1, kind: "day_off", provisional: true });

    const second = await fileBirth(app, c, 1);
    const d2 = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: second.body.code } });
    const due2 = vnDate(d2.appointmentAt!);
    const rule = {
      days: procedure.processingDays,
      unit:
        procedure.processingUnit === "calendar_days" ? ("calendar_days" as const) : ("working_days" as const),
    };
    const withEdit = await calendarFromDb();
    expect(due2).toBe(appointmentFor(withEdit, d2.receivedAt!, rule).dueDate);
    expect(due2).not.toBe(due1);
    expect(due2 > due1).toBe(true);

    const listed = (await (await admin.get(`/api/staff/calendar?year=${due1.slice(0, 4)}`)).json()) as {
      adjustments: { date: string; reason: string }[];
    };
    expect(listed.adjustments.find((a) => a.date === due1)?.reason).toBe("Nghỉ bù (thử nghiệm)");

    expect((await admin.send("DELETE", `/api/staff/calendar/${due1}`)).status).toBe(204);
    expect((await admin.send("DELETE", `/api/staff/calendar/${due1}`)).status).toBe(404);
    const third = await fileBirth(app, c, 1);
    const d3 = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code: third.body.code } });
    expect(vnDate(d3.appointmentAt!)).toBe(
      appointmentFor(await calendarFromDb(), d3.receivedAt!, rule).dueDate,
    );
    expect(vnDate(d3.appointmentAt!) <= due2).toBe(true);

    const audit = await app.ctx.db.auditLog.findMany({
      where: { action: { in: ["calendar.set", "calendar.delete"] }, target: due1 },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["calendar.set", "calendar.delete"]);
  });

  it("only an admin may change the calendar; invalid days get Vietnamese field errors", async () => {
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const r = await clerk.send("PUT", "/api/staff/calendar/2026-12-28", { kind: "day_off", reason: "x" });
    expect(r.status).toBe(403);
    expect(
      await app.ctx.db.calendarAdjustment.findUnique({ where: { date: new Date("2026-12-28") } }),
    ).toBeNull();
    expect((await clerk.get("/api/staff/calendar?year=2026")).status).toBe(200);

    const admin = await loginAs(app.baseUrl, "admin");
    const fieldsOf = async (r: Response) => {
      expect(r.status).toBe(400);
      const body = (await r.json()) as { error: { fields: { field: string; message: string }[] } };
      return Object.fromEntries(body.error.fields.map((f) => [f.field, f.message]));
    };
    const badBody = await fieldsOf(
      await admin.send("PUT", "/api/staff/calendar/2026-12-28", { kind: "holiday", reason: "" }),
    );
    expect(badBody.kind).toMatch(/ngày nghỉ/);
    expect(badBody.reason).toMatch(/lý do/);
    const badDate = await fieldsOf(
      await admin.send("PUT", "/api/staff/calendar/2026-02-30", { kind: "day_off", reason: "Thử" }),
    );
    expect(badDate.date).toMatch(/không tồn tại/);
  });
});
