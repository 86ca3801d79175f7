import { useEffect, useState, type FormEvent } from "react";
import { api, formatDateTime, messageOf } from "../api";
import "./procedures.css";

interface Group {
  average: number;
  count: number;
  distribution: number[];
}
interface Report {
  from: string | null;
  to: string | null;
  overall: Group;
  byAgency: (Group & { agencyCode: string; agency: string })[];
  byProcedure: (Group & { code: string; procedure: string })[];
  comments: {
    dossierCode: string;
    procedure: string;
    agency: string;
    score: number;
    comment: string;
    ratedAt: string;
  }[];
}

/** yyyy-mm-dd of a date in Vietnam. */
const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

function presets(): [string, string, string][] {
  const today = new Date();
  const t = vnDay(today);
  const monthStart = `${t.slice(0, 7)}-01`;
  const days = (n: number) => vnDay(new Date(today.getTime() - n * 86_400_000));
  return [
    ["30 ngày qua", days(29), t],
    ["Tháng này", monthStart, t],
    ["Năm nay", `${t.slice(0, 4)}-01-01`, t],
    ["Tất cả", "", ""],
  ];
}

const stars = (avg: number) => `${avg.toFixed(2).replace(".", ",")} / 5`;

function Distribution({ d }: { d: number[] }) {
  const max = Math.max(1, ...d);
  return (
    <span aria-label={d.map((n, i) => `${i + 1} sao: ${n}`).join(", ")}>
      {d.map((n, i) => (
        <span key={i} title={`${i + 1} sao: ${n}`} style={{ marginRight: 6 }}>
          {i + 1}★ <span className="bar" style={{ width: Math.round((n / max) * 40) }} /> {n}
        </span>
      ))}
    </span>
  );
}

/**
 * Citizens' satisfaction after the result is returned: per agency and per procedure (lowest
 * first: what needs attention), with their comments, over a period. Clerks see their agency.
 */
export function RatingsPage() {
  const initial = presets()[0]!;
  const [from, setFrom] = useState(initial[1]);
  const [to, setTo] = useState(initial[2]);
  const [applied, setApplied] = useState({ from: initial[1], to: initial[2] });
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = new URLSearchParams();
    if (applied.from) q.set("from", applied.from);
    if (applied.to) q.set("to", applied.to);
    setError(null);
    api<Report>(`/api/staff/ratings?${q}`)
      .then(setReport)
      .catch((e: unknown) => setError(messageOf(e, "Không tải được đánh giá.")));
  }, [applied]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ from, to });
  };

  return (
    <section>
      <h1>Đánh giá mức độ hài lòng</h1>
      <form className="toolbar" onSubmit={apply}>
        <label className="inline">
          Từ ngày
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="inline">
          Đến ngày
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">Xem</button>
        {presets().map(([label, f, t]) => (
          <button
            key={label}
            type="button"
            className="secondary"
            onClick={() => {
              setFrom(f);
              setTo(t);
              setApplied({ from: f, to: t });
            }}
          >
            {label}
          </button>
        ))}
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!report && !error && <p className="muted">Đang tải…</p>}
      {report && (
        <>
          <div className="ratings-summary">
            <div>
              <div className="big" data-testid="ratings-average">
                {report.overall.count ? stars(report.overall.average) : "—"}
              </div>
              <div className="muted">{report.overall.count} lượt đánh giá</div>
            </div>
            <Distribution d={report.overall.distribution} />
          </div>
          {report.overall.count === 0 && (
            <p className="muted">Chưa có đánh giá trong khoảng thời gian này.</p>
          )}
          {report.byAgency.length > 0 && (
            <>
              <h2>Theo cơ quan</h2>
              <table className="dense">
                <thead>
                  <tr>
                    <th>Cơ quan</th>
                    <th>Điểm trung bình</th>
                    <th>Số lượt</th>
                    <th>Phân bố</th>
                  </tr>
                </thead>
                <tbody>
                  {report.byAgency.map((a) => (
                    <tr key={a.agencyCode}>
                      <td>{a.agency}</td>
                      <td className={a.average < 3 ? "score-low" : ""}>{stars(a.average)}</td>
                      <td>{a.count}</td>
                      <td>
                        <Distribution d={a.distribution} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>Theo thủ tục</h2>
              <table className="dense">
                <thead>
                  <tr>
                    <th>Thủ tục</th>
                    <th>Điểm trung bình</th>
                    <th>Số lượt</th>
                    <th>Phân bố</th>
                  </tr>
                </thead>
                <tbody>
                  {report.byProcedure.map((p) => (
                    <tr key={p.code}>
                      <td>
                        {p.procedure} <span className="muted">({p.code})</span>
                      </td>
                      <td className={p.average < 3 ? "score-low" : ""}>{stars(p.average)}</td>
                      <td>{p.count}</td>
                      <td>
                        <Distribution d={p.distribution} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {report.comments.length > 0 && (
            <>
              <h2>Ý kiến của công dân</h2>
              <table className="dense">
                <thead>
                  <tr>
                    <th>Thời gian</th>
                    <th>Hồ sơ</th>
                    <th>Thủ tục</th>
                    <th>Cơ quan</th>
                    <th>Điểm</th>
                    <th>Ý kiến</th>
                  </tr>
                </thead>
                <tbody>
                  {report.comments.map((c) => (
                    <tr key={c.dossierCode}>
                      <td className="nowrap">{formatDateTime(c.ratedAt)}</td>
                      <td className="nowrap">{c.dossierCode}</td>
                      <td>{c.procedure}</td>
                      <td>{c.agency}</td>
                      <td className={c.score < 3 ? "score-low" : ""}>{c.score}★</td>
                      <td>{c.comment}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
