import {
  AlertsIcon,
  DossiersIcon,
  PaymentsIcon,
  ProceduresIcon,
  ReportsIcon,
  type IconComponent,
} from "./components/icons";

export type SectionId = "procedures" | "dossiers" | "reports" | "alerts" | "payments";

export interface Section {
  id: SectionId;
  path: `/${SectionId}`;
  icon: IconComponent;
}

/** The five services on the home page, in display order. Titles live in i18n: sections.<id>. */
export const SECTIONS: readonly Section[] = [
  { id: "procedures", path: "/procedures", icon: ProceduresIcon },
  { id: "dossiers", path: "/dossiers", icon: DossiersIcon },
  { id: "reports", path: "/reports", icon: ReportsIcon },
  { id: "alerts", path: "/alerts", icon: AlertsIcon },
  { id: "payments", path: "/payments", icon: PaymentsIcon },
];
