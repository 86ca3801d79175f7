// Category pictograms drawn here (phones without an emoji font would show empty boxes).
const P = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.8,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

const PATHS: Record<string, JSX.Element> = {
  roads_bridges: (
    <>
      <path d="M3 18h18M5 18v-5M19 18v-5M3 13c3-4 15-4 18 0" {...P} />
      <path d="M9 15l1 1M14 14l2 2" {...P} />
    </>
  ),
  landslide: (
    <>
      <path d="M3 20L10 6l4 6 2-2 5 10z" {...P} />
      <circle cx="15" cy="18" r="1.3" {...P} />
      <circle cx="18.5" cy="15.5" r="1" {...P} />
    </>
  ),
  flooding: (
    <>
      <path d="M12 3s5 5.5 5 9a5 5 0 0 1-10 0c0-3.5 5-9 5-9z" {...P} />
      <path d="M3 20c2-1.5 4-1.5 6 0s4 1.5 6 0 4-1.5 6 0" {...P} />
    </>
  ),
  waste: (
    <>
      <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" {...P} />
      <path d="M10 11v6M14 11v6" {...P} />
    </>
  ),
  pollution: (
    <>
      <path d="M4 20V10l5 3V10l5 3V6h3v14z" {...P} />
      <path d="M16 4c1-1.5 3-1.5 4 0" {...P} />
    </>
  ),
  street_lighting: (
    <>
      <path d="M8 21h4M10 21V6a3 3 0 0 1 3-3h3" {...P} />
      <path d="M14 5h5l-1 3h-3z" {...P} />
      <path d="M16.5 10v1.5M14.5 10.5l-.8 1.2M18.5 10.5l.8 1.2" {...P} />
    </>
  ),
  trees: (
    <>
      <path d="M12 3l6 8h-3l4 5H5l4-5H6z" {...P} />
      <path d="M12 16v5" {...P} />
    </>
  ),
  forest_fire: (
    <>
      <path d="M12 3c1 4 5 5 5 10a5 5 0 0 1-10 0c0-3 2-4 2-7 2 1 3 3 3 5 1-1 1-3 0-8z" {...P} />
    </>
  ),
  public_order: (
    <>
      <path d="M12 3l7 3v5c0 5-3 8-7 10-4-2-7-5-7-10V6z" {...P} />
      <path d="M9 12l2 2 4-4" {...P} />
    </>
  ),
  other: (
    <>
      <circle cx="12" cy="12" r="9" {...P} />
      <path d="M12 8v5M12 16v.5" {...P} />
    </>
  ),
};

export function CategoryIcon(props: { category: string; size?: number }) {
  const s = props.size ?? 36;
  return (
    <svg width={s} height={s} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {PATHS[props.category] ?? PATHS.other}
    </svg>
  );
}

export function PinIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 21s-6-6-6-11a6 6 0 0 1 12 0c0 5-6 11-6 11z" {...P} />
      <circle cx="12" cy="10" r="2" {...P} />
    </svg>
  );
}

export function CameraIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" {...P} />
      <circle cx="12" cy="13" r="3.5" {...P} />
    </svg>
  );
}
