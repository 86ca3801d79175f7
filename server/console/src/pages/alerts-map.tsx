// A map of the province drawn from our own commune data (centroids), no tiles: it works
// offline and on an air-gapped server. Used to pick communes and draw a polygon, and to show
// every polygon and circle of a published alert.

export interface Commune {
  code: string;
  name: string;
  type: "xa" | "phuong";
  lat: number | null;
  lon: number | null;
}

// Province bounding box (server/src/alerts/cap.ts PROVINCE_BBOX).
const BOX = { minLon: 103.52, maxLon: 105.1, minLat: 21.32, maxLat: 22.85 };
const W = 520;
const H = Math.round((W * (BOX.maxLat - BOX.minLat)) / (BOX.maxLon - BOX.minLon));
export const toXY = (lat: number, lon: number): [number, number] => [
  ((lon - BOX.minLon) / (BOX.maxLon - BOX.minLon)) * W,
  ((BOX.maxLat - lat) / (BOX.maxLat - BOX.minLat)) * H,
];
const fromXY = (x: number, y: number): [number, number] => [
  Math.round((BOX.maxLat - (y / H) * (BOX.maxLat - BOX.minLat)) * 10000) / 10000,
  Math.round((BOX.minLon + (x / W) * (BOX.maxLon - BOX.minLon)) * 10000) / 10000,
];

export function AlertMap(props: {
  communes: Commune[];
  selected: Set<string>;
  colour: string;
  /** Every polygon ([lat, lon] rings) and circle to draw: all the alert's, or the one being drawn. */
  polygons?: [number, number][][];
  circles?: { lat: number; lon: number; radiusKm: number }[];
  onToggle?: (code: string) => void;
  onMapClick?: (lat: number, lon: number) => void;
  label: string;
}) {
  const { communes, selected, colour, polygons = [], circles = [] } = props;
  // 1° of latitude ≈ 111 km.
  const kmToPx = H / ((BOX.maxLat - BOX.minLat) * 111);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={props.label}
      style={{
        width: "100%",
        maxWidth: W,
        background: "#eef4ea",
        border: "1px solid #ccd",
        cursor: props.onMapClick ? "crosshair" : "default",
      }}
      onClick={(e) => {
        if (!props.onMapClick) return;
        const svg = e.currentTarget;
        const r = svg.getBoundingClientRect();
        const [lat, lon] = fromXY(((e.clientX - r.left) / r.width) * W, ((e.clientY - r.top) / r.height) * H);
        props.onMapClick(lat, lon);
      }}
    >
      {circles.map((circle, i) => (
        <circle
          key={`c${i}`}
          cx={toXY(circle.lat, circle.lon)[0]}
          cy={toXY(circle.lat, circle.lon)[1]}
          r={Math.max(2, circle.radiusKm * kmToPx)}
          fill={colour}
          fillOpacity={0.35}
          stroke="#333"
        />
      ))}
      {polygons
        .filter((ring) => ring.length > 1)
        .map((ring, i) => (
          <polygon
            key={`p${i}`}
            points={ring.map(([la, lo]) => toXY(la, lo).join(",")).join(" ")}
            fill={colour}
            fillOpacity={0.35}
            stroke="#333"
            strokeDasharray="4 2"
          />
        ))}
      {communes
        .filter((c) => c.lat !== null && c.lon !== null)
        .map((c) => {
          const [x, y] = toXY(c.lat!, c.lon!);
          const on = selected.has(c.code);
          return (
            <g
              key={c.code}
              onClick={(e) => {
                if (!props.onToggle) return;
                e.stopPropagation();
                props.onToggle(c.code);
              }}
              style={{ cursor: props.onToggle ? "pointer" : "default" }}
            >
              <title>{`${c.type === "phuong" ? "Phường" : "Xã"} ${c.name} (${c.code})`}</title>
              <circle
                cx={x}
                cy={y}
                r={on ? 7 : 4}
                fill={on ? colour : "#667"}
                stroke={on ? "#222" : "none"}
              />
            </g>
          );
        })}
    </svg>
  );
}
