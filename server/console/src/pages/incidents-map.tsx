import { useEffect, useState } from "react";

// The operators' map: Web Mercator on an SVG, no internet tiles needed; points from our own
// data (report locations), coloured by state.
export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  tone: "open" | "overdue" | "closed";
  label: string;
}

const W = 640;
const H = 420;
const mx = (lon: number) => (lon + 180) / 360;
const my = (lat: number) => {
  const r = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
};
// Lào Cai province (both former provinces), with a margin.
const BOX = { minLon: 103.45, maxLon: 105.25, minLat: 21.25, maxLat: 22.95 };
const COLORS = { open: "#d9480f", overdue: "#c92a2a", closed: "#2b8a3e" } as const;

interface Commune {
  code: string;
  name: string;
  lat: number | null;
  lon: number | null;
}
let communes: Promise<Commune[]> | undefined;

export function IncidentsMap(props: {
  points: MapPoint[];
  selected?: string | null;
  onSelect: (id: string) => void;
}) {
  const [units, setUnits] = useState<Commune[]>([]);
  useEffect(() => {
    // The communes (public reference data) give the points a place.
    communes ??= fetch("/api/v1/communes")
      .then((r) => r.json() as Promise<{ communes: Commune[] }>)
      .then((b) => b.communes)
      .catch(() => {
        communes = undefined;
        return [];
      });
    void communes.then(setUnits);
  }, []);
  const x0 = mx(BOX.minLon);
  const x1 = mx(BOX.maxLon);
  const y0 = my(BOX.maxLat);
  const y1 = my(BOX.minLat);
  const scale = Math.min(W / (x1 - x0), H / (y1 - y0));
  const sx = (lon: number) => (mx(lon) - x0) * scale;
  const sy = (lat: number) => (my(lat) - y0) * scale;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Bản đồ phản ánh"
      style={{
        width: "100%",
        maxWidth: W,
        background: "#eef3ea",
        border: "1px solid #c9d3de",
        borderRadius: 6,
      }}
    >
      {units.map((u) =>
        u.lat == null || u.lon == null ? null : (
          <circle key={u.code} cx={sx(u.lon)} cy={sy(u.lat)} r={2.5} fill="#8a96a3">
            <title>{u.name}</title>
          </circle>
        ),
      )}
      {props.points.map((p) => (
        <circle
          key={p.id}
          className="incidents-map__report"
          data-id={p.id}
          cx={sx(p.lon)}
          cy={sy(p.lat)}
          r={p.id === props.selected ? 10 : 7}
          fill={COLORS[p.tone]}
          stroke="#fff"
          strokeWidth={1.5}
          style={{ cursor: "pointer" }}
          onClick={() => props.onSelect(p.id)}
        >
          <title>{p.label}</title>
        </circle>
      ))}
    </svg>
  );
}
