/**
 * Inline SVG icons. zmp-ui's <Icon> needs a font from h5.zadn.vn, which must not load here.
 * Icons are decorative: every one sits next to a text label.
 */
import type { ReactNode } from "react";

interface IconProps {
  size?: number;
  className?: string;
}

function Svg({ size = 24, className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={className}
    >
      {children}
    </svg>
  );
}

export type IconComponent = (props: IconProps) => ReactNode;

export const ProceduresIcon: IconComponent = (p) => (
  <Svg {...p}>
    <rect x="5" y="3" width="14" height="18" rx="2" />
    <path d="M9 3h6v3H9zM8.5 11h7M8.5 14.5h7M8.5 18h4" />
  </Svg>
);

export const DossiersIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
    <path d="M8.5 13.5l2.5 2.5 4.5-4.5" />
  </Svg>
);

export const ReportsIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M4 8a2 2 0 0 1 2-2h2l1.5-2h5L16 6h2a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z" />
    <circle cx="12" cy="13" r="3.5" />
  </Svg>
);

export const AlertsIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M10.3 3.9L2.4 17.6A2 2 0 0 0 4.1 20.6h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
    <path d="M12 9.5v4.5M12 17.2v.1" />
  </Svg>
);

export const PaymentsIcon: IconComponent = (p) => (
  <Svg {...p}>
    <rect x="2.5" y="5" width="19" height="14" rx="2" />
    <path d="M2.5 9.5h19M6 15h4" />
  </Svg>
);

export const HomeIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M3 10.5L12 3l9 7.5" />
    <path d="M5.5 9v11h13V9M10 20v-6h4v6" />
  </Svg>
);

export const SettingsIcon: IconComponent = (p) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    <circle cx="12" cy="12" r="6.5" />
  </Svg>
);

export const GlobeIcon: IconComponent = (p) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
  </Svg>
);

export const ArrowLeftIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M19 12H5M11 5l-7 7 7 7" />
  </Svg>
);

export const ChevronRightIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M9 5l7 7-7 7" />
  </Svg>
);

export const OfflineIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 12.9a10 10 0 0 1 5-2.7M19 12.9a10 10 0 0 0-2.2-1.6M2 9.5a15 15 0 0 1 4.4-2.8M22 9.5A15 15 0 0 0 11 5.1M12 20v.1" />
  </Svg>
);

export const PhoneIcon: IconComponent = (p) => (
  <Svg {...p}>
    <path d="M5 3h3.5l1.8 4.5-2.3 1.4a11 11 0 0 0 7.1 7.1l1.4-2.3L21 15.5V19a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z" />
  </Svg>
);

export const PortalEmblem: IconComponent = (p) => (
  <Svg {...p}>
    {/* A plain public-building mark; the national emblem is not reproduced at this size. */}
    <path d="M3 9.5L12 4l9 5.5H3zM5 20.5h14M6 10.5v7.5M10 10.5v7.5M14 10.5v7.5M18 10.5v7.5" />
  </Svg>
);

export const CheckIcon: IconComponent = (p) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8 12.5l2.7 2.7L16 9.8" />
  </Svg>
);

export const InfoIcon: IconComponent = (p) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5.5M12 7.8v.1" />
  </Svg>
);
