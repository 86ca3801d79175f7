import { describe, expect, it } from "vitest";
import { lunarToSolar, tetDate } from "./lunar.js";
import { appointmentFor, isWorkingDay, statutoryDaysOff, type CalendarData } from "./working-days.js";
import data from "../../../prisma/data/calendar-adjustments.json" with { type: "json" };

const official: CalendarData = {
  adjustments: new Map(data.days.map((d) => [d.date, d.kind as "day_off" | "working_day"])),
  officialYears: new Set(data.years.filter((y) => y.official).map((y) => y.year)),
};
// Received at a Vietnamese wall-clock time.
const at = (s: string) => new Date(`${s}+07:00`);
const due = (received: string, days: number, unit: "working_days" | "calendar_days" = "working_days") =>
  appointmentFor(official, at(received), { days, unit }).dueDate;

describe("[CALENDAR] the Vietnamese lunar calendar (UTC+7)", () => {
  it("finds Tết on the dates of the official notices and of the Vietnamese (not Chinese) calendar", () => {
    expect(tetDate(2025)).toBe("2025-01-29");
    expect(tetDate(2026)).toBe("2026-02-17");
    expect(tetDate(2027)).toBe("2027-02-06");
    expect(tetDate(2028)).toBe("2028-01-26");
    expect(tetDate(2007)).toBe("2007-02-17"); // China: 18 Feb
    expect(tetDate(1985)).toBe("1985-01-21"); // China: 20 Feb
  });
  it("finds Giỗ Tổ Hùng Vương (10/3 âm lịch)", () => {
    expect(lunarToSolar(10, 3, 2025)).toEqual([2025, 4, 7]);
    expect(lunarToSolar(10, 3, 2026)).toEqual([2026, 4, 26]);
    expect(lunarToSolar(10, 3, 2027)).toEqual([2027, 4, 16]);
    expect(lunarToSolar(10, 3, 2028)).toEqual([2028, 4, 4]);
  });
});

describe("[CALENDAR] appointment dates across the official 2026 schedule", () => {
  it("skips the nine days of Tết Bính Ngọ", () => {
    expect(due("2026-02-13T09:00:00", 1)).toBe("2026-02-23");
  });
  it("counts the swapped Saturday 22/08 and skips 31/08–02/09", () => {
    expect(due("2026-08-21T10:00:00", 3)).toBe("2026-08-25");
    expect(due("2026-08-27T10:00:00", 3)).toBe("2026-09-04");
  });
  it("skips Tết Dương lịch with the swapped 02/01 and counts Saturday 10/01", () => {
    expect(due("2025-12-31T10:00:00", 2)).toBe("2026-01-06");
    expect(due("2026-01-09T10:00:00", 1)).toBe("2026-01-10");
  });
  it("skips the nghỉ bù of Giỗ Tổ (27/04) and 30/04–01/05", () => {
    expect(due("2026-04-24T10:00:00", 1)).toBe("2026-04-28");
    expect(due("2026-04-29T10:00:00", 1)).toBe("2026-05-04");
  });
  it("skips the new 24/11 holiday, and treats the unconfirmed 23/11 swap as a working day", () => {
    expect(due("2026-11-20T10:00:00", 1)).toBe("2026-11-23");
    expect(due("2026-11-23T10:00:00", 1)).toBe("2026-11-25");
    expect(isWorkingDay(official, "2026-11-28")).toBe(false);
  });
});

describe("[CALENDAR] the after-15:00 and outside-office-hours rules", () => {
  it("a same-day procedure received before 15:00 is due the same day", () => {
    expect(due("2026-11-23T14:59:00", 0)).toBe("2026-11-23");
  });
  it("received after 15:00 it is due the next working day", () => {
    const r = appointmentFor(official, at("2026-11-23T15:30:00"), { days: 0, unit: "working_days" });
    expect(r).toEqual({ receiptDate: "2026-11-23", dueDate: "2026-11-25", afterHours: true });
  });
  it("an online dossier sent on Saturday is received on the next working day", () => {
    const r = appointmentFor(official, at("2026-11-28T09:00:00"), { days: 3, unit: "working_days" });
    expect(r.receiptDate).toBe("2026-11-30");
    expect(r.dueDate).toBe("2026-12-03");
  });
  it("calendar-day deadlines ending on a day off move to the next working day", () => {
    expect(due("2026-08-19T10:00:00", 10, "calendar_days")).toBe("2026-09-03");
  });
});

describe("[CALENDAR] statutory days for a year without an official schedule (2027)", () => {
  it("computes Tết 2027 (mùng 1 on a Saturday) with make-up days", () => {
    const off = statutoryDaysOff(2027);
    for (const d of ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"])
      expect(off.has(d)).toBe(true);
    expect(due("2027-02-04T10:00:00", 1)).toBe("2027-02-12");
  });
  it("gives Monday 03/05/2027 for 1/5 on a Saturday and keeps Giỗ Tổ 16/04", () => {
    expect(due("2027-04-29T10:00:00", 1)).toBe("2027-05-04");
    expect(isWorkingDay(official, "2027-04-16")).toBe(false);
    expect(isWorkingDay(official, "2027-11-24")).toBe(false);
  });
  it("an admin's new official row changes the result without code changes", () => {
    const updated: CalendarData = { ...official, adjustments: new Map(official.adjustments) };
    updated.adjustments.set("2026-11-23", "day_off"); // the 23/11 swap, once confirmed
    expect(
      appointmentFor(updated, at("2026-11-20T10:00:00"), { days: 1, unit: "working_days" }).dueDate,
    ).toBe("2026-11-25");
  });
});
