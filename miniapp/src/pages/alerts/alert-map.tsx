import type { AlertArea, Commune } from "./alert-api";

// The alert's area drawn from our own commune data: no map tiles (weak networks, no
// internet in tests). Dots are commune centres; the warned ones take the level's colour,
// the citizen's own places are ringed.

const BOX = { minLon: 103.52, maxLon: 105.1, minLat: 21.32, maxLat: 22.85 };
const W = 320;
const H = Math.round((W * (BOX.maxLat - BOX.minLat)) / (BOX.maxLon - BOX.minLon));
const xy = (lat: number, lon: number) => [
  ((lon - BOX.minLon) / (BOX.maxLon - BOX.minLon)) * W,
  ((BOX.maxLat - lat) / (BOX.maxLat - BOX.minLat)) * H,
];

export function AlertMap(props: {
  communes: Commune[];
  areas: AlertArea[];
  colour: string;
  mine: string[];
  label: string;
}) {
  const warned = new Set(props.areas.flatMap((a) => a.units));
  const mine = new Set(props.mine);
  const kmToPx = H / ((BOX.maxLat - BOX.minLat) * 111);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={props.label}
      style={{ width: "100%", background: "#eef4ea", borderRadius: 8, border: "1px solid #c8d0c0" }}
    >
      {props.areas.flatMap((a, i) => [
        ...a.polygons.map((ring, k) => (
          <polygon
            key={`p${i}.${k}`}
            points={ring.map(([la, lo]) => xy(la, lo).join(",")).join(" ")}
            fill={props.colour}
            fillOpacity={0.4}
            stroke="#333"
          />
        )),
        ...a.circles.map((c, k) => (
          <circle
            key={`c${i}.${k}`}
            cx={xy(c.lat, c.lon)[0]}
            cy={xy(c.lat, c.lon)[1]}
            r={Math.max(3, c.radiusKm * kmToPx)}
            fill={props.colour}
            fillOpacity={0.4}
            stroke="#333"
          />
        )),
      ])}
      {props.communes
        .filter((c) => c.lat !== null && c.lon !== null)
        .map((c) => {
          const [x, y] = xy(c.lat!, c.lon!);
          const hit = warned.has(c.code);
          return (
            <g key={c.code}>
              {mine.has(c.code) && (
                <circle cx={x} cy={y} r={9} fill="none" stroke="#0b57d0" strokeWidth={2.5} />
              )}
              <circle
                cx={x}
                cy={y}
                r={hit ? 5.5 : 2.5}
                fill={hit ? props.colour : "#8a9388"}
                stroke={hit ? "#222" : "none"}
              />
            </g>
          );
        })}
    </svg>
  );
}
