import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api, messageOf } from "../api";

interface Site {
  code: string;
  name: { vi: string; en: string; zh: string };
  days: number;
  link: string;
  /** An SVG made by our server from the link (qrcode), not user input. */
  svg: string;
}

/**
 * One printable card per tourist site or hotel: scanning opens the mini app's alert sign-up for
 * the site's commune, in the visitor's language, for a typical stay.
 */
export function AlertQrSheetPage() {
  const [sites, setSites] = useState<Site[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ sites: Site[] }>("/api/staff/alerts/qr-sheet")
      .then((r) => setSites(r.sites))
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  return (
    <section>
      <p className="no-print">
        <Link to="/alerts">← Danh sách cảnh báo</Link>
      </p>
      <h1 className="no-print">Mã QR nhận cảnh báo cho khách du lịch</h1>
      <p className="no-print">
        In và dán tại điểm du lịch, khách sạn, homestay. Khách quét mã để nhận cảnh báo thiên tai của xã nơi
        họ đang ở, bằng tiếng Việt, tiếng Anh hoặc tiếng Trung, trong thời gian lưu trú.{" "}
        <button type="button" onClick={() => window.print()}>
          In các mã QR
        </button>
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="qr-sheet">
        {sites?.map((s) => (
          <figure key={s.code} className="qr-card" data-testid={`qr-${s.code}`}>
            <div className="qr-card__code" dangerouslySetInnerHTML={{ __html: s.svg }} />
            <figcaption>
              <strong>{s.name.vi}</strong>
              <span>Quét mã để nhận cảnh báo thiên tai trong {s.days} ngày</span>
              <span lang="en">Scan for disaster alerts during your stay</span>
              <span lang="zh">扫码接收停留期间的灾害预警</span>
              <span className="muted">{s.code}</span>
            </figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
