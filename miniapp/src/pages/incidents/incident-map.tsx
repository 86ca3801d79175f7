import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { loadMapConfig, type MapConfig } from "./incidents-api";

// A map that needs no internet tiles: Web Mercator on an SVG, the communes drawn as points
// from our own /api/v1/communes. A tile server configured on the server (MAP_TILE_URL, from
// /api/v1/map) adds a background where tiles can be reached. A thumb moves it: drag to pan,
// pinch or the + and − buttons to zoom, the arrows to pan one step; a tap sets the pin
// (when the page asks for one). Reports close together at this zoom are one numbered
// circle; tapping it zooms in there.

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

const W = 360;
const H = 300;
const MIN_ZOOM = 7;
const MAX_ZOOM = 16;
const PROVINCE_CENTER = { lat: 22.05, lon: 104.35 };
/** Screen pixels a finger may move and still count as a tap. */
const TAP_SLOP = 8;
/** Markers closer than this on screen are drawn as one cluster. */
const CLUSTER_PX = 26;
const PAN_STEP = 80;

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

interface Cluster {
  key: string;
  x: number;
  y: number;
  markers: MapMarker[];
}

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
  const [tilesFrom, setTilesFrom] = useState<MapConfig>({ tileUrl: null, attribution: null });
  const svg = useRef<SVGSVGElement>(null);
  // Fingers on the map: where each went down and is now, in SVG units.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  // What a gesture is so far; `on` is the marker or cluster it started on (the pointer is
  // captured by the map, so the end of a tap no longer names it).
  const gesture = useRef<{ moved: boolean; pinch: number | null; on: string | null }>({
    moved: false,
    pinch: null,
    on: null,
  });

  useEffect(() => {
    loadMapConfig()
      .then(setTilesFrom)
      .catch(() => undefined); // our own data is enough
  }, []);
  // A pin set from outside (the phone's position) brings the map to it.
  const pinLat = props.pin?.lat;
  const pinLon = props.pin?.lon;
  useEffect(() => {
    if (pinLat !== undefined && pinLon !== undefined) setCenter({ lat: pinLat, lon: pinLon });
  }, [pinLat, pinLon]);

  const cx = worldX(center.lon, zoom);
  const cy = worldY(center.lat, zoom);
  const sx = (lon: number) => worldX(lon, zoom) - cx + W / 2;
  const sy = (lat: number) => worldY(lat, zoom) - cy + H / 2;

  const tiles = useMemo(() => {
    const url = tilesFrom.tileUrl;
    if (!url) return [];
    const out: { key: string; x: number; y: number; href: string }[] = [];
    const n = 2 ** zoom;
    for (let tx = Math.floor((cx - W / 2) / 256); tx <= Math.floor((cx + W / 2) / 256); tx++)
      for (let ty = Math.floor((cy - H / 2) / 256); ty <= Math.floor((cy + H / 2) / 256); ty++) {
        if (ty < 0 || ty >= n) continue;
        const href = url
          .replace("{z}", String(zoom))
          .replace("{x}", String(((tx % n) + n) % n))
          .replace("{y}", String(ty));
        out.push({ key: `${tx}/${ty}`, x: tx * 256 - cx + W / 2, y: ty * 256 - cy + H / 2, href });
      }
    return out;
  }, [cx, cy, zoom, tilesFrom.tileUrl]);

  // Markers near each other on screen become one cluster (a grid of CLUSTER_PX cells).
  const clusters = useMemo(() => {
    const cells = new Map<string, Cluster>();
    for (const m of props.markers ?? []) {
      const x = worldX(m.lon, zoom);
      const y = worldY(m.lat, zoom);
      const key = `${Math.floor(x / CLUSTER_PX)}:${Math.floor(y / CLUSTER_PX)}`;
      const c = cells.get(key);
      if (c) c.markers.push(m);
      else cells.set(key, { key, x, y, markers: [m] });
    }
    return [...cells.values()];
  }, [props.markers, zoom]);

  const toSvg = (clientX: number, clientY: number) => {
    const box = svg.current!.getBoundingClientRect();
    return { x: ((clientX - box.left) / box.width) * W, y: ((clientY - box.top) / box.height) * H };
  };
  const pan = (dx: number, dy: number) =>
    setCenter((c) => {
      const x = worldX(c.lon, zoom) - dx;
      const y = worldY(c.lat, zoom) - dy;
      return { lat: latOf(y, zoom), lon: lonOf(x, zoom) };
    });
  const zoomBy = (d: number) => setZoom((z) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z + d)));

  function down(e: React.PointerEvent<SVGSVGElement>) {
    const on = (e.target as Element).closest?.("[data-cluster]")?.getAttribute("data-cluster") ?? null;
    svg.current?.setPointerCapture?.(e.pointerId);
    pointers.current.set(e.pointerId, toSvg(e.clientX, e.clientY));
    gesture.current = {
      moved: pointers.current.size > 1,
      pinch: pointers.current.size === 2 ? spread() : null,
      on,
    };
  }
  function spread() {
    const [a, b] = [...pointers.current.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : null;
  }
  function move(e: React.PointerEvent<SVGSVGElement>) {
    const last = pointers.current.get(e.pointerId);
    if (!last) return;
    const now = toSvg(e.clientX, e.clientY);
    pointers.current.set(e.pointerId, now);
    if (pointers.current.size === 2) {
      // Pinch: a whole step of zoom each time the fingers are 1.6× further apart (or closer).
      const d = spread();
      const from = gesture.current.pinch;
      if (d && from) {
        if (d / from > 1.6) zoomBy(1);
        else if (from / d > 1.6) zoomBy(-1);
        else return;
        gesture.current.pinch = d;
      }
      return;
    }
    const dx = now.x - last.x;
    const dy = now.y - last.y;
    if (!gesture.current.moved && Math.hypot(dx, dy) < TAP_SLOP / 2) {
      pointers.current.set(e.pointerId, last); // small wobble: still a tap
      return;
    }
    gesture.current.moved = true;
    pan(dx, dy);
  }
  function up(e: React.PointerEvent<SVGSVGElement>) {
    const at = pointers.current.get(e.pointerId);
    pointers.current.delete(e.pointerId);
    if (!at || gesture.current.moved || pointers.current.size > 0) return;
    // A tap: the marker or cluster under it, else a pin where the page takes one.
    if (gesture.current.on) return openCluster(gesture.current.on);
    if (!props.onPick) return;
    const p = { lat: latOf(at.y - H / 2 + cy, zoom), lon: lonOf(at.x - W / 2 + cx, zoom) };
    setCenter(p);
    props.onPick(p.lat, p.lon);
  }
  function openCluster(key: string) {
    const c = clusters.find((x) => x.key === key);
    if (!c) return;
    if (c.markers.length === 1 || zoom >= MAX_ZOOM) return props.onMarker?.(c.markers[0]!.id);
    setCenter({ lat: latOf(c.y, zoom), lon: lonOf(c.x, zoom) });
    zoomBy(2);
  }

  return (
    <div className="incident-map">
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t("incidents.mapLabel")}
        data-testid="incident-map"
        data-zoom={zoom}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={(e) => pointers.current.delete(e.pointerId)}
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
        {clusters.map((c) => {
          const x = c.x - cx + W / 2;
          const y = c.y - cy + H / 2;
          if (x < -20 || y < -20 || x > W + 20 || y > H + 20) return null;
          if (c.markers.length === 1) {
            const m = c.markers[0]!;
            return (
              <circle
                key={c.key}
                data-cluster={c.key}
                className={`incident-map__marker ${m.open ? "is-open" : "is-closed"}`}
                cx={x}
                cy={y}
                r={7}
              >
                <title>{m.label}</title>
              </circle>
            );
          }
          const open = c.markers.some((m) => m.open);
          return (
            <g
              key={c.key}
              data-cluster={c.key}
              className={`incident-map__cluster ${open ? "is-open" : "is-closed"}`}
            >
              <circle cx={x} cy={y} r={c.markers.length >= 100 ? 16 : 13} />
              <text x={x} y={y + 4} textAnchor="middle">
                {c.markers.length}
              </text>
              <title>{t("incidents.clusterLabel", { count: c.markers.length })}</title>
            </g>
          );
        })}
        {props.pin ? (
          <g className="incident-map__pin" data-testid="map-pin">
            <path d={`M${sx(props.pin.lon)},${sy(props.pin.lat)} l-9,-20 a10,10 0 1,1 18,0 z`} />
            <circle cx={sx(props.pin.lon)} cy={sy(props.pin.lat) - 23} r={4} fill="#fff" />
          </g>
        ) : null}
      </svg>
      <div className="incident-map__zoom">
        <button type="button" aria-label={t("incidents.zoomIn")} onClick={() => zoomBy(1)}>
          +
        </button>
        <button type="button" aria-label={t("incidents.zoomOut")} onClick={() => zoomBy(-1)}>
          −
        </button>
      </div>
      <div className="incident-map__pan">
        <button type="button" aria-label={t("incidents.panUp")} onClick={() => pan(0, PAN_STEP)}>
          ↑
        </button>
        <button type="button" aria-label={t("incidents.panLeft")} onClick={() => pan(PAN_STEP, 0)}>
          ←
        </button>
        <button type="button" aria-label={t("incidents.panRight")} onClick={() => pan(-PAN_STEP, 0)}>
          →
        </button>
        <button type="button" aria-label={t("incidents.panDown")} onClick={() => pan(0, -PAN_STEP)}>
          ↓
        </button>
      </div>
      {tiles.length && tilesFrom.attribution ? (
        <small className="incident-map__attribution">{tilesFrom.attribution}</small>
      ) : null}
    </div>
  );
}
