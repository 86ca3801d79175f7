import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

// A map that needs no internet tiles: Web Mercator on an SVG, the communes drawn as points
// from our own /api/v1/communes. A tile URL ({z}/{x}/{y}) set at build time
// (VITE_MAP_TILE_URL) adds a background where tiles can be reached.

export interface CommunePoint {
  code: string;
  name: string;
  lat: number | null;
  lon: number | null;
}
export interface MapMarker {
  id: string;
  lat: number;
  lon: number;
  open: boolean;
  label: string;
}

const TILE_URL: string = (import.meta.env as Record<string, string | undefined>).VITE_MAP_TILE_URL ?? "";
const W = 360;
const H = 300;
const MIN_ZOOM = 7;
const MAX_ZOOM = 16;
const PROVINCE_CENTER = { lat: 22.05, lon: 104.35 };

const worldX = (lon: number, z: number) => ((lon + 180) / 360) * 256 * 2 ** z;
const worldY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 256 * 2 ** z;
};
const lonOf = (x: number, z: number) => (x / (256 * 2 ** z)) * 360 - 180;
const latOf = (y: number, z: number) => {
  const n = Math.PI - (2 * Math.PI * y) / (256 * 2 ** z);
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
};

export function IncidentMap(props: {
  communes: CommunePoint[];
  markers?: MapMarker[];
  pin?: { lat: number; lon: number } | null;
  onPick?: (lat: number, lon: number) => void;
  onMarker?: (id: string) => void;
  initialZoom?: number;
}) {
  const { t } = useTranslation();
  const [zoom, setZoom] = useState(props.initialZoom ?? 8);
  const [center, setCenter] = useState(props.pin ?? PROVINCE_CENTER);
  const svg = useRef<SVGSVGElement>(null);
  const cx = worldX(center.lon, zoom);
  const cy = worldY(center.lat, zoom);
  const sx = (lon: number) => worldX(lon, zoom) - cx + W / 2;
  const sy = (lat: number) => worldY(lat, zoom) - cy + H / 2;

  const tiles = useMemo(() => {
    if (!TILE_URL) return [];
    const out: { key: string; x: number; y: number; href: string }[] = [];
    const n = 2 ** zoom;
    for (let tx = Math.floor((cx - W / 2) / 256); tx <= Math.floor((cx + W / 2) / 256); tx++)
      for (let ty = Math.floor((cy - H / 2) / 256); ty <= Math.floor((cy + H / 2) / 256); ty++) {
        if (ty < 0 || ty >= n) continue;
        const href = TILE_URL.replace("{z}", String(zoom))
          .replace("{x}", String(((tx % n) + n) % n))
          .replace("{y}", String(ty));
        out.push({ key: `${tx}/${ty}`, x: tx * 256 - cx + W / 2, y: ty * 256 - cy + H / 2, href });
      }
    return out;
  }, [cx, cy, zoom]);

  function pick(e: React.MouseEvent<SVGSVGElement>) {
    if (!props.onPick || !svg.current) return;
    const box = svg.current.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * W - W / 2 + cx;
    const y = ((e.clientY - box.top) / box.height) * H - H / 2 + cy;
    const p = { lat: latOf(y, zoom), lon: lonOf(x, zoom) };
    setCenter(p);
    props.onPick(p.lat, p.lon);
  }

  return (
    <div className="incident-map">
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t("incidents.mapLabel")}
        data-testid="incident-map"
        onClick={pick}
      >
        <rect width={W} height={H} className="incident-map__bg" />
        {tiles.map((tile) => (
          <image key={tile.key} href={tile.href} x={tile.x} y={tile.y} width={256} height={256} />
        ))}
        {props.communes.map((c) =>
          c.lat == null || c.lon == null ? null : (
            <g key={c.code} className="incident-map__commune">
              <circle cx={sx(c.lon)} cy={sy(c.lat)} r={zoom >= 10 ? 4 : 2} />
              {zoom >= 10 ? (
                <text x={sx(c.lon) + 6} y={sy(c.lat) + 4}>
                  {c.name}
                </text>
              ) : null}
            </g>
          ),
        )}
        {props.markers?.map((m) => (
          <circle
            key={m.id}
            className={`incident-map__marker ${m.open ? "is-open" : "is-closed"}`}
            cx={sx(m.lon)}
            cy={sy(m.lat)}
            r={7}
            onClick={(e) => {
              e.stopPropagation();
              props.onMarker?.(m.id);
            }}
          >
            <title>{m.label}</title>
          </circle>
        ))}
        {props.pin ? (
          <g className="incident-map__pin" data-testid="map-pin">
            <path d={`M${sx(props.pin.lon)},${sy(props.pin.lat)} l-9,-20 a10,10 0 1,1 18,0 z`} />
            <circle cx={sx(props.pin.lon)} cy={sy(props.pin.lat) - 23} r={4} fill="#fff" />
          </g>
        ) : null}
      </svg>
      <div className="incident-map__zoom">
        <button
          type="button"
          aria-label={t("incidents.zoomIn")}
          onClick={() => setZoom((z) => Math.min(MAX_ZOOM, z + 1))}
        >
          +
        </button>
        <button
          type="button"
          aria-label={t("incidents.zoomOut")}
          onClick={() => setZoom((z) => Math.max(MIN_ZOOM, z - 1))}
        >
          −
        </button>
      </div>
    </div>
  );
}
