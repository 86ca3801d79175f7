// Working-day arithmetic for one-stop deadlines (shared/data/holidays.md §3).
//
// A day is a working day when it is Monday–Friday and not a day off, or when it is a
// weekend day an official notice made a working day (a swapped Saturday). Days off come
// from two sources:
//  - official schedules loaded from data an admin can update (CalendarAdjustment rows;
//    a year whose schedule was published is marked official in CalendarYear and then its
//    rows are the whole truth for that year);
//  - for years without a published schedule, the statutory holidays of BLLĐ 2019 Đ.112
//    (lunar ones computed) with Đ.111 k.3 make-up days, plus any provisional rows.
import { iso, jdFromDate, jdToDate, lunarToSolar } from "./lunar.js";

export interface CalendarData {
  /** yyyy-mm-dd → kind, from CalendarAdjustment. */
  adjustments: Map<string, "day_off" | "working_day">;
  /** Years whose full civil-service schedule is official (rows are complete). */
  officialYears: Set<number>;
}

const VN_OFFSET_MS = 7 * 3600_000;

/** Calendar date in Asia/Ho_Chi_Minh (no DST) of an instant. */
export function vnDate(at: Date): string {
  const d = new Date(at.getTime() + VN_OFFSET_MS);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function vnMinutes(at: Date): number {
  const d = new Date(at.getTime() + VN_OFFSET_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

function parse(date: string): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = parse(date);
  const [dd, mm, yy] = jdToDate(jdFromDate(d, m, y) + n);
  return iso(yy, mm, dd);
}

export function weekday(date: string): number {
  const [y, m, d] = parse(date);
  return (jdFromDate(d, m, y) + 1) % 7; // 0 = Sunday
}

const isWeekend = (date: string) => {
  const w = weekday(date);
  return w === 0 || w === 6;
};

export interface StatutoryHoliday {
  date: string;
  name: string;
  /** Fixed by the lunar calendar (Tết, Giỗ Tổ): computed, not a fixed solar date. */
  lunar: boolean;
  /** A make-up day (nghỉ bù) for a holiday on a weekend (Đ.111 k.3). */
  makeUp: boolean;
}

const statutoryCache = new Map<number, StatutoryHoliday[]>();

/**
 * Statutory days off of a year without a published schedule: Tết Dương lịch; Tết Âm lịch
 * as the last day of the old year and mùng 1–4 (the Prime Minister's usual choice); Giỗ Tổ
 * (10/3 âm lịch); 30/4; 1/5; 2/9 with 1/9; 24/11 from 2026 (NQ 28/2026/QH16). A holiday
 * on a weekend gives a make-up day on the next working day (Đ.111 k.3).
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const cached = statutoryCache.get(year);
  if (cached) return cached;
  const [ty, tm, td] = lunarToSolar(1, 1, year);
  const tet = iso(ty, tm, td);
  const [hy, hm, hd] = lunarToSolar(10, 3, year);
  const h = (date: string, name: string, lunar = false) => ({ date, name, lunar, makeUp: false });
  const holidays: StatutoryHoliday[] = [
    h(`${year}-01-01`, "Tết Dương lịch"),
    h(addDays(tet, -1), "Tết Nguyên đán (ngày cuối năm âm lịch)", true),
    h(tet, "Tết Nguyên đán (mùng 1)", true),
    h(addDays(tet, 1), "Tết Nguyên đán (mùng 2)", true),
    h(addDays(tet, 2), "Tết Nguyên đán (mùng 3)", true),
    h(addDays(tet, 3), "Tết Nguyên đán (mùng 4)", true),
    h(iso(hy, hm, hd), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", true),
    h(`${year}-04-30`, "Ngày Chiến thắng"),
    h(`${year}-05-01`, "Ngày Quốc tế lao động"),
    h(`${year}-09-01`, "Quốc khánh (ngày liền kề)"),
    h(`${year}-09-02`, "Quốc khánh"),
    ...(year >= 2026 ? [h(`${year}-11-24`, "Ngày Văn hóa Việt Nam")] : []),
  ];
  const off = new Set(holidays.map((x) => x.date));
  const all = [...holidays];
  // Make-up days: each holiday on a weekend adds the next day that is neither weekend nor off.
  for (const x of holidays.filter((y) => isWeekend(y.date))) {
    let d = addDays(x.date, 1);
    while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
    off.add(d);
    all.push({ date: d, name: `Nghỉ bù ${x.name}`, lunar: x.lunar, makeUp: true });
  }
  all.sort((a, b) => a.date.localeCompare(b.date));
  statutoryCache.set(year, all);
  return all;
}

const statutorySets = new Map<number, Set<string>>();
export function statutoryDaysOff(year: number): Set<string> {
  let set = statutorySets.get(year);
  if (!set) statutorySets.set(year, (set = new Set(statutoryHolidays(year).map((x) => x.date))));
  return set;
}

export function isWorkingDay(cal: CalendarData, date: string): boolean {
  const adj = cal.adjustments.get(date);
  if (adj === "working_day") return true;
  if (adj === "day_off") return false;
  if (isWeekend(date)) return false;
  const year = parse(date)[0];
  if (cal.officialYears.has(year)) return true;
  return !statutoryDaysOff(year).has(date);
}

export function nextWorkingDay(cal: CalendarData, date: string): string {
  let d = addDays(date, 1);
  while (!isWorkingDay(cal, d)) d = addDays(d, 1);
  return d;
}

export interface DeadlineRule {
  /** Working or calendar days; 0 = same day (hộ tịch, chứng thực). */
  days: number;
  unit: "working_days" | "calendar_days";
}

export interface OfficeHours {
  /** Minutes after midnight, Asia/Ho_Chi_Minh. */
  closeMinutes: number;
  /** Same-day procedures received after this are due the next working day (15:00). */
  sameDayCutoffMinutes: number;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { closeMinutes: 17 * 60, sameDayCutoffMinutes: 15 * 60 };

/**
 * The receipt date and appointment date of a dossier received at `receivedAt`.
 * - Received on a day off or after closing → received on the next working day (online
 *   dossiers outside office hours, holidays.md §3.5).
 * - Same-day procedures: due the receipt day, or the next working day when received after
 *   15:00 (§3.4).
 * - N working days: the first day is not counted (BLDS Đ.147); due on the N-th working day
 *   after the receipt day.
 * - N calendar days: receipt + N; if that is not a working day, the next working day (BLDS
 *   Đ.148).
 */
export function appointmentFor(
  cal: CalendarData,
  receivedAt: Date,
  rule: DeadlineRule,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): { receiptDate: string; dueDate: string; afterHours: boolean } {
  let receiptDate = vnDate(receivedAt);
  const minutes = vnMinutes(receivedAt);
  let afterHours = false;
  let countFromNextDay = false;
  if (!isWorkingDay(cal, receiptDate) || minutes >= hours.closeMinutes) {
    receiptDate = nextWorkingDay(
      cal,
      isWorkingDay(cal, receiptDate) ? receiptDate : addDays(receiptDate, -1),
    );
    afterHours = true;
  } else if (minutes >= hours.sameDayCutoffMinutes) {
    afterHours = true;
    countFromNextDay = rule.days === 0;
  }
  let due: string;
  if (rule.days === 0) {
    due = countFromNextDay ? nextWorkingDay(cal, receiptDate) : receiptDate;
  } else if (rule.unit === "calendar_days") {
    due = addDays(receiptDate, rule.days);
    if (!isWorkingDay(cal, due)) due = nextWorkingDay(cal, due);
  } else {
    due = receiptDate;
    for (let i = 0; i < rule.days; i++) due = nextWorkingDay(cal, due);
  }
  return { receiptDate, dueDate: due, afterHours };
}

/** The instant an appointment date ends (office closing, Asia/Ho_Chi_Minh). */
export function dueInstant(date: string, hours: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  const [y, m, d] = parse(date);
  return new Date(Date.UTC(y, m - 1, d) + hours.closeMinutes * 60_000 - VN_OFFSET_MS);
}
