import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, ApiError, messageOf } from "../api";
import "./calendar.css";

interface Adjustment {
  date: string;
  kind: "day_off" | "working_day";
  reason: string;
  source: string | null;
  provisional: boolean;
}
interface Statutory {
  date: string;
  name: string;
  lunar: boolean;
  makeUp: boolean;
  /** The year has no official schedule: appointments count these days off. */
  inUse: boolean;
}
interface YearInfo {
  year: number;
  official: boolean;
  source: string | null;
}
interface CalendarAnswer {
  adjustments: Adjustment[];
  years: YearInfo[];
  statutory: Statutory[];
}

const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
const dayText = (iso: string) =>
  `${WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()]}, ${iso.split("-").reverse().join("/")}`;
const thisYear = () => new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
const empty = { date: "", kind: "day_off" as Adjustment["kind"], reason: "", source: "", provisional: false };

/**
 * The working-day calendar that appointment dates count on (holidays.md): per year, whether the
 * civil-service schedule is official, the official adjustments (holidays, swapped days, make-up
 * days) and the statutory days computed from the law, lunar ones included. Changes apply from
 * the next filing.
 */
export function CalendarPage() {
  const [year, setYear] = useState(thisYear());
  const [data, setData] = useState<CalendarAnswer | null>(null);
  const [yearForm, setYearForm] = useState<{ official: boolean; source: string }>({
    official: false,
    source: "",
  });
  const [add, setAdd] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<CalendarAnswer>(`/api/staff/calendar?year=${year}`)
      .then((r) => {
        setData(r);
        const y = r.years.find((x) => x.year === year);
        setYearForm({ official: y?.official ?? false, source: y?.source ?? "" });
      })
      .catch((e: unknown) => setNotice({ kind: "error", text: messageOf(e, "Không tải được lịch.") }));
  }, [year]);
  useEffect(load, [load]);

  const info = data?.years.find((y) => y.year === year);
  const official = info?.official ?? false;

  async function saveYear(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      await api(`/api/staff/calendar/years/${year}`, {
        method: "PUT",
        body: { official: yearForm.official, source: yearForm.source || null },
      });
      setNotice({ kind: "ok", text: `Đã lưu trạng thái lịch năm ${year}.` });
      load();
    } catch (err) {
      setNotice({ kind: "error", text: messageOf(err, "Chưa lưu được.") });
    } finally {
      setBusy(false);
    }
  }

  async function addDay(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    if (!add.date) {
      setErrors({ date: "Vui lòng chọn ngày." });
      return;
    }
    setBusy(true);
    try {
      await api(`/api/staff/calendar/${add.date}`, {
        method: "PUT",
        body: {
          kind: add.kind,
          reason: add.reason,
          source: add.source || null,
          provisional: add.provisional,
        },
      });
      setNotice({ kind: "ok", text: `Đã lưu ngày ${add.date.split("-").reverse().join("/")}.` });
      setAdd(empty);
      if (Number(add.date.slice(0, 4)) !== year) setYear(Number(add.date.slice(0, 4)));
      else load();
    } catch (err) {
      if (err instanceof ApiError && err.body.fields)
        setErrors(Object.fromEntries(err.body.fields.map((f) => [f.field, f.message])));
      setNotice({ kind: "error", text: messageOf(err, "Chưa lưu được.") });
    } finally {
      setBusy(false);
    }
  }

  async function remove(a: Adjustment) {
    if (!window.confirm(`Bỏ điều chỉnh ngày ${a.date.split("-").reverse().join("/")} (${a.reason})?`)) return;
    setNotice(null);
    try {
      await api(`/api/staff/calendar/${a.date}`, { method: "DELETE" });
      setNotice({ kind: "ok", text: `Đã bỏ điều chỉnh ngày ${a.date.split("-").reverse().join("/")}.` });
      load();
    } catch (err) {
      setNotice({ kind: "error", text: messageOf(err, "Chưa bỏ được.") });
    }
  }

  const years = Array.from({ length: 5 }, (_, i) => thisYear() - 2 + i);
  return (
    <section className="calendar-page">
      <h1>Lịch làm việc</h1>
      <p className="muted">
        Ngày hẹn trả kết quả tính theo ngày làm việc của lịch này. Thay đổi áp dụng từ hồ sơ nộp tiếp theo.
      </p>
      <div className="toolbar">
        <label>
          Năm{" "}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </div>
      {notice && (
        <p
          role={notice.kind === "error" ? "alert" : "status"}
          className={notice.kind === "error" ? "error" : "ok"}
        >
          {notice.text}
        </p>
      )}
      {data && (
        <>
          {!official && (
            <p className="notice-provisional" data-testid="year-provisional">
              Năm {year} chưa có lịch nghỉ chính thức của Bộ Nội vụ: ngày hẹn đang tính theo các ngày nghỉ
              theo luật ở dưới và các điều chỉnh đã nhập. Đây là lịch <strong>tạm tính</strong>.
            </p>
          )}
          <form className="card-inline" onSubmit={saveYear}>
            <h2>Trạng thái lịch năm {year}</h2>
            <label className="inline">
              <input
                type="checkbox"
                checked={yearForm.official}
                onChange={(e) => setYearForm({ ...yearForm, official: e.target.checked })}
              />
              Lịch chính thức (đã có thông báo; các điều chỉnh dưới đây là toàn bộ ngày nghỉ của năm)
            </label>
            <label className="form-row">
              <span>Căn cứ</span>
              <input
                value={yearForm.source}
                placeholder="Ví dụ: TB 9441/TB-BNV"
                onChange={(e) => setYearForm({ ...yearForm, source: e.target.value })}
              />
            </label>
            <button type="submit" disabled={busy}>
              Lưu trạng thái
            </button>
          </form>

          <h2>Điều chỉnh chính thức ({data.adjustments.length})</h2>
          {data.adjustments.length === 0 ? (
            <p className="muted">Chưa có điều chỉnh nào cho năm này.</p>
          ) : null}
          {data.adjustments.length ? (
            <table data-testid="adjustments">
              <thead>
                <tr>
                  <th>Ngày</th>
                  <th>Loại</th>
                  <th>Lý do</th>
                  <th>Căn cứ</th>
                  <th>
                    <span className="visually-hidden">Thao tác</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.adjustments.map((a) => (
                  <tr key={a.date}>
                    <td>{dayText(a.date)}</td>
                    <td>
                      {a.kind === "day_off" ? "Ngày nghỉ" : "Ngày làm việc (làm bù)"}
                      {a.provisional ? <strong className="badge-provisional"> Tạm tính</strong> : null}
                    </td>
                    <td>{a.reason}</td>
                    <td>{a.source ?? "—"}</td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Bỏ điều chỉnh ngày ${a.date}`}
                        onClick={() => void remove(a)}
                      >
                        Bỏ
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}

          <form className="card-inline calendar-add" onSubmit={addDay} noValidate>
            <h2>Thêm hoặc sửa một ngày</h2>
            <div className="form-grid">
              <label className="form-row">
                <span>Ngày</span>
                <input
                  type="date"
                  value={add.date}
                  onChange={(e) => setAdd({ ...add, date: e.target.value })}
                />
                {errors.date && <span className="error field-error">{errors.date}</span>}
              </label>
              <label className="form-row">
                <span>Loại</span>
                <select
                  value={add.kind}
                  onChange={(e) => setAdd({ ...add, kind: e.target.value as Adjustment["kind"] })}
                >
                  <option value="day_off">Ngày nghỉ (lễ, Tết, nghỉ bù, hoán đổi)</option>
                  <option value="working_day">Ngày làm việc (thứ Bảy/Chủ nhật làm bù)</option>
                </select>
              </label>
              <label className="form-row">
                <span>Lý do</span>
                <input value={add.reason} onChange={(e) => setAdd({ ...add, reason: e.target.value })} />
                {errors.reason && <span className="error field-error">{errors.reason}</span>}
              </label>
              <label className="form-row">
                <span>Căn cứ</span>
                <input
                  value={add.source}
                  placeholder="Số thông báo"
                  onChange={(e) => setAdd({ ...add, source: e.target.value })}
                />
                {errors.source && <span className="error field-error">{errors.source}</span>}
              </label>
            </div>
            <label className="inline">
              <input
                type="checkbox"
                checked={add.provisional}
                onChange={(e) => setAdd({ ...add, provisional: e.target.checked })}
              />
              Tạm tính (chưa có quyết định chính thức)
            </label>
            <button type="submit" disabled={busy}>
              Lưu ngày
            </button>
          </form>

          <h2>Ngày nghỉ theo luật năm {year} (tính tự động)</h2>
          <p className="muted">
            Bộ luật Lao động 2019 Điều 112, nghỉ bù theo Điều 111 khoản 3; ngày âm lịch đổi sang dương lịch
            theo múi giờ Việt Nam.{" "}
            {official
              ? "Năm đã có lịch chính thức nên các ngày này không được dùng."
              : "Đang được dùng vì năm chưa có lịch chính thức."}
          </p>
          <table data-testid="statutory">
            <thead>
              <tr>
                <th>Ngày</th>
                <th>Ngày lễ</th>
                <th>Cách tính</th>
              </tr>
            </thead>
            <tbody>
              {data.statutory.map((h) => (
                <tr key={h.date} className={h.inUse ? "" : "muted"}>
                  <td>{dayText(h.date)}</td>
                  <td>{h.name}</td>
                  <td>
                    {h.makeUp ? "Nghỉ bù" : h.lunar ? "Âm lịch (tính tự động)" : "Dương lịch"}
                    {h.inUse ? <strong className="badge-provisional"> Tạm tính</strong> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
